// grep [-vciqnlFEw] PATTERN [FILE...]: lines matching a POSIX basic (or -E extended) regular expression,
// or a fixed string with -F. Status 0 when something matched, 1 when nothing did, 2 on error.
import { writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warnx } from '../user/util/err.js';
import { openInput, closeInput, readLines, inputs } from '../user/util/input.js';
import { regexSource, literalSource } from './lib/regex.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'grep [-vciqnlFEwh] [-e PATTERN] PATTERN [FILE]...';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) {
    return help(SYNOPSIS, 'Searches each FILE (or standard input) for lines matching PATTERN, a basic regular expression.\n' +
      '  -E extended regular expression   -F fixed string   -i ignore case   -v non-matching lines\n' +
      '  -w whole words   -c count   -l file names   -q quiet   -n line numbers   -H/-h with/without file names');
  }
  const r = getopt(argv, 'vciqnlFEGwhHse:');
  if (typeof r === 'string') {
    warnx('grep', `${r}\nUsage: ${SYNOPSIS}`);
    return 2;
  }
  const o = (c: string) => r.opts.has(c);
  const ops = [...r.operands];
  // Each -e is a pattern, as is each line of one; a line matches if any pattern does.
  const given = r.values.get('e') ?? (ops.length ? [ops.shift()!] : []);
  if (!given.length) {
    warnx('grep', `missing pattern\nUsage: ${SYNOPSIS}`);
    return 2;
  }
  const patterns = given.flatMap((p) => p.split('\n'));
  const pattern = patterns.join('\n');
  let src: string;
  try {
    const one = (p: string) => (o('F') ? literalSource(p) : regexSource(p, { ere: o('E') }));
    src = patterns.length === 1 ? one(patterns[0]) : patterns.map((p) => `(?:${one(p)})`).join('|');
  } catch (e) {
    warnx('grep', `${(e as Error).message}: ${pattern}`);
    return 2;
  }
  if (o('w')) src = `(?<![\\w])(?:${src})(?![\\w])`;
  let re: RegExp;
  try {
    re = new RegExp(src, o('i') ? 'i' : '');
  } catch {
    warnx('grep', `invalid regular expression: ${pattern}`);
    return 2;
  }
  const files = inputs(ops);
  const prefix = (files.length > 1 || o('H')) && !o('h');
  let matched = false, error = false;
  let out = '';
  const flush = () => {
    if (out) writeAll(1, out);
    out = '';
  };
  for (const name of files) {
    const fd = openInput('grep', name);
    if (fd < 0) {
      error = true;
      continue;
    }
    let count = 0, n = 0;
    const label = name === '-' ? '(standard input)' : name;
    const rc = readLines(fd, (line) => {
      n++;
      if (re.test(line) === o('v')) return true;
      matched = true;
      count++;
      if (o('q')) return false;
      if (o('l')) return false;
      if (!o('c')) out += `${prefix ? label + ':' : ''}${o('n') ? n + ':' : ''}${line}\n`;
      if (out.length > 32768) flush();
      return true;
    });
    closeInput(fd);
    if (rc < 0) {
      warnx('grep', `${name}: read error`);
      error = true;
    }
    if (o('q') && matched) return 0;
    if (o('l') && count) out += `${label}\n`;
    else if (o('c')) out += `${prefix ? label + ':' : ''}${count}\n`;
  }
  flush();
  return error && !(o('q') && matched) ? 2 : matched ? 0 : 1;
}
