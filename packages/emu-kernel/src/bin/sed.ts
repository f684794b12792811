// sed [-nEsiu] [-e SCRIPT]... [-f FILE]... [SCRIPT] [FILE]...: the stream editor. Addresses (N, $, /RE/,
// \cREc, FIRST~STEP, A,B A,+N A,~N 0,/RE/, !), commands s y p P d D n N g G h H x a i c = l q Q r w b t T
// : { } z F #, s flags g p N i w; POSIX basic regular expressions (-E extended) with the GNU extensions.
// Status 0, 1 for a bad script, 2 when an input could not be read, 4 for an output error; q/Q N exit N.
import { writeAll, open, close, isatty, readFile } from '../user/libc.js';
import { O_WRONLY, O_CREAT, O_TRUNC } from '../uapi/fcntl.js';
import { warnx, warn } from '../user/util/err.js';
import { inputs } from '../user/util/input.js';
import { compileRegex } from './lib/regex.js';
import { LineReader } from './lib/lines.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'sed [-nEsiu] [-e SCRIPT]... [-f SCRIPT-FILE]... [SCRIPT] [FILE]...';
const HELP = `Edits each line of the FILEs (or standard input) by the SCRIPT and writes the result.
  -n          print only what p, P, l, = and s///p ask for
  -e SCRIPT   add SCRIPT to the commands (may be repeated)
  -f FILE     add the commands in FILE
  -E, -r      extended regular expressions
  -i          edit the files in place
  -s          treat the files as separate streams
  -u          flush the output after every line
Commands: s/RE/REPLACEMENT/FLAGS (flags g p N i w FILE), y/SRC/DST/, p P d D n N g G h H x z
  a TEXT, i TEXT, c TEXT, =, l, q [N], Q [N], r FILE, w FILE, b LABEL, t LABEL, T LABEL, :LABEL, { ... }
Addresses: N, $, /RE/, \\cREc, FIRST~STEP, ADDR1,ADDR2, ADDR1,+N, ADDR1,~N, 0,/RE/, ADDR!`;

type Addr =
  | { t: 'line'; n: number }
  | { t: 'last' }
  | { t: 're'; re: RegExp | null }
  | { t: 'step'; first: number; step: number }
  | { t: 'rel'; n: number }
  | { t: 'mult'; n: number };

type Repl = { t: 'lit'; s: string } | { t: 'grp'; n: number } | { t: 'case'; c: 'U' | 'L' | 'E' | 'u' | 'l' };

interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  name: string;
  /** Range state. */
  active: boolean;
  end: number;
  /** {: index of the matching }, b/t/T: target index (-1 = end of script). */
  jump: number;
  label: string;
  text: string;
  re?: RegExp | null;
  repl?: Repl[];
  global?: boolean;
  nth?: number;
  print?: boolean;
  wfd?: number;
  map?: Map<string, string>;
  code?: number;
}

export class ScriptError extends Error {}

/** Parses a sed script into commands (exported for the tests). */
export function parseScript(script: string, ere: boolean, openW: (name: string) => number = () => -1): Cmd[] {
  const s = script;
  let i = 0;
  const cmds: Cmd[] = [];
  const blocks: number[] = [];
  const fail = (msg: string): never => {
    throw new ScriptError(`-e expression #1, char ${i}: ${msg}`);
  };
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const regex = (src: string, flags: string): RegExp | null => {
    if (src === '') return null;
    const r = compileRegex(src, { ere, icase: flags.includes('i') });
    return typeof r === 'string' ? fail(r) : r;
  };
  /** Text up to an unescaped `delim`; \delim becomes the delimiter itself, \n a newline. */
  const delimited = (delim: string, what: string, isRe: boolean): string => {
    let out = '';
    for (;;) {
      if (i >= s.length) fail(`unterminated ${what}`);
      const c = s[i];
      if (c === '\\' && i + 1 < s.length) {
        const n = s[i + 1];
        i += 2;
        if (n === delim) out += isRe && /[.*[\]^$+?(){}|]/.test(n) ? `[${n}]`.replace('[^]', '\\^') : delim === '&' ? '\\&' : n;
        else if (n === 'n' && !isRe) out += '\\n';
        else if (n === '\n') out += isRe ? '\\n' : '\n';
        else out += '\\' + n;
        continue;
      }
      if (isRe && c === '[') {
        // A bracket expression may hold the delimiter.
        let j = i + 1;
        if (s[j] === '^') j++;
        if (s[j] === ']') j++;
        while (j < s.length && s[j] !== ']') {
          if (s[j] === '[' && ':.='.includes(s[j + 1] ?? '')) {
            const e = s.indexOf(s[j + 1] + ']', j + 2);
            j = e < 0 ? s.length : e + 2;
          } else j++;
        }
        if (j < s.length) {
          out += s.slice(i, j + 1);
          i = j + 1;
          continue;
        }
      }
      if (c === '\n' && !isRe && what !== "`y' command") {
        out += '\n';
        i++;
        continue;
      }
      if (c === delim) {
        i++;
        return out;
      }
      out += c;
      i++;
    }
  };
  const number = (): number => {
    const m = /^\d+/.exec(s.slice(i));
    if (!m) return fail('expected a number');
    i += m[0].length;
    return Number(m[0]);
  };
  const address = (second: boolean): Addr | undefined => {
    const c = s[i];
    if (c === undefined) return undefined;
    if (/\d/.test(c)) {
      const n = number();
      if (s[i] === '~' && !second) {
        i++;
        const step = /\d/.test(s[i] ?? '') ? number() : 0;
        return { t: 'step', first: n, step };
      }
      return { t: 'line', n };
    }
    if (c === '$') {
      i++;
      return { t: 'last' };
    }
    if (second && (c === '+' || c === '~')) {
      i++;
      const n = number();
      return c === '+' ? { t: 'rel', n } : { t: 'mult', n };
    }
    if (c === '/' || c === '\\') {
      let delim = '/';
      if (c === '\\') {
        delim = s[i + 1];
        if (delim === undefined || delim === '\n' || delim === '\\') fail('unexpected `,\'');
        i++;
      }
      i++;
      const src = delimited(delim, 'address regex', true);
      let flags = '';
      while (s[i] === 'I' || s[i] === 'M') flags += s[i++] === 'I' ? 'i' : '';
      return { t: 're', re: regex(src, flags) };
    }
    return undefined;
  };
  /** a/i/c text: "a text", "a\" NEWLINE "text" (lines ending in \ continue). */
  const text = (): string => {
    ws();
    if (s[i] === '\\') {
      i++;
      if (s[i] === '\n') i++;
      else ws();
    }
    let out = '';
    while (i < s.length && s[i] !== '\n') {
      if (s[i] === '\\') {
        i++;
        if (i < s.length) out += s[i++];
        continue;
      }
      out += s[i++];
    }
    if (s[i] === '\n') i++;
    return out;
  };
  const label = (): string => {
    ws();
    const start = i;
    while (i < s.length && s[i] !== '\n' && s[i] !== ';' && s[i] !== '}') i++;
    return s.slice(start, i).trim();
  };
  const filename = (): string => {
    ws();
    const start = i;
    while (i < s.length && s[i] !== '\n') i++;
    const name = s.slice(start, i);
    if (!name) fail('missing filename in r/R/w/W commands');
    return name;
  };
  const replacement = (src: string): Repl[] => {
    const parts: Repl[] = [];
    let lit = '';
    const push = (p: Repl) => {
      if (lit) parts.push({ t: 'lit', s: lit });
      lit = '';
      parts.push(p);
    };
    for (let k = 0; k < src.length; k++) {
      const c = src[k];
      if (c === '&') push({ t: 'grp', n: 0 });
      else if (c === '\\' && k + 1 < src.length) {
        const n = src[++k];
        if (/\d/.test(n)) push({ t: 'grp', n: Number(n) });
        else if (n === 'n') lit += '\n';
        else if (n === 't') lit += '\t';
        else if ('ULEul'.includes(n)) push({ t: 'case', c: n as 'U' });
        else lit += n;
      } else lit += c;
    }
    if (lit) parts.push({ t: 'lit', s: lit });
    return parts;
  };

  for (;;) {
    while (i < s.length && /[\s;]/.test(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const cmd: Cmd = { neg: false, name: '', active: false, end: 0, jump: -1, label: '', text: '' };
    cmd.a1 = address(false);
    if (cmd.a1 && s[i] === ',') {
      i++;
      ws();
      cmd.a2 = address(true);
      if (!cmd.a2) fail('unexpected `,\'');
    }
    if (cmd.a1?.t === 'line' && cmd.a1.n === 0 && cmd.a2?.t !== 're') fail('invalid usage of line address 0');
    ws();
    while (s[i] === '!') {
      cmd.neg = true;
      i++;
      ws();
    }
    const name = s[i++];
    if (name === undefined) fail('missing command');
    cmd.name = name;
    switch (name) {
      case '{':
        blocks.push(cmds.length);
        cmds.push(cmd);
        continue;
      case '}':
        if (cmd.a1) fail('} doesn\'t want any addresses');
        if (!blocks.length) fail('unexpected `}\'');
        cmds[blocks.pop()!].jump = cmds.length;
        break;
      case 's': {
        const delim = s[i++];
        if (delim === undefined || delim === '\n' || delim === '\\') fail("unterminated `s' command");
        const src = delimited(delim, "`s' command", true);
        const rep = delimited(delim, "`s' command", false);
        let flags = '';
        cmd.global = false;
        cmd.print = false;
        cmd.nth = 1;
        for (;;) {
          const f = s[i];
          if (f === 'g') cmd.global = true;
          else if (f === 'p') cmd.print = true;
          else if (f === 'i' || f === 'I') flags += 'i';
          else if (f === 'm' || f === 'M') void 0;
          else if (f !== undefined && /\d/.test(f)) {
            cmd.nth = number();
            if (cmd.nth === 0) fail("number option to `s' command may not be zero");
            continue;
          } else if (f === 'w') {
            i++;
            const fn = filename();
            cmd.wfd = openW(fn);
            break;
          } else break;
          i++;
        }
        cmd.re = regex(src, flags);
        cmd.repl = replacement(rep);
        break;
      }
      case 'y': {
        const delim = s[i++];
        if (delim === undefined || delim === '\n' || delim === '\\') fail("unterminated `y' command");
        const unesc = (t: string) => t.replace(/\\(.)/gs, (_m, c: string) => (c === 'n' ? '\n' : c));
        const a = [...unesc(delimited(delim, "`y' command", false))];
        const b = [...unesc(delimited(delim, "`y' command", false))];
        if (a.length !== b.length) fail("strings for `y' command are different lengths");
        cmd.map = new Map(a.map((c, k) => [c, b[k]]));
        break;
      }
      case 'a': case 'i': case 'c':
        cmd.text = text();
        cmds.push(cmd);
        continue;
      case ':':
        if (cmd.a1) fail(': doesn\'t want any addresses');
        cmd.label = label();
        if (!cmd.label) fail('":" lacks a label');
        break;
      case 'b': case 't': case 'T':
        cmd.label = label();
        break;
      case 'r': case 'w':
        cmd.text = filename();
        if (name === 'w') cmd.wfd = openW(cmd.text);
        break;
      case 'q': case 'Q':
        ws();
        cmd.code = /\d/.test(s[i] ?? '') ? number() : 0;
        break;
      case 'l': case 'L':
        ws();
        if (/\d/.test(s[i] ?? '')) number();
        break;
      case '=': case 'p': case 'P': case 'd': case 'D': case 'n': case 'N': case 'g': case 'G': case 'h': case 'H':
      case 'x': case 'z': case 'F':
        break;
      default:
        i--;
        fail(`unknown command: \`${name}'`);
    }
    cmds.push(cmd);
    ws();
    if (i < s.length && !'\n;}#'.includes(s[i])) fail(`extra characters after command`);
  }
  if (blocks.length) throw new ScriptError(`-e expression #1, char 0: unmatched \`{'`);
  for (const c of cmds) {
    if ('btT'.includes(c.name)) {
      if (!c.label) c.jump = -1;
      else {
        const k = cmds.findIndex((x) => x.name === ':' && x.label === c.label);
        if (k < 0) throw new ScriptError(`-e expression #1, char 0: can't find label for jump to \`${c.label}'`);
        c.jump = k;
      }
    }
  }
  return cmds;
}

/** The replacement of one match. */
function substitute(parts: Repl[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | '' = '';
  let once: 'u' | 'l' | '' = '';
  const add = (t: string) => {
    if (!t) return;
    if (mode === 'U') t = t.toUpperCase();
    else if (mode === 'L') t = t.toLowerCase();
    if (once) {
      t = (once === 'u' ? t[0].toUpperCase() : t[0].toLowerCase()) + t.slice(1);
      once = '';
    }
    out += t;
  };
  for (const p of parts) {
    if (p.t === 'lit') add(p.s);
    else if (p.t === 'grp') add(m[p.n] ?? '');
    else if (p.c === 'U' || p.c === 'L') mode = p.c;
    else if (p.c === 'E') mode = '';
    else once = p.c;
  }
  return out;
}

/** `l`: the pattern space unambiguously, wrapped at 70 columns. */
function listLine(ps: string): string {
  const esc: Record<string, string> = { '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r',
    '\t': '\\t', '\v': '\\v' };
  let out = '', col = 0;
  for (const b of new TextEncoder().encode(ps)) {
    const c = String.fromCharCode(b);
    const t = esc[c] ?? (b < 32 || b >= 127 ? '\\' + b.toString(8).padStart(3, '0') : c);
    if (col + t.length > 69) {
      out += '\\\n';
      col = 0;
    }
    out += t;
    col += t.length;
  }
  return out + '$\n';
}

export class Sed {
  hold = '';
  lastRe: RegExp | null = null;
  quit: number | null = null;
  private line = 0;
  private missingNl = false;
  out = '';

  constructor(private readonly cmds: Cmd[], private readonly quiet: boolean, private readonly flushEach: boolean,
    private readonly emit: (s: string) => void) {}

  private write(s: string, nl = true): void {
    if (this.missingNl) this.out += '\n';
    this.out += s + (nl ? '\n' : '');
    this.missingNl = !nl;
    if (this.out.length > 32768) this.flush();
  }
  flush(): void {
    if (this.out) this.emit(this.out);
    this.out = '';
  }

  private re(r: RegExp | null | undefined): RegExp {
    if (r) {
      this.lastRe = r;
      return r;
    }
    if (!this.lastRe) throw new ScriptError('no previous regular expression');
    return this.lastRe;
  }

  private matchAddr(a: Addr, ps: string, last: boolean): boolean {
    switch (a.t) {
      case 'line': return this.line === a.n;
      case 'last': return last;
      case 're': return this.re(a.re).test(ps);
      case 'step': return a.step <= 0 ? this.line === a.first : this.line >= a.first && (this.line - a.first) % a.step === 0;
      default: return false;
    }
  }

  private selected(c: Cmd, ps: string, last: boolean): boolean {
    if (!c.a1) return true;
    if (!c.a2) return this.matchAddr(c.a1, ps, last);
    const a2 = c.a2;
    if (c.active) {
      let done = false;
      if (a2.t === 'line' || a2.t === 'rel' || a2.t === 'mult') done = this.line >= c.end;
      else done = this.matchAddr(a2, ps, last);
      if (done || last) c.active = false;
      return true;
    }
    const zero = c.a1.t === 'line' && c.a1.n === 0;
    if (!zero && !this.matchAddr(c.a1, ps, last)) return false;
    if (zero && this.line !== 1) return false;
    if (a2.t === 'line') {
      c.end = a2.n;
      c.active = a2.n > this.line;
    } else if (a2.t === 'rel') {
      c.end = this.line + a2.n;
      c.active = a2.n > 0;
    } else if (a2.t === 'mult') {
      c.end = a2.n <= 0 ? this.line : Math.ceil(this.line / a2.n) * a2.n;
      c.active = c.end > this.line;
    } else if (zero && a2.t === 're') c.active = !this.re(a2.re).test(ps);
    else c.active = !(a2.t === 'last' && last);
    if (last) c.active = false;
    return true;
  }

  /** Runs the script over the lines of `rd`; returns false when a q/Q ended it. */
  run(rd: LineReader, resetLines: boolean): boolean {
    if (resetLines) this.line = 0;
    let l = rd.next();
    let tflag = false;
    const appends: string[] = [];
    while (l) {
      this.line++;
      let ps = l.text;
      let nl = l.nl;
      let deleted = false;
      let restart = false;
      let pc = 0;
      tflag = false;
      const flushAppends = () => {
        for (const a of appends) {
          if (a.startsWith('\0')) {
            const data = readFile(a.slice(1));
            if (data && data.length) {
              const t = new TextDecoder().decode(data);
              this.write(t.endsWith('\n') ? t.slice(0, -1) : t, t.endsWith('\n'));
            }
          } else this.write(a);
        }
        appends.length = 0;
      };
      const nextLine = (): boolean => {
        const n = rd.next();
        if (!n) return false;
        this.line++;
        l = n;
        return true;
      };
      cycle: while (pc < this.cmds.length) {
        const c = this.cmds[pc];
        const last = rd.atEnd();
        if (c.name === '}' || c.name === ':') {
          pc++;
          continue;
        }
        if (this.selected(c, ps, last) === c.neg) {
          pc = c.name === '{' ? c.jump + 1 : pc + 1;
          continue;
        }
        pc++;
        switch (c.name) {
          case '{': break;
          case 's': {
            const re = this.re(c.re);
            const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
            let res = '', pos = 0, n = 0, did = false;
            let m: RegExpExecArray | null;
            while ((m = g.exec(ps))) {
              n++;
              if (n >= c.nth! && (c.global || n === c.nth)) {
                res += ps.slice(pos, m.index) + substitute(c.repl!, m);
                pos = m.index + m[0].length;
                did = true;
                if (!c.global) break;
              }
              if (m[0] === '') {
                if (g.lastIndex >= ps.length) break;
                g.lastIndex++;
              }
            }
            if (did) {
              ps = res + ps.slice(pos);
              tflag = true;
              if (c.print) this.write(ps);
              if (c.wfd !== undefined && c.wfd >= 0) writeAll(c.wfd, ps + '\n');
            }
            break;
          }
          case 'y': ps = [...ps].map((ch) => c.map!.get(ch) ?? ch).join(''); break;
          case 'p': this.write(ps); break;
          case 'P': this.write(ps.split('\n')[0]); break;
          case 'd': deleted = true; break cycle;
          case 'D': {
            const k = ps.indexOf('\n');
            if (k < 0) {
              deleted = true;
              break cycle;
            }
            ps = ps.slice(k + 1);
            restart = true;
            break cycle;
          }
          case 'n':
            if (rd.atEnd()) break cycle;
            if (!this.quiet) this.write(ps, nl);
            flushAppends();
            nextLine();
            ps = l!.text;
            nl = l!.nl;
            break;
          case 'N':
            if (rd.atEnd()) break cycle;
            flushAppends();
            nextLine();
            ps += '\n' + l!.text;
            nl = l!.nl;
            break;
          case 'g': ps = this.hold; break;
          case 'G': ps += '\n' + this.hold; break;
          case 'h': this.hold = ps; break;
          case 'H': this.hold += '\n' + ps; break;
          case 'x': [ps, this.hold] = [this.hold, ps]; break;
          case 'z': ps = ''; break;
          case 'a': appends.push(c.text); break;
          case 'r': appends.push('\0' + c.text); break;
          case 'i': this.write(c.text); break;
          case 'c':
            if (!c.a2 || !c.active || c.neg) this.write(c.text);
            deleted = true;
            break cycle;
          case '=': this.write(String(this.line)); break;
          case 'l': this.out += (this.missingNl ? '\n' : '') + listLine(ps); this.missingNl = false; break;
          case 'F': this.write(rd.file || '-'); break;
          case 'w': if (c.wfd !== undefined && c.wfd >= 0) writeAll(c.wfd, ps + '\n'); break;
          case 'b': pc = c.jump < 0 ? this.cmds.length : c.jump; break;
          case 't': case 'T':
            if (tflag === (c.name === 't')) pc = c.jump < 0 ? this.cmds.length : c.jump;
            if (c.name === 't') tflag = false;
            break;
          case 'q':
            this.quit = c.code!;
            break cycle;
          case 'Q':
            this.quit = c.code!;
            deleted = true;
            appends.length = 0;
            break cycle;
        }
      }
      if (!deleted && !this.quiet) this.write(ps, nl);
      flushAppends();
      if (this.flushEach) this.flush();
      if (this.quit !== null) {
        rd.close();
        return false;
      }
      if (restart) {
        // D: the next cycle starts with what is left, without reading a line.
        l = { text: ps, nl };
        this.line--;
        continue;
      }
      l = rd.next();
    }
    return true;
  }
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, HELP);
  let quiet = false, ere = false, inPlace = false, separate = false, unbuffered = false;
  const scripts: string[] = [];
  const operands: string[] = [];
  const args = argv.slice(1);
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') {
      operands.push(...args.slice(k + 1));
      break;
    }
    if (a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '--regexp-extended') ere = true;
    else if (a.startsWith('--expression=')) scripts.push(a.slice(13));
    else if (a === '--in-place' || a.startsWith('--in-place=')) inPlace = true;
    else if (a.startsWith('--')) {
      warnx('sed', `unrecognized option '${a}'\nUsage: ${SYNOPSIS}`);
      return 2;
    } else if (a.length > 1 && a[0] === '-') {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'n') quiet = true;
        else if (c === 'E' || c === 'r') ere = true;
        else if (c === 's') separate = true;
        else if (c === 'u') unbuffered = true;
        else if (c === 'i') {
          inPlace = true;
          break; // -iSUFFIX: the suffix (a backup) is not kept here
        } else if (c === 'e' || c === 'f') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++k];
          if (v === undefined) {
            warnx('sed', `option requires an argument -- '${c}'\nUsage: ${SYNOPSIS}`);
            return 2;
          }
          if (c === 'e') scripts.push(v);
          else {
            const data = v === '-' ? null : readFile(v);
            if (!data) {
              warn('sed', `couldn't open file ${v}`);
              return 1;
            }
            scripts.push(new TextDecoder().decode(data).replace(/\n$/, ''));
          }
          break;
        } else {
          warnx('sed', `invalid option -- '${c}'\nUsage: ${SYNOPSIS}`);
          return 2;
        }
      }
    } else operands.push(a);
  }
  if (!scripts.length) {
    const s = operands.shift();
    if (s === undefined) {
      warnx('sed', `no script specified\nUsage: ${SYNOPSIS}`);
      return 2;
    }
    scripts.push(s);
  }
  const wfiles = new Map<string, number>();
  const openW = (name: string): number => {
    if (name === '/dev/stdout') return 1;
    if (name === '/dev/stderr') return 2;
    let fd = wfiles.get(name);
    if (fd === undefined) {
      fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
      if (fd < 0) warn('sed', `couldn't open file ${name}`);
      wfiles.set(name, fd);
    }
    return fd;
  };
  let cmds: Cmd[];
  try {
    cmds = parseScript(scripts.join('\n'), ere, openW);
  } catch (e) {
    warnx('sed', (e as Error).message);
    return 1;
  }
  let status = 0;
  let outErr = false;
  const stdout = (s: string) => {
    if (!outErr && writeAll(1, s) < 0) {
      warn('sed', "couldn't write");
      outErr = true;
    }
  };
  try {
    if (inPlace) {
      if (!operands.length) {
        warnx('sed', 'no input files');
        return 1;
      }
      for (const f of operands) {
        let text = '';
        const sed = new Sed(cmds, quiet, false, (s) => void (text += s));
        const rd = new LineReader('sed', [f]);
        const more = sed.run(rd, true);
        sed.flush();
        if (rd.failed) {
          status = 2;
          continue;
        }
        const fd = open(f, O_WRONLY | O_TRUNC);
        if (fd < 0 || writeAll(fd, text) < 0) {
          warn('sed', `couldn't edit ${f}`);
          status = 4;
        }
        if (fd >= 0) close(fd);
        if (!more) return sed.quit ?? status;
      }
      return status;
    }
    const sed = new Sed(cmds, quiet, unbuffered || isatty(1), stdout);
    if (separate) {
      for (const f of inputs(operands)) {
        const rd = new LineReader('sed', [f]);
        const more = sed.run(rd, true);
        if (rd.failed) status = 2;
        if (!more) break;
      }
    } else {
      const rd = new LineReader('sed', inputs(operands));
      sed.run(rd, false);
      if (rd.failed) status = 2;
    }
    sed.flush();
    if (outErr) return 4;
    return sed.quit ?? status;
  } catch (e) {
    if (e instanceof ScriptError) {
      warnx('sed', e.message);
      return 1;
    }
    throw e;
  } finally {
    for (const fd of wfiles.values()) if (fd > 2) close(fd);
  }
}
