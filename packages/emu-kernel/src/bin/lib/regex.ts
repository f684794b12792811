// POSIX regular expressions (basic and extended, with the GNU extensions grep and sed users rely on:
// \| \+ \? in BRE, \< \> \b \B \w \W \s \S, back-references) as JavaScript RegExp source. Shared by
// grep, sed and awk. Differences left: JS alternation is leftmost-first, POSIX leftmost-longest.

export interface RegexOptions {
  /** Extended syntax (grep -E, sed -E, awk). */
  ere?: boolean;
  icase?: boolean;
  /** Extra RegExp flags ('g'). */
  flags?: string;
  /** awk: escape sequences \n \t \/ \" ... in the regex text. */
  awk?: boolean;
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: '0-9A-Za-z', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f', word: '0-9A-Za-z_',
};

const jsEscape = (c: string) => (/[.*+?^${}()|[\]\\/-]/.test(c) ? '\\' + c : c);

const AWK_ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', b: '\b', a: '\x07', '/': '/', '"': '"' };

/** A bracket expression starting at src[i] === '['; returns [JS source, index after it] or null. */
function bracket(src: string, i: number, awk: boolean): [string, number] | null {
  let j = i + 1;
  let neg = false;
  if (src[j] === '^') {
    neg = true;
    j++;
  }
  let body = '';
  let first = true;
  for (;;) {
    if (j >= src.length) return null;
    const c = src[j];
    if (c === ']' && !first) break;
    first = false;
    if (c === '[' && (src[j + 1] === ':' || src[j + 1] === '=' || src[j + 1] === '.')) {
      const kind = src[j + 1];
      const end = src.indexOf(kind + ']', j + 2);
      if (end < 0) return null;
      const name = src.slice(j + 2, end);
      if (kind === ':') {
        if (!(name in CLASSES)) throw new Error(`invalid character class '${name}'`);
        body += CLASSES[name];
      } else body += [...name].map((x) => (/[\]\\^-]/.test(x) ? '\\' + x : x)).join('');
      j = end + 2;
      continue;
    }
    if (c === '\\' && awk && j + 1 < src.length) {
      const n = src[j + 1];
      body += AWK_ESC[n] !== undefined ? jsEscape(AWK_ESC[n]) : '\\' + n;
      j += 2;
      continue;
    }
    if (c === '-' && body && src[j + 1] !== ']') body += '-';
    else body += /[\]\\^-]/.test(c) ? '\\' + c : c;
    j++;
  }
  return [`[${neg ? '^' : ''}${body}]`, j + 1];
}

/** The JavaScript source of a POSIX regular expression; throws an Error with a message when invalid. */
export function regexSource(src: string, o: RegexOptions = {}): string {
  const ere = !!o.ere, awk = !!o.awk;
  let out = '';
  let depth = 0;
  // Where an operand is expected (start, after "(" or "|"): a "*" there is literal, "^" an anchor.
  let atStart = true;
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    const start: boolean = atStart;
    atStart = false;
    if (c === '\\') {
      const n = src[i + 1];
      i += 2;
      if (n === undefined) throw new Error('trailing backslash (\\)');
      if (!ere && n === '(') {
        out += '(';
        depth++;
        atStart = true;
      } else if (!ere && n === ')') {
        if (!depth--) throw new Error('unmatched ) or \\)');
        out += ')';
      } else if (!ere && n === '|') {
        out += '|';
        atStart = true;
      } else if (!ere && n === '{') {
        const end = src.indexOf('\\}', i);
        if (end < 0 || !/^\d*(,\d*)?$/.test(src.slice(i, end))) throw new Error('unmatched \\{');
        out += `{${src.slice(i, end) || '0'}}`.replace('{,', '{0,');
        i = end + 2;
      } else if (!ere && (n === '+' || n === '?')) out += n;
      else if (n === '<') out += '\\b(?=\\w)';
      else if (n === '>') out += '\\b(?<=\\w)';
      else if ('bBwWsS'.includes(n)) out += '\\' + n;
      else if (/[1-9]/.test(n)) out += '\\' + n;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else if (awk && AWK_ESC[n] !== undefined) out += jsEscape(AWK_ESC[n]);
      else out += jsEscape(n);
      continue;
    }
    if (c === '[') {
      const b = bracket(src, i, awk);
      if (!b) throw new Error('unmatched [, [^, [:, [., or [=');
      out += b[0];
      i = b[1];
      continue;
    }
    i++;
    if (c === '.') out += '.';
    else if (c === '*') out += start ? '\\*' : '*';
    else if (c === '^') {
      if (ere || start) out += '^';
      else out += '\\^';
      if (!ere) atStart = start;
    } else if (c === '$') {
      const rest = src.slice(i);
      if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) out += '$';
      else out += '\\$';
    } else if (ere && c === '(') {
      out += '(';
      depth++;
      atStart = true;
    } else if (ere && c === ')') {
      if (!depth--) throw new Error('unmatched ( or \\(');
      out += ')';
    } else if (ere && c === '|') {
      out += '|';
      atStart = true;
    } else if (ere && (c === '+' || c === '?')) out += start ? '\\' + c : c;
    else if (ere && c === '{') {
      const m = /^(\d+)(,\d*)?\}/.exec(src.slice(i));
      if (m && !start) {
        out += '{' + m[0];
        i += m[0].length;
      } else out += '\\{';
    } else out += jsEscape(c);
  }
  if (depth) throw new Error('unmatched ( or \\(');
  return out;
}

/** A compiled POSIX regular expression, or the error message. */
export function compileRegex(src: string, o: RegexOptions = {}): RegExp | string {
  try {
    return new RegExp(regexSource(src, o), `${o.icase ? 'i' : ''}s${o.flags ?? ''}`);
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
  }
}

/** A fixed string as RegExp source. */
export const literalSource = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
