// cryptflt [--key FILE] [-b] [-p PRIORITY] PATH...: transparent encryption (RedirFS's cipherflt). What is
// stored under PATH is ChaCha20 ciphertext (crypt_stream.ts); what is read through the filter is the
// plaintext, at any offset and size. The key comes from a file only root may read (crypt_key.ts).
import { EFBIG, EIO } from '@urfs/emu-kernel/uapi/errno';
import { O_NOFOLLOW, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { close, fstat, open, readAll, stat, strerror, errno } from '@urfs/emu-kernel/user/libc';
import { urfs_run, type urfs_filter_def, type urfs_result } from '@urfs/liburfs/index';
import { key_file_problem, parse_key } from '../crypt_key.js';
import { crypt_at } from '../crypt_stream.js';
import { crypt_fill_zeros } from '../crypt_fill.js';

const KEY = '/etc/cryptflt.key';
let key: Uint8Array = new Uint8Array(0);
/** Sizes before a setattr that sets one, by inode: what a growing truncate added is filled afterwards. */
const before = new Map<number, number>();

const size_of = (path: string): number => stat(path)?.size ?? 0;
const crypt = (ino: number, pos: number, buf: Uint8Array | null): urfs_result =>
  !buf || crypt_at(key, ino, pos, buf) ? undefined : { deny: EFBIG };

const cryptflt: urfs_filter_def = {
  name: 'cryptflt',
  priority: 450,
  // Never plaintext to the disk nor ciphertext to a reader: an operation the filter cannot answer fails.
  policy: 'error',
  description: 'Files under PATH are stored ChaCha20-encrypted and read back plain.',
  options: { key: { arg: 'FILE', help: `the key: 64 hex digits in a file only root may read (default ${KEY})` } },
  ops: {
    // After the read, pos has moved past the bytes read.
    read: { types: ['reg'], post: (_cx, { retv, args: { ino, pos, buf } }) => crypt(ino, pos - retv, buf) },
    write: {
      types: ['reg'],
      pre: (_cx, { args: { path, ino, pos, buf } }) => {
        // A write past the end leaves a hole: stored zeros would read back as keystream, so it gets the
        // keystream, which reads back as zeros.
        if (crypt_fill_zeros(key, path, ino, size_of(path), pos) < 0) return { deny: EIO };
        return crypt(ino, pos, buf);
      },
    },
    setattr: {
      types: ['reg'],
      pre: (_cx, { args: { path, ino, attr } }) => void (attr.size !== undefined && before.set(ino, size_of(path))),
      post: (_cx, { retv, args: { path, ino, attr } }) => {
        const old = before.get(ino);
        before.delete(ino);
        if (retv !== 0 || attr.size === undefined || old === undefined) return;
        return crypt_fill_zeros(key, path, ino, old, attr.size) < 0 ? { result: -EIO } : undefined;
      },
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
