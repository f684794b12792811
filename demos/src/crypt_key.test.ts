import { describe, it, expect } from 'vitest';
import { key_file_problem, parse_key } from './crypt_key.js';

const REG = 0o100000;
const HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

describe('crypt_key', () => {
  it('accepts a regular file of root that only root may read or change', () => {
    expect(key_file_problem('/k', { mode: REG | 0o600, uid: 0 })).toBeNull();
    expect(key_file_problem('/k', { mode: REG | 0o400, uid: 0 })).toBeNull();
  });

  it('refuses one others may read or write, one not root\'s, one that is no regular file', () => {
    expect(key_file_problem('/k', { mode: REG | 0o644, uid: 0 }))
      .toBe('/k: mode 0644 lets others read or change the key (chmod 600 it)');
    expect(key_file_problem('/k', { mode: REG | 0o620, uid: 0 })).toMatch(/mode 0620/);
    expect(key_file_problem('/k', { mode: REG | 0o600, uid: 1000 })).toBe('/k: owned by uid 1000, not root');
    expect(key_file_problem('/k', { mode: 0o040700, uid: 0 })).toBe('/k: not a regular file');
  });

  it('reads 64 hex digits (a newline after them allowed) or 32 raw bytes', () => {
    const want = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(parse_key('/k', new TextEncoder().encode(HEX + '\n'))).toEqual(want);
    expect(parse_key('/k', new TextEncoder().encode(HEX.toUpperCase()))).toEqual(want);
    expect(parse_key('/k', want)).toEqual(want);
  });

  it('says what is wrong with anything else', () => {
    expect(parse_key('/k', new TextEncoder().encode('secret\n'))).toBe('/k: a key is 64 hex digits or 32 bytes (found 7 bytes)');
    expect(parse_key('/k', new TextEncoder().encode(HEX.slice(2) + 'zz'))).toMatch(/64 hex digits/);
    expect(parse_key('/k', new Uint8Array(0))).toMatch(/found 0 bytes/);
  });
});
