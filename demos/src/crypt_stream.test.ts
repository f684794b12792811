import { describe, it, expect } from 'vitest';
import { chacha20 } from '@noble/ciphers/chacha.js';
import { crypt_at, crypt_nonce, crypt_zeros, CRYPT_MAX_OFFSET } from './crypt_stream.js';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('crypt_stream', () => {
  it('is RFC 8439 ChaCha20: the key stream of the RFC\'s section 2.4.2 test vector', () => {
    // RFC 8439 2.4.2: key 00..1f, nonce 000000000000004a00000000, counter 1; first ciphertext bytes.
    const pt = new TextEncoder().encode('Ladies and Gentlemen of the class of \'99');
    const nonce = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0x4a, 0, 0, 0, 0]);
    const ct = chacha20(key, nonce, pt, undefined, 1);
    expect(Buffer.from(ct.subarray(0, 8)).toString('hex')).toBe('6e2e359a2568f980');
  });

  it('makes the nonce of an inode from "urfs" and its number, little-endian', () => {
    expect(Buffer.from(crypt_nonce(0x0102)).toString('hex')).toBe('75726673' + '0201000000000000');
  });

  it('XORs with the keystream at the byte offset alone: any split of a range gives the same bytes', () => {
    const plain = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    const whole = plain.slice();
    expect(crypt_at(key, 42, 5, whole)).toBe(true);
    for (const cut of [1, 59, 64, 123, 299]) {
      const a = plain.slice(0, cut), b = plain.slice(cut);
      crypt_at(key, 42, 5, a);
      crypt_at(key, 42, 5 + cut, b);
      expect(Buffer.concat([a, b]).equals(Buffer.from(whole))).toBe(true);
    }
    expect(Buffer.from(whole).equals(Buffer.from(plain))).toBe(false);
    crypt_at(key, 42, 5, whole);
    expect(Buffer.from(whole).equals(Buffer.from(plain))).toBe(true);
  });

  it('works on memory shared with the kernel (a SharedArrayBuffer), as the filter\'s data area is', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(200)).subarray(3, 103);
    shared.fill(7);
    const plain = shared.slice();
    crypt_at(key, 9, 130, shared);
    const copy = plain.slice();
    crypt_at(key, 9, 130, copy);
    expect(Buffer.from(shared).equals(Buffer.from(copy))).toBe(true);
    crypt_at(key, 9, 130, shared);
    expect(Buffer.from(shared).equals(Buffer.from(plain))).toBe(true);
  });

  it('gives each inode its own keystream, and zeros store as the keystream', () => {
    const a = crypt_zeros(key, 1, 0, 64), b = crypt_zeros(key, 2, 0, 64);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).equals(Buffer.from(chacha20(key, crypt_nonce(1), new Uint8Array(64))))).toBe(true);
  });

  it('refuses ranges the 32-bit block counter cannot reach, and bad offsets', () => {
    expect(crypt_at(key, 1, CRYPT_MAX_OFFSET - 1, new Uint8Array(1))).toBe(true);
    expect(crypt_at(key, 1, CRYPT_MAX_OFFSET - 1, new Uint8Array(2))).toBe(false);
    expect(crypt_at(key, 1, -1, new Uint8Array(1))).toBe(false);
    expect(crypt_at(key, 1, 0.5, new Uint8Array(1))).toBe(false);
  });
});
