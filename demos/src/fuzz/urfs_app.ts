// An application doing I/O under a filtered directory while a fuzzer answers the filter's events (or
// does not): opens, reads, writes, seeks, stats, lists, creates, renames, truncates and removes, with a
// few descriptors kept open, until it is killed. Every operation is an input of its own (the slot moves),
// so the runner sees an operation that never comes back. Whatever a filter answers, a result must be one
// the operation could have had: -1 with an errno, or a count from 0 to what was asked; anything else is
// reported as a violation.
import {
  open, close, read, write, pread, pwrite, lseek, stat, fstat, readdir, unlink, rename, mkdir, rmdir, truncate,
  chmod, malloc, signal, SIG_IGN,
} from '@urfs/emu-kernel/user/libc';
import { O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, SEEK_END, SEEK_SET } from '@urfs/emu-kernel/uapi/fcntl';
import { SIGPIPE } from '@urfs/emu-kernel/uapi/signal';
import type { FuzzRun } from '@urfs/emu-kernel/testbin/lib/fuzz';

const NAMES = ['a', 'b', 'c', 'd/e', 'd/f', 'new', 'd'];
const FLAGS = [O_RDONLY, O_RDWR, O_WRONLY | O_CREAT, O_RDWR | O_CREAT | O_TRUNC, O_WRONLY | O_APPEND | O_CREAT, O_RDWR | O_CREAT];
const KEEP = 6;

export function urfs_app(run: FuzzRun, dir: string): number {
  const rng = run.rng;
  signal(SIGPIPE, SIG_IGN);
  const buf = malloc(65536);
  const fds: number[] = [];
  const name = () => `${dir}/${rng.pick(NAMES)}`;
  const fd = () => (fds.length ? rng.pick(fds) : -1);
  const len = () => rng.pick([0, 1, 16, 100, 4096, 65536]);
  for (let i = 0; ; i++) {
    run.step(i);
    let r: number;
    let n = -1;
    const count = () => (n = len());
    switch (rng.below(16)) {
      case 0:
      case 1: {
        r = open(name(), rng.pick(FLAGS), 0o644);
        if (r >= 0) fds.push(r);
        if (fds.length > KEEP) close(fds.shift()!);
        break;
      }
      case 2: r = read(fd(), buf, count()); break;
      case 3: r = write(fd(), buf, count()); break;
      case 4: r = pread(fd(), buf, count(), rng.below(8192)); break;
      case 5: r = pwrite(fd(), buf, count(), rng.below(8192)); break;
      case 6: r = lseek(fd(), rng.below(10000), rng.chance(0.5) ? SEEK_SET : SEEK_END); break;
      case 7: r = stat(name()) ? 0 : -1; break;
      case 8: r = fstat(fd()) ? 0 : -1; break;
      case 9: r = readdir(dir) ? 0 : -1; break;
      case 10: r = unlink(name()); break;
      case 11: r = rename(name(), name()); break;
      case 12: r = rng.chance(0.5) ? mkdir(`${dir}/d`, 0o755) : rmdir(`${dir}/d`); break;
      case 13: r = truncate(name(), rng.below(10000)); break;
      case 14: r = chmod(name(), rng.pick([0o644, 0o600, 0o755])); break;
      default: {
        const f = fds.length ? fds.splice(rng.below(fds.length), 1)[0] : -1;
        r = close(f);
      }
    }
    if (r < -1 || !Number.isInteger(r) || (n >= 0 && r > n)) run.violation(`an operation of ${n >= 0 ? n : 'no'} bytes returned ${r}`);
    run.libc(r, 'app operation');
  }
}
