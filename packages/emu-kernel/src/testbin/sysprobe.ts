// sysprobe OP...: runs each operation with the caller's credentials and prints "OP=RESULT" (the errno
// name on failure). Operations, fields separated by ":":
//   open:PATH:FLAGS (r w rw, plus c creat, x excl, t trunc, a append)   stat:PATH   lstat:PATH
//   mkdir:PATH  rmdir:PATH  unlink:PATH  rename:OLD:NEW  symlink:TARGET:PATH  link:OLD:NEW
//   mknod:PATH:c:MAJOR:MINOR  mknod:PATH:p  chmod:PATH:OCTAL  chown:PATH:UID:GID  access:PATH:rwx
//   write:PATH:TEXT (open for writing, append TEXT)  read:PATH (prints the content as the result)
//   setuid:UID  kill:PID:SIG  sigqueue:PID:SIG:VALUE  chdir:PATH  sys:NR[:ARG...] (a raw system call)
import { O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, R_OK, W_OK, X_OK } from '../uapi/fcntl.js';
import { S_IFCHR, S_IFIFO, makedev } from '../uapi/stat.js';
import {
  access, chdir, chmod, chown, close, errno, kill, link, lstat, mkdir, mknod, open, readAll, rename, rmdir,
  set_errno, setuid, sigqueue, stat, symlink, syscall, unlink, writeAll,
} from '../user/libc.js';
import { errname } from '../uapi/errno.js';
import { check, report } from './lib/report.js';

function openFlags(s: string): number {
  let f = s.includes('rw') ? O_RDWR : s.includes('w') ? O_WRONLY : O_RDONLY;
  if (s.includes('c')) f |= O_CREAT;
  if (s.includes('x')) f |= O_EXCL;
  if (s.includes('t')) f |= O_TRUNC;
  if (s.includes('a')) f |= O_APPEND;
  return f;
}

function run(op: string, a: string[]): number | string {
  switch (op) {
    case 'open': {
      const fd = open(a[0], openFlags(a[1] ?? 'r'), 0o644);
      if (fd >= 0) close(fd);
      return fd < 0 ? -1 : 0;
    }
    case 'stat': return stat(a[0]) ? 0 : -1;
    case 'lstat': return lstat(a[0]) ? 0 : -1;
    case 'mkdir': return mkdir(a[0], 0o755);
    case 'rmdir': return rmdir(a[0]);
    case 'unlink': return unlink(a[0]);
    case 'rename': return rename(a[0], a[1]);
    case 'symlink': return symlink(a[0], a[1]);
    case 'link': return link(a[0], a[1]);
    case 'mknod':
      return a[1] === 'p' ? mknod(a[0], S_IFIFO | 0o644, 0)
        : mknod(a[0], S_IFCHR | 0o644, makedev(Number(a[2]), Number(a[3])));
    case 'chmod': return chmod(a[0], parseInt(a[1], 8));
    case 'chown': return chown(a[0], Number(a[1]), Number(a[2]));
    case 'access': {
      const m = (a[1] ?? '').split('').reduce((acc, c) => acc | (c === 'r' ? R_OK : c === 'w' ? W_OK : c === 'x' ? X_OK : 0), 0);
      return access(a[0], m);
    }
    case 'write': {
      const fd = open(a[0], O_WRONLY | O_APPEND);
      if (fd < 0) return -1;
      const n = writeAll(fd, a.slice(1).join(':'));
      close(fd);
      return n;
    }
    case 'read': {
      const fd = open(a[0], O_RDONLY);
      if (fd < 0) return -1;
      const data = readAll(fd);
      close(fd);
      return data ? JSON.stringify(new TextDecoder().decode(data)) : -1;
    }
    case 'setuid': return setuid(Number(a[0]));
    case 'kill': return kill(Number(a[0]), Number(a[1]));
    case 'sigqueue': return sigqueue(Number(a[0]), Number(a[1]), Number(a[2]));
    case 'chdir': return chdir(a[0]);
    case 'sys': {
      const n = a.map(Number);
      return syscall(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }
    default:
      set_errno(22);
      return -1;
  }
}

export default function main(argv: string[]): number {
  let failures = 0;
  for (const spec of argv.slice(1)) {
    const [op, ...args] = spec.split(':');
    set_errno(0);
    const r = run(op, args);
    if (typeof r === 'string') report(spec, r);
    else {
      check(spec, r < 0 ? -1 : r);
      if (r < 0) failures++;
    }
  }
  report('errno_last', errname(errno) || '0');
  report('failures', failures);
  return 0;
}
