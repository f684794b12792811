import { describe, it, expect } from 'vitest';
import { getopt } from './getopt.js';
import { modeString, parseMode, fileTypeName } from './mode.js';
import { lsTime, statTime } from './time.js';
import { basename, dirname, join } from './path.js';
import { evalTest, TestError } from './test_expr.js';
import { encodeRaw, rawByte } from './rawbytes.js';
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFREG, S_IFIFO } from '../../uapi/stat.js';

describe('getopt', () => {
  it('parses clustered flags, values and operands', () => {
    const r = getopt(['ls', '-la', 'x', '-m', '755', '-n5', '--', '-y'], 'lam:n:');
    expect(typeof r).toBe('object');
    if (typeof r === 'string') return;
    expect([...r.opts]).toEqual([['l', true], ['a', true], ['m', '755'], ['n', '5']]);
    expect(r.operands).toEqual(['x', '-y']);
  });
  it('reports unknown options and missing values', () => {
    expect(getopt(['x', '-z'], 'a')).toBe("invalid option -- 'z'");
    expect(getopt(['x', '-m'], 'm:')).toBe("option requires an argument -- 'm'");
  });
  it('stops at the first operand when not permuting', () => {
    const r = getopt(['env', '-i', 'cmd', '-x'], 'i', false);
    expect(typeof r !== 'string' && r.operands).toEqual(['cmd', '-x']);
  });
});

describe('modes', () => {
  it('formats ls -l mode strings', () => {
    expect(modeString(S_IFCHR | 0o644)).toBe('crw-r--r--');
    expect(modeString(S_IFDIR | 0o1777)).toBe('drwxrwxrwt');
    expect(modeString(S_IFREG | 0o4755)).toBe('-rwsr-xr-x');
    expect(modeString(S_IFREG | 0o2644)).toBe('-rw-r-Sr--');
    expect(modeString(S_IFLNK | 0o777)).toBe('lrwxrwxrwx');
    expect(modeString(S_IFIFO | 0o600)).toBe('prw-------');
  });
  it('names file types like stat', () => {
    expect(fileTypeName(S_IFREG, 0)).toBe('regular empty file');
    expect(fileTypeName(S_IFREG, 3)).toBe('regular file');
    expect(fileTypeName(S_IFCHR, 0)).toBe('character special file');
  });
  it('applies octal and symbolic chmod modes', () => {
    expect(parseMode('755', 0)).toBe(0o755);
    expect(parseMode('u+x', 0o644)).toBe(0o744);
    expect(parseMode('go-w', 0o666)).toBe(0o644);
    expect(parseMode('a=r', 0o755)).toBe(0o444);
    expect(parseMode('u+x,go-r', 0o644)).toBe(0o700);
    expect(parseMode('+x', 0o644, false, 0o022)).toBe(0o755);
    expect(parseMode('u=rwx,g=u,o=', 0o644)).toBe(0o770);
    expect(parseMode('a+X', 0o644, true)).toBe(0o755);
    expect(parseMode('a+X', 0o644, false)).toBe(0o644);
    expect(parseMode('+t', 0o777)).toBe(0o1777);
    expect(parseMode('q+x', 0)).toBeNull();
    expect(parseMode('99', 0)).toBeNull();
  });
});

describe('times, paths, test expressions, raw bytes', () => {
  it('formats time stamps', () => {
    const t = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
    expect(lsTime(t, t + 60)).toBe('Jan  2 03:04');
    expect(lsTime(t, t + 365 * 86400)).toBe('Jan  2  2024');
    expect(statTime(t)).toBe('2024-01-02 03:04:05.000000000 +0000');
  });
  it('splits paths', () => {
    expect([basename('/a/b/'), basename('/'), basename('c')]).toEqual(['b', '/', 'c']);
    expect([dirname('/a/b'), dirname('/a'), dirname('a'), dirname('a/b/')]).toEqual(['/a', '/', '.', 'a']);
    expect([join('/', 'x'), join('/a', 'x')]).toEqual(['/x', '/a/x']);
  });
  it('evaluates string and integer tests', () => {
    expect(evalTest(['abc'])).toBe(0);
    expect(evalTest([''])).toBe(1);
    expect(evalTest(['-z', ''])).toBe(0);
    expect(evalTest(['a', '=', 'a', '-a', '3', '-gt', '2'])).toBe(0);
    expect(evalTest(['!', '1', '-eq', '1', '-o', 'x', '!=', 'x'])).toBe(1);
    expect(evalTest(['(', '1', '-lt', '2', ')'])).toBe(0);
    expect(evalTest(['-n', '='])).toBe(0);
    expect(() => evalTest(['a', '-eq', '1'])).toThrow(TestError);
    expect(() => evalTest(['1', '2'])).toThrow(TestError);
  });
  it('keeps raw bytes apart from text', () => {
    expect([...encodeRaw(`${rawByte(0x86)}V é`)]).toEqual([0x86, 0x56, 0x20, 0xc3, 0xa9]);
  });
});
