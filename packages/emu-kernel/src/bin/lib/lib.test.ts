// The pure parts of the new tools: POSIX regex translation, printf formatting, the sed script parser,
// awk's parser, xargs' word splitting, dd's sizes and du's human sizes.
import { describe, it, expect } from 'vitest';
import { regexSource, compileRegex } from './regex.js';
import { format } from './format.js';
import { parseProgram, tokenize, AwkSyntaxError } from './awkparse.js';
import { parseScript, ScriptError } from '../sed.js';
import { splitWords, XargsError } from '../xargs.js';
import { parseSize, transferLine } from '../dd.js';
import { humanSize } from './human.js';

const re = (src: string, ere = false) => compileRegex(src, { ere }) as RegExp;

describe('POSIX regular expressions', () => {
  it('basic: \\( \\) \\{ \\} \\| are operators, bare ( ) { } | + ? literal', () => {
    expect(re('a\\(b\\)*c').test('abbc')).toBe(true);
    expect(re('(a)').test('(a)')).toBe(true);
    expect(re('a\\{2,3\\}').test('aa')).toBe(true);
    expect(re('^a\\{2\\}$').test('aaa')).toBe(false);
    expect(re('a|b').test('a')).toBe(false);
    expect(re('a\\|b').test('b')).toBe(true);
    expect(re('a+').test('a+')).toBe(true);
    expect(re('x\\+').test('xx')).toBe(true);
  });
  it('basic: * first is literal, ^ and $ anchor only at the ends', () => {
    expect(re('*a').test('*a')).toBe(true);
    expect(re('a^b').test('a^b')).toBe(true);
    expect(re('a$b').test('a$b')).toBe(true);
    expect(re('^ab$').test('ab')).toBe(true);
  });
  it('extended: ( ) | + ? { } are operators', () => {
    expect(re('^(ab|cd)+$', true).test('abcdab')).toBe(true);
    expect(re('colou?r', true).test('color')).toBe(true);
    expect(re('^a{2}$', true).test('aa')).toBe(true);
    expect(re('a{', true).test('a{')).toBe(true);
  });
  it('bracket expressions: classes, ] first, backslash literal', () => {
    expect(re('^[[:digit:]]+$', true).test('123')).toBe(true);
    expect(re('[[:alpha:]_]').test('_')).toBe(true);
    expect(re('[]a]').test(']')).toBe(true);
    expect(re('[^]a]').test(']')).toBe(false);
    expect(re('[\\]').test('\\')).toBe(true);
    expect(re('[a-c]x').test('bx')).toBe(true);
    expect(re('[.]').test('a')).toBe(false);
  });
  it('GNU extensions and back-references', () => {
    expect(re('\\<is\\>').test('this is')).toBe(true);
    expect(re('\\<is\\>').test('this')).toBe(false);
    expect(re('\\(a\\)\\1').test('aa')).toBe(true);
    expect(re('\\w\\s').test('a ')).toBe(true);
  });
  it('reports invalid expressions', () => {
    expect(compileRegex('a\\(b')).toMatch(/unmatched/);
    expect(compileRegex('[a')).toMatch(/unmatched \[/);
    expect(compileRegex('[[:nope:]]')).toMatch(/character class/);
    expect(compileRegex('a)', { ere: true })).toMatch(/unmatched/);
    expect(() => regexSource('x\\')).toThrow(/trailing backslash/);
  });
});

describe('printf formatting', () => {
  const f = (fmt: string, ...args: (number | string)[]) => {
    let i = 0;
    return format(fmt, {
      num: () => Number(args[i++] ?? 0),
      str: () => String(args[i++] ?? ''),
      chr: () => {
        const v = args[i++];
        return typeof v === 'number' ? String.fromCharCode(v) : (v ?? '')[0] ?? '';
      },
    });
  };
  it('integers, widths, flags', () => {
    expect(f('%d|%5d|%-5d|%05d|%+d|% d', 42, 42, 42, 42, 42, 42)).toBe('42|   42|42   |00042|+42| 42');
    expect(f('%x %X %o %#x %#o', 255, 255, 8, 255, 8)).toBe('ff FF 10 0xff 010');
    expect(f('%.3d|%*d|%-*d|', 7, 4, 1, 3, 2)).toBe('007|   1|2  |');
    expect(f('%d', -3.9)).toBe('-3');
  });
  it('floating point: %f %e %g', () => {
    expect(f('%.2f %f', 3.14159, 1)).toBe('3.14 1.000000');
    expect(f('%e %.2E', 1234.5, 0.000123)).toBe('1.234500e+03 1.23E-04');
    expect(f('%g %g %g %g %g', 100000, 1000000, 0.0001, 0.00001, 3.5)).toBe('100000 1e+06 0.0001 1e-05 3.5');
    expect(f('%.6g', 2 / 3)).toBe('0.666667');
    expect(f('%8.3f|%-8.2f|', 3.14159, 2.5)).toBe('   3.142|2.50    |');
  });
  it('strings and characters', () => {
    expect(f('%s|%10s|%-10s|%.2s', 'ab', 'ab', 'ab', 'abc')).toBe('ab|        ab|ab        |ab');
    expect(f('%c%c', 65, 'hi')).toBe('Ah');
    expect(f('100%%')).toBe('100%');
  });
});

describe('sed script parser', () => {
  it('parses addresses, commands and s flags', () => {
    const c = parseScript('1,/x/{s/a/b/2g;p}\n$!d;y/ab/cd/', false);
    expect(c.map((x) => x.name)).toEqual(['{', 's', 'p', '}', 'd', 'y']);
    expect(c[0].a1).toEqual({ t: 'line', n: 1 });
    expect(c[0].a2?.t).toBe('re');
    expect(c[1]).toMatchObject({ global: true, nth: 2 });
    expect(c[4]).toMatchObject({ neg: true, a1: { t: 'last' } });
  });
  it('takes any delimiter, escaped delimiters and a/i/c text', () => {
    const c = parseScript('s|/usr|/opt\\|x|;\\,a,d', false);
    expect(c[0].re!.source).toBe('\\/usr');
    expect(c[1].a1?.t).toBe('re');
    expect(parseScript('1a\\\n  hello', false)[0].text).toBe('  hello');
    expect(parseScript('$a end; of', false)[0].text).toBe('end; of');
  });
  it('reports bad scripts like GNU sed', () => {
    expect(() => parseScript('s/a/b', false)).toThrow(/unterminated `s' command/);
    expect(() => parseScript('k', false)).toThrow(/unknown command: `k'/);
    expect(() => parseScript('{p', false)).toThrow(/unmatched `\{'/);
    expect(() => parseScript('p}', false)).toThrow(/unexpected `}'/);
    expect(() => parseScript('b nowhere', false)).toThrow(/can't find label/);
    expect(() => parseScript('y/ab/c/', false)).toThrow(/different lengths/);
    expect(() => parseScript('s/a/b/gx', false)).toThrow(ScriptError);
    expect(() => parseScript('0p', false)).toThrow(/line address 0/);
  });
});

describe('awk parser', () => {
  it('tells a regular expression from a division', () => {
    expect(tokenize('a / 2 / b').map((t) => t.t)).toEqual(['name', '/', 'num', '/', 'name', 'eof']);
    expect(tokenize('$1 ~ /a\\/b/').map((t) => t.t)).toEqual(['$', 'num', '~', 'ere', 'eof']);
  });
  it('parses items, functions, ranges and statements', () => {
    const p = parseProgram('BEGIN { FS = ":" } function f(a, b) { return a + b }\n/x/,/y/ { print f($1, 2) > "/tmp/o" }\nEND { for (k in a) delete a[k] }');
    expect(p.items.map((i) => i.kind)).toEqual(['BEGIN', 'main', 'END']);
    expect(p.items[1].pat2).toBeDefined();
    expect(p.funcs.get('f')!.params).toEqual(['a', 'b']);
  });
  it('reports syntax errors and undefined functions', () => {
    expect(() => parseProgram('{ print ( }')).toThrow(AwkSyntaxError);
    expect(() => parseProgram('BEGIN { x = }')).toThrow(/syntax error at source line 1/);
    expect(() => parseProgram('{ nope(1) }')).toThrow(/undefined function nope/);
    expect(() => parseProgram('{ print "abc }')).toThrow(/unterminated string/);
  });
});

describe('xargs words', () => {
  it('splits on blanks and newlines, with quotes and backslashes', () => {
    expect(splitWords('a b\n"c d" \'e f\' g\\ h\n').words).toEqual(['a', 'b', 'c d', 'e f', 'g h']);
    expect(splitWords('a b\nc \nd\n').lines).toEqual([['a', 'b'], ['c', 'd']]);
    expect(splitWords('a b STOP c', 'STOP').words).toEqual(['a', 'b']);
    expect(() => splitWords("it's")).toThrow(XargsError);
  });
});

describe('dd and du numbers', () => {
  it('parses sizes with suffixes and products', () => {
    expect(parseSize('512')).toBe(512);
    expect(parseSize('1K')).toBe(1024);
    expect(parseSize('1kB')).toBe(1000);
    expect(parseSize('2x1M')).toBe(2 << 20);
    expect(parseSize('3b')).toBe(1536);
    expect(parseSize('1Q')).toBeNull();
    expect(parseSize('-1')).toBeNull();
  });
  it('formats the transfer line and human sizes', () => {
    expect(transferLine(3072, 10)).toMatch(/^3072 bytes \(3\.1 kB, 3\.0 KiB\) copied, 0\.01 s, /);
    expect(transferLine(0, 1)).toMatch(/^0 bytes copied/);
    expect(humanSize(512)).toBe('512');
    expect(humanSize(1536)).toBe('1.5K');
    expect(humanSize(14336)).toBe('14K');
    expect(humanSize(10 * 1024 * 1024)).toBe('10M');
  });
});
