// cryptflt's key: 32 bytes kept in a file only root may read, written as 64 hex digits (a trailing newline
// allowed) or as the 32 bytes themselves. A key that others could read is no secret: it is refused.
import { S_ISREG } from '@urfs/emu-kernel/uapi/stat';

export const CRYPT_KEY_LEN = 32;

/** What is wrong with a key file of this owner and mode, or null when only root may read or change it. */
export function key_file_problem(path: string, st: { mode: number; uid: number }): string | null {
  if (!S_ISREG(st.mode)) return `${path}: not a regular file`;
  if (st.uid !== 0) return `${path}: owned by uid ${st.uid}, not root`;
  if (st.mode & 0o077) {
    return `${path}: mode ${(st.mode & 0o777).toString(8).padStart(4, '0')} lets others read or change the key (chmod 600 it)`;
  }
  return null;
}

/** The key a file's bytes hold, or what is wrong with them. */
export function parse_key(path: string, bytes: Uint8Array): Uint8Array | string {
  if (bytes.length === CRYPT_KEY_LEN) return bytes.slice();
  const text = new TextDecoder().decode(bytes).replace(/\n$/, '');
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    return `${path}: a key is 64 hex digits or 32 bytes (found ${bytes.length} bytes)`;
  }
  const key = new Uint8Array(CRYPT_KEY_LEN);
  for (let i = 0; i < CRYPT_KEY_LEN; i++) key[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return key;
}
