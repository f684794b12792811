import { describe, it, expect } from 'vitest';
import { find_signature, parse_signatures } from './avscan_db.js';

const enc = new TextEncoder();

describe('avscan signature database', () => {
  it('reads quoted and hex patterns, skipping comments and blank lines', () => {
    const s = parse_signatures('# x\n\nA "ab\\x00\\"c"\nB hex:4d5a\n', 'db');
    expect(s).toEqual([{ name: 'A', bytes: new Uint8Array([0x61, 0x62, 0, 0x22, 0x63]) },
      { name: 'B', bytes: new Uint8Array([0x4d, 0x5a]) }]);
  });

  it('names the file and line of what is wrong', () => {
    expect(parse_signatures('A "x"\nnope\n', 'f')).toBe('f:2: a signature is NAME "bytes" or NAME hex:BYTES');
    expect(parse_signatures('A hex:abc\n', 'f')).toBe('f:1: hex: needs an even number of hex digits');
    expect(parse_signatures('A "a\\q"\n', 'f')).toBe('f:1: unknown escape \\q');
    expect(parse_signatures('A ""\n', 'f')).toBe('f:1: an empty pattern matches everything');
    expect(parse_signatures('# only\n', 'f')).toBe('f: no signature in it');
  });

  it('finds a pattern anywhere, including at the very end, and nothing in clean data', () => {
    const sigs = parse_signatures('A "needle"\nB hex:ffff\n', 'db');
    if (typeof sigs === 'string') throw new Error(sigs);
    expect(find_signature(enc.encode('hay needle hay'), sigs)).toBe('A');
    expect(find_signature(new Uint8Array([1, 0xff, 2, 0xff, 0xff]), sigs)).toBe('B');
    expect(find_signature(enc.encode('needl'), sigs)).toBeNull();
  });
});
