// cryptflt's keystream: ChaCha20 (RFC 8439, @noble/ciphers) under the filter's key, with a nonce made of
// the file's inode number, so the keystream belongs to the file (it survives rename and hard links) and
// every byte's place in it is the byte's offset in the file: any read or write, at any offset and of any
// size, is XORed with the keystream at that offset alone.
import { chacha20 } from '@noble/ciphers/chacha.js';

const BLOCK = 64;
/** ChaCha20's 32-bit block counter (noble does not let it wrap) bounds the offsets a file can have: 256 GiB. */
export const CRYPT_MAX_OFFSET = (2 ** 32 - 1) * BLOCK;

/** The 12-byte nonce of inode `ino`: "urfs" then the inode number, little-endian. */
export function crypt_nonce(ino: number): Uint8Array {
  const n = new Uint8Array(12);
  n.set([0x75, 0x72, 0x66, 0x73]);
  new DataView(n.buffer).setBigUint64(4, BigInt(ino), true);
  return n;
}

/**
 * XORs `data` in place with file `ino`'s keystream from byte `pos` on: encrypts plaintext, decrypts
 * ciphertext. False when the range lies past what the counter reaches.
 */
export function crypt_at(key: Uint8Array, ino: number, pos: number, data: Uint8Array): boolean {
  if (!Number.isSafeInteger(pos) || pos < 0 || pos + data.length > CRYPT_MAX_OFFSET) return false;
  const nonce = crypt_nonce(ino);
  let counter = Math.floor(pos / BLOCK);
  let done = 0;
  const skip = pos % BLOCK;
  if (skip && data.length) {
    // A start inside a block: that block goes through a padded copy, the rest in place.
    done = Math.min(BLOCK - skip, data.length);
    const head = new Uint8Array(BLOCK);
    head.set(data.subarray(0, done), skip);
    chacha20(key, nonce, head, head, counter++);
    data.set(head.subarray(skip, skip + done));
  }
  if (done < data.length) {
    const rest = data.subarray(done);
    chacha20(key, nonce, rest, rest, counter);
  }
  return true;
}

/** What zeros at [pos, pos+len) of file `ino` are stored as: the keystream itself. */
export function crypt_zeros(key: Uint8Array, ino: number, pos: number, len: number): Uint8Array {
  const z = new Uint8Array(len);
  crypt_at(key, ino, pos, z);
  return z;
}
