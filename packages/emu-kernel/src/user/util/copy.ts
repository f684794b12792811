// Copying files and trees (cp, and mv across file systems).
import {
  open, close, read, write, malloc, free, errno, set_errno, mkdir, readdir, lstat, stat, readlink, symlink,
  mknod, chmod,
} from '../libc.js';
import { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC } from '../../uapi/fcntl.js';
import { EINTR } from '../../uapi/errno.js';
import { S_ISDIR, S_ISLNK, S_ISREG } from '../../uapi/stat.js';
import { warn, warnx } from './err.js';
import { join } from './path.js';

const BUFSZ = 65536;

/** Copies the bytes of `src` into `dst` (created with src's permissions); -1 with errno on failure. */
export function copyFile(src: string, dst: string, mode: number): number {
  const in_ = open(src, O_RDONLY);
  if (in_ < 0) return -1;
  const out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 0o777);
  if (out < 0) {
    const e = errno;
    close(in_);
    set_errno(e);
    return -1;
  }
  const buf = malloc(BUFSZ);
  let rc = 0;
  try {
    for (;;) {
      const n = read(in_, buf, BUFSZ);
      if (n < 0 && errno === EINTR) continue;
      if (n <= 0) {
        rc = n;
        break;
      }
      let off = 0;
      while (off < n) {
        const w = write(out, buf + off, n - off);
        if (w < 0) {
          if (errno === EINTR) continue;
          return -1;
        }
        off += w;
      }
    }
  } finally {
    const e = errno;
    free(buf);
    close(in_);
    close(out);
    set_errno(e);
  }
  return rc;
}

/**
 * Copies `src` to `dst`: a file's bytes, or with `recursive` a directory tree (symlinks as symlinks,
 * device nodes and fifos as new nodes). Reports errors as `prog` and returns whether all went well.
 */
export function copyTree(prog: string, src: string, dst: string, recursive: boolean): boolean {
  const st = recursive ? lstat(src) : stat(src);
  if (!st) {
    warn(prog, src);
    return false;
  }
  if (S_ISDIR(st.mode)) {
    if (!recursive) {
      warnx(prog, `-r not specified; omitting directory '${src}'`);
      return false;
    }
    if (mkdir(dst, 0o700) < 0 && !S_ISDIR(stat(dst)?.mode ?? 0)) {
      warn(prog, dst);
      return false;
    }
    let ok = true;
    for (const e of readdir(src) ?? []) {
      if (e.d_name === '.' || e.d_name === '..') continue;
      ok = copyTree(prog, join(src, e.d_name), join(dst, e.d_name), true) && ok;
    }
    chmod(dst, st.mode & 0o7777);
    return ok;
  }
  if (S_ISLNK(st.mode)) {
    const t = readlink(src);
    if (t === null || symlink(t, dst) < 0) {
      warn(prog, dst);
      return false;
    }
    return true;
  }
  if (!S_ISREG(st.mode) && recursive) {
    if (mknod(dst, st.mode, st.rdev) < 0) {
      warn(prog, dst);
      return false;
    }
    return true;
  }
  if (copyFile(src, dst, st.mode) < 0) {
    warn(prog, dst);
    return false;
  }
  return true;
}
