// cryptflt [--key FILE] [-b] [-p PRIORITY] PATH...: transparent encryption (RedirFS's cipherflt). What is
// stored under PATH is ChaCha20 ciphertext (crypt_stream.ts); what is read through the filter is the
// plaintext, at any offset and size. The key comes from a file only root may read (crypt_key.ts).
import { EFBIG } from '@urfs/emu-kernel/uapi/errno';
import { O_NOFOLLOW, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { close, fstat, open, readAll, strerror, errno } from '@urfs/emu-kernel/user/libc';
import { urfs_run, type urfs_filter_def, type urfs_result } from '@urfs/liburfs/index';
import { key_file_problem, parse_key } from '../crypt_key.js';
import { crypt_at } from '../crypt_stream.js';
import { crypt_grow } from '../crypt_fill.js';

const KEY = '/etc/cryptflt.key';
let key: Uint8Array = new Uint8Array(0);

const crypt = (ino: number, pos: number, buf: Uint8Array | null): urfs_result =>
  !buf || crypt_at(key, ino, pos, buf) ? undefined : { deny: EFBIG };
/** Before data lands at `pos` or the size is set to `pos`: a region grown without data reads as zeros. */
const grow = (path: string, ino: number, pos: number, size: number): urfs_result => {
  const r = pos <= size ? 0 : crypt_grow(key, path, ino, pos);
  return r === 0 ? undefined : { deny: -r };
};

const cryptflt: urfs_filter_def = {
  name: 'cryptflt',
  priority: 450,
  // Never plaintext to the disk nor ciphertext to a reader: an operation the filter cannot answer fails.
  policy: 'error',
  description: 'Files under PATH are stored ChaCha20-encrypted and read back plain.',
  options: {
    key: { arg: 'FILE', help: `the key: 64 hex digits or 32 bytes, in a file only root may read (default ${KEY})` },
  },
  ops: {
    // After the read, pos has moved past the bytes read.
    read: { types: ['reg'], post: (_cx, { retv, args: { ino, pos, buf } }) => crypt(ino, pos - retv, buf) },
    write: {
      types: ['reg'],
      // The object's own descriptor gives its size, even once it is unlinked or renamed.
      object_fd: true,
      pre: (_cx, { args: { path, ino, pos, buf, fd } }) =>
        grow(path, ino, pos, fstat(fd)?.size ?? -1) ?? crypt(ino, pos, buf),
    },
    // A growing truncate is done by the filter itself, with the keystream over what it adds; the operation
    // then finds the size set. Permission to truncate was checked before the filters are called.
    setattr: {
      types: ['reg'],
      pre: (_cx, { args: { path, ino, attr } }) => (attr.size ? grow(path, ino, attr.size, 0) : undefined),
    },
  },
  start(options) {
    const path = options.key?.at(-1) ?? KEY;
    const fd = open(path, O_RDONLY | O_NOFOLLOW);
    if (fd < 0) return `${path}: cannot open the key: ${strerror(errno)}`;
    const st = fstat(fd);
    const bytes = st && !key_file_problem(path, st) ? readAll(fd) : null;
    close(fd);
    if (!st) return `${path}: cannot stat the key`;
    const bad = key_file_problem(path, st);
    if (bad) return bad;
    const k = bytes ? parse_key(path, bytes) : `${path}: cannot read the key`;
    if (typeof k === 'string') return k;
    key = k;
  },
};

export default (argv: string[]): Promise<number> => urfs_run(cryptflt, argv);
