// xargs [-0rtx] [-d DELIM] [-n MAX-ARGS] [-L MAX-LINES] [-I REPLACE] [-s MAX-CHARS] [-E EOF] [-a FILE]
// [-P N] [COMMAND [INITIAL-ARGS]...]: builds command lines from standard input (blank-separated words with
// '...' "..." and \ quoting, or lines, or NUL/DELIM-separated items) and runs them (default echo).
// Status 0; 123 when a command exited 1-125; 124 when one exited 255 (xargs stops); 125 when one was
// killed by a signal; 126 cannot run; 127 not found; 1 for bad input or options.
import { readAll, open, close, dprintf } from '../user/libc.js';
import { O_RDONLY } from '../uapi/fcntl.js';
import { warn, warnx } from '../user/util/err.js';
import { run } from './lib/run.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'xargs [-0rtx] [-d DELIM] [-n MAX-ARGS] [-L MAX-LINES] [-I REPLACE] [-s MAX-CHARS] [-E EOF] [-a FILE] [COMMAND [INITIAL-ARGS]...]';
const HELP = `Runs COMMAND (default echo) with INITIAL-ARGS and arguments read from standard input.
  -0, --null       items are separated by NUL characters, no quoting
  -d DELIM         items are separated by DELIM, no quoting
  -a FILE          read the items from FILE
  -n MAX-ARGS      at most MAX-ARGS arguments per command line
  -L MAX-LINES     at most MAX-LINES non-blank input lines per command line
  -I REPLACE       one command per line, REPLACE in INITIAL-ARGS replaced by the line (-i: {})
  -s MAX-CHARS     at most MAX-CHARS characters per command line
  -E EOF           stop at the word EOF
  -r, --no-run-if-empty   do not run COMMAND when the input is empty
  -t, --verbose    print each command line on standard error before running it
  -x, --exit       exit when a command line does not fit -s
  -P N             accepted; commands run one at a time`;

export class XargsError extends Error {}

/** The items of blank-separated input with quotes, grouped by input line (for -L). Exported for tests. */
export function splitWords(text: string, eof?: string): { words: string[]; lines: string[][] } {
  const words: string[] = [];
  const lines: string[][] = [];
  let cur: string[] = [];
  let w = '';
  let inWord = false;
  let i = 0;
  const end = () => {
    if (inWord) {
      if (eof !== undefined && w === eof) return false;
      words.push(w);
      cur.push(w);
    }
    w = '';
    inWord = false;
    return true;
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const j = text.indexOf(c, i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (j < 0 || (nl >= 0 && nl < j)) {
        throw new XargsError(`unmatched ${c === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option`);
      }
      w += text.slice(i + 1, j);
      inWord = true;
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      w += text[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      const blankEnd = c !== '\n' ? false : true;
      if (!end()) return { words, lines: cur.length ? [...lines, cur] : lines };
      // A line ending in a blank continues onto the next one (-L).
      if (blankEnd && !(i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t'))) {
        if (cur.length) lines.push(cur);
        cur = [];
      }
    } else {
      w += c;
      inWord = true;
    }
  }
  if (end() && cur.length) lines.push(cur);
  else if (cur.length) lines.push(cur);
  return { words, lines };
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, HELP);
  let delim: string | null = null;
  let maxArgs = Infinity, maxLines = 0, maxChars = 131072;
  let replace: string | null = null;
  let noEmpty = false, verbose = false, exitOnSize = false;
  let eof: string | undefined;
  let file: string | null = null;
  const bad = (msg: string) => {
    warnx('xargs', `${msg}\nUsage: ${SYNOPSIS}`);
    return 1;
  };
  const num = (v: string): number | null => (/^\d+$/.test(v) && Number(v) > 0 ? Number(v) : null);
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '--null') {
      delim = '\0';
      continue;
    }
    if (a === '--no-run-if-empty') {
      noEmpty = true;
      continue;
    }
    if (a === '--verbose') {
      verbose = true;
      continue;
    }
    if (a.startsWith('--')) return bad(`unrecognized option '${a}'`);
    if (a.length < 2 || a[0] !== '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if ('0rtxp'.includes(c)) {
        if (c === '0') delim = '\0';
        else if (c === 'r') noEmpty = true;
        else if (c === 't') verbose = true;
        else if (c === 'x') exitOnSize = true;
        else return bad("-p (interactive) is not supported");
        continue;
      }
      if (c === 'i' && j === a.length - 1) {
        replace = '{}';
        continue;
      }
      if (!'dnLIsEaPi'.includes(c)) return bad(`invalid option -- '${c}'`);
      const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
      if (v === undefined) return bad(`option requires an argument -- '${c}'`);
      if (c === 'd') {
        const esc: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\0': '\0', '\\\\': '\\' };
        delim = esc[v] ?? v;
        if ([...delim].length !== 1) return bad(`invalid input delimiter specification ${v}: the delimiter must be a single character`);
      } else if (c === 'I' || c === 'i') replace = v;
      else if (c === 'E') eof = v;
      else if (c === 'a') file = v;
      else if (c === 'P') void 0;
      else {
        const n = num(v);
        if (n === null) return bad(`invalid number "${v}" for -${c} option`);
        if (c === 'n') maxArgs = n;
        else if (c === 'L') maxLines = n;
        else maxChars = n;
      }
      break;
    }
  }
  const cmd = argv.slice(i);
  if (!cmd.length) cmd.push('echo');
  let data: Uint8Array | null;
  if (file !== null) {
    const fd = open(file, O_RDONLY);
    if (fd < 0) {
      warn('xargs', `cannot open input file '${file}'`);
      return 1;
    }
    data = readAll(fd);
    close(fd);
  } else data = readAll(0);
  if (!data) {
    warn('xargs', 'read error');
    return 1;
  }
  const text = new TextDecoder().decode(data);
  // The command lines to run, as argument lists appended to (or replacing in) the command.
  let groups: string[][];
  try {
    if (replace !== null) {
      const lines = (delim !== null ? text.split(delim) : text.split('\n')).map((l) => (delim !== null ? l : l.replace(/^[ \t]+/, '')));
      if (lines[lines.length - 1] === '') lines.pop();
      const stop = eof !== undefined ? lines.indexOf(eof) : -1;
      groups = (stop >= 0 ? lines.slice(0, stop) : lines).filter((l) => l !== '' || delim !== null).map((l) => [l]);
    } else if (delim !== null) {
      const items = text.split(delim);
      if (items[items.length - 1] === '') items.pop();
      groups = chunk(items, maxArgs);
    } else {
      const { words, lines } = splitWords(text, eof);
      if (maxLines) {
        groups = [];
        for (let k = 0; k < lines.length; k += maxLines) groups.push(lines.slice(k, k + maxLines).flat());
      } else groups = chunk(words, maxArgs);
    }
  } catch (e) {
    if (e instanceof XargsError) {
      warnx('xargs', e.message);
      return 1;
    }
    throw e;
  }
  // Respect the size limit by splitting groups further.
  const base = cmd.reduce((n, a) => n + a.length + 1, 0);
  if (replace === null) {
    const sized: string[][] = [];
    for (const g of groups) {
      let cur: string[] = [];
      let len = base;
      for (const a of g) {
        if (base + a.length + 1 > maxChars) {
          warnx('xargs', 'argument line too long');
          return 1;
        }
        if (cur.length && len + a.length + 1 > maxChars) {
          if (exitOnSize) {
            warnx('xargs', 'argument list too long');
            return 1;
          }
          sized.push(cur);
          cur = [];
          len = base;
        }
        cur.push(a);
        len += a.length + 1;
      }
      if (cur.length) sized.push(cur);
    }
    groups = sized;
  }
  if (!groups.length && !noEmpty && replace === null) groups = [[]];
  let status = 0;
  for (const g of groups) {
    const line = replace !== null ? cmd.map((a) => a.split(replace!).join(g[0])) : [...cmd, ...g];
    if (verbose) dprintf(2, line.join(' ') + '\n');
    const r = run(line);
    if (r.t === 'failed') {
      warnx('xargs', r.msg);
      return r.code;
    }
    if (r.t === 'signal') {
      warnx('xargs', `${line[0]}: terminated by signal ${r.sig}`);
      return 125;
    }
    if (r.code === 255) {
      warnx('xargs', `${line[0]}: exited with status 255; aborting`);
      return 124;
    }
    if (r.code !== 0) status = 123;
  }
  return status;
}

function chunk(items: string[], n: number): string[][] {
  if (n === Infinity) return items.length ? [items] : [];
  const out: string[][] = [];
  for (let k = 0; k < items.length; k += n) out.push(items.slice(k, k + n));
  return out;
}
