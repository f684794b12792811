import { describe, it, expect } from 'vitest';
import { Lexer } from './lexer.js';
import { expandWord, expandString, expandHeredoc, ExpandError, type ExpandEnv } from './expand.js';
import { evalArith } from './arith.js';
import { matchPattern, expandPathname } from './glob.js';

function env(vars: Record<string, string>, args: string[] = [], files: Record<string, string[]> = {}): ExpandEnv & { vars: Record<string, string> } {
  return {
    vars,
    get: (n) => vars[n],
    set: (n, v) => void (vars[n] = v),
    positional: () => args,
    cmdsub: (src) => `<${src}>\n\n`,
    glob: (pat) => expandPathname(pat, (d) => files[d] ?? null),
    home: (u) => (u === 'user' ? '/home/user' : undefined),
  };
}
const w = (src: string) => new Lexer(src).word();
const ex = (src: string, e: ExpandEnv) => expandWord(w(src), e);

describe('expansion', () => {
  it('expands variables inside and outside quotes', () => {
    const e = env({ x: '5', sp: 'a  b ' });
    expect(ex(`$x`, e)).toEqual(['5']);
    expect(ex(`\${x}y`, e)).toEqual(['5y']);
    expect(ex(`"$x"`, e)).toEqual(['5']);
    expect(ex(`'$x'`, e)).toEqual(['$x']);
    expect(ex(`$sp`, e)).toEqual(['a', 'b']);
    expect(ex(`"$sp"`, e)).toEqual(['a  b ']);
    expect(ex(`x$sp.`, e)).toEqual(['xa', 'b', '.']);
    expect(ex(`$nope`, e)).toEqual([]);
    expect(ex(`"$nope"`, e)).toEqual(['']);
    expect(ex(`''`, e)).toEqual(['']);
  });
  it('expands special and positional parameters', () => {
    const e = env({ '?': '1', '0': 'sh' }, ['a b', 'c']);
    expect(ex('$?', e)).toEqual(['1']);
    expect(ex('$#', e)).toEqual(['2']);
    expect(ex('$1', e)).toEqual(['a', 'b']);
    expect(ex('"$1"', e)).toEqual(['a b']);
    expect(ex('$@', e)).toEqual(['a', 'b', 'c']);
    expect(ex('"$@"', e)).toEqual(['a b', 'c']);
    expect(ex('"x$@y"', e)).toEqual(['xa b', 'cy']);
    expect(ex('"$*"', e)).toEqual(['a b c']);
    expect(ex('"$@"', env({}, []))).toEqual([]);
    expect(ex('$0', e)).toEqual(['sh']);
  });
  it('applies ${...} operators', () => {
    const e = env({ x: 'hello.tar.gz', empty: '' });
    expect(ex('${nope:-def}', e)).toEqual(['def']);
    expect(ex('${empty-def}', e)).toEqual([]);
    expect(ex('"${empty:-a b}"', e)).toEqual(['a b']);
    expect(ex('${x:+alt}', e)).toEqual(['alt']);
    expect(ex('${#x}', e)).toEqual(['12']);
    expect(ex('${x%.*}', e)).toEqual(['hello.tar']);
    expect(ex('${x%%.*}', e)).toEqual(['hello']);
    expect(ex('${x#*.}', e)).toEqual(['tar.gz']);
    expect(ex('${x##*.}', e)).toEqual(['gz']);
    // Inside double quotes the word of # ## % %% stays a pattern (POSIX); quoting within it is literal.
    expect(ex('"${x%.*}"', e)).toEqual(['hello.tar']);
    expect(ex('"${x##*.}"', e)).toEqual(['gz']);
    const p = env({ v: '/a/b/c', s: 'a*b*c' });
    expect(ex('"${v%/*}"', p)).toEqual(['/a/b']);
    expect(ex('"${v#/*/}"', p)).toEqual(['b/c']);
    expect(ex('"${s%"*"*}"', p)).toEqual(['a*b']);
    expect(ex('"${s%\\**}"', p)).toEqual(['a*b']);
    expect(ex("${s#*'*'}", p)).toEqual(['b*c']);
    expect(ex('"${v%/*} and ${v##*/}"', p)).toEqual(['/a/b and c']);
    expect(ex('${new:=val}', e)).toEqual(['val']);
    expect(e.vars.new).toBe('val');
    expect(() => ex('${nope:?is required}', e)).toThrow(new ExpandError('nope: is required'));
  });
  it('substitutes commands and arithmetic', () => {
    const e = env({ i: '4' });
    expect(ex('$(echo hi)', e)).toEqual(['<echo', 'hi>']);
    expect(ex('"$(echo hi)"', e)).toEqual(['<echo hi>']);
    expect(ex('$((i * 2 + 1))', e)).toEqual(['9']);
    expect(ex('$(($i<<2))', e)).toEqual(['16']);
  });
  it('expands tildes and pathnames', () => {
    const e = env({ HOME: '/root' }, [], { '/tmp': ['a.txt', 'b.txt', 'c.log', '.hidden'], '.': ['x.c'] });
    expect(ex('~', e)).toEqual(['/root']);
    expect(ex('~/f', e)).toEqual(['/root/f']);
    expect(ex('~user/f', e)).toEqual(['/home/user/f']);
    expect(ex('"~"', e)).toEqual(['~']);
    expect(ex('/tmp/*.txt', e)).toEqual(['/tmp/a.txt', '/tmp/b.txt']);
    expect(ex('/tmp/*', e)).toEqual(['/tmp/a.txt', '/tmp/b.txt', '/tmp/c.log']);
    expect(ex('"/tmp/*"', e)).toEqual(['/tmp/*']);
    expect(ex('/tmp/*.none', e)).toEqual(['/tmp/*.none']);
    expect(ex('*.c', e)).toEqual(['x.c']);
  });
  it('expands without splitting for assignments and here-documents', () => {
    const e = env({ sp: 'a  b' });
    expect(expandString(w('$sp*'), e)).toBe('a  b*');
    expect(expandHeredoc('v=$sp "q" \\$x\n', e)).toBe('v=a  b "q" $x\n');
  });
});

describe('arithmetic and patterns', () => {
  it('evaluates with C precedence and assignments', () => {
    const vars: Record<string, string> = { a: '3' };
    const v = { get: (n: string) => vars[n], set: (n: string, x: string) => void (vars[n] = x) };
    expect(evalArith('1 + 2 * 3', v)).toBe(7n);
    expect(evalArith('(1 + 2) * 3 - -1', v)).toBe(10n);
    expect(evalArith('a > 2 && a < 5 ? 10 : 20', v)).toBe(10n);
    expect(evalArith('b = a++ + 1', v)).toBe(4n);
    expect(vars).toEqual({ a: '4', b: '4' });
    expect(evalArith('7 / 2 + 7 % 2 + 0x10 + 010', v)).toBe(28n);
    expect(() => evalArith('1 / 0', v)).toThrow('division by 0');
  });
  it('matches shell patterns', () => {
    expect(matchPattern('*.txt', 'a.txt')).toBe(true);
    expect(matchPattern('?', 'ab')).toBe(false);
    expect(matchPattern('[a-c]x', 'bx')).toBe(true);
    expect(matchPattern('[!a-c]x', 'bx')).toBe(false);
    expect(matchPattern('\\*', '*')).toBe(true);
    expect(matchPattern('\\*', 'a')).toBe(false);
  });
});
