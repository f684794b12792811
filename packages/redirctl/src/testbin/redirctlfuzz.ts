// redirctlfuzz --seed N --count N [--trace N] [DIR]: random ioctls on /dev/redirctl. Every command
// (and unknown ones) on a few open files, with packed arguments that name existing filters, unknown and
// overlong ones, paths under DIR (default /tmp/rc) and elsewhere, any flags; length prefixes that lie
// (negative, past the buffer, past the end of memory); DATA without PREPARE, with a buffer too small or
// at a wild address. Now and then a write to a filter's sysfs control files, and I/O under DIR so the
// filters whose paths changed run. Each ioctl is one input; reports as @urfs/emu-kernel/testbin/lib/fuzz.
import { HEAPV, close, ioctl, open, read, stat, writeAll, errno } from '@urfs/emu-kernel/user/libc';
import { O_CREAT, O_NONBLOCK, O_RDWR, O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { FuzzRun, fuzz_options } from '@urfs/emu-kernel/testbin/lib/fuzz';
import { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import type { Prng } from '@urfs/emu-kernel/testbin/lib/prng';
import { REDIRCTL_DEVICE, redirctl_pack } from '@urfs/redirfs/redirctl_abi';
import { RFS_PATH_EXCLUDE, RFS_PATH_INCLUDE, RFS_PATH_SINGLE, RFS_PATH_SUBTREE } from '@urfs/redirfs/rfs';

const USAGE = 'redirctlfuzz --seed N --count N [--trace N] [DIR]';
const FILES = 3;
const FLAGS = [RFS_PATH_INCLUDE | RFS_PATH_SUBTREE, RFS_PATH_INCLUDE | RFS_PATH_SINGLE, RFS_PATH_EXCLUDE | RFS_PATH_SUBTREE,
  RFS_PATH_EXCLUDE | RFS_PATH_SINGLE, 0, 3, 12, 15, -1, 2 ** 31 - 1];
const SYSFS = '/sys/fs/redirfs/filters';

/** A packed argument for command `cmd`, then maybe with one of its length prefixes lying. */
function argument(rng: Prng, cmd: number, names: string[], paths: string[]): Uint8Array {
  const name = () => rng.pick(names);
  let b: Uint8Array;
  switch (cmd) {
    case 2: case 5: case 6: b = redirctl_pack(name()); break;
    case 4: b = redirctl_pack(name(), rng.pick(paths), rng.pick(FLAGS)); break;
    default: b = rng.fill(new Uint8Array(rng.below(64)));
  }
  if (b.length >= 4 && rng.chance(0.15)) {
    // A string's length prefix: the first one, or the path's (after the name) when there is one.
    const at = cmd === 4 && rng.chance(0.5) ? 4 + new DataView(b.buffer).getInt32(0, true) : 0;
    if (at + 4 <= b.length) new DataView(b.buffer).setInt32(at, rng.pick([-1, -(2 ** 31), 0, 1, 256, 4097, 2 ** 31 - 1,
      b.length, b.length - 3, 65536]), true);
  }
  if (rng.chance(0.05)) b = b.subarray(0, rng.below(b.length + 1));
  return b;
}

export default function main(argv: string[]): number {
  const o = fuzz_options(argv, USAGE);
  if (!o) return 2;
  const dir = o.args[0] ?? '/tmp/rc';
  const run = new FuzzRun(o);
  const rng = run.rng;
  const mem = new FuzzMem(rng);
  const fds = Array.from({ length: FILES }, () => open(REDIRCTL_DEVICE, O_RDWR));
  if (fds.some((fd) => fd < 0)) return run.violation(`cannot open ${REDIRCTL_DEVICE}`), 1;
  const names = ['dummyflt', 'udummyflt', 'roflt', 'fzlive', 'nosuch', '', 'x'.repeat(255), 'x'.repeat(256), 'dummyflt\0'];
  // Not "/": a filter in user space (udummyflt) on the whole tree makes every operation of the machine a
  // round trip to it, and the run crawls; the walk and the refusals are the same for any path.
  const paths = [dir, `${dir}/a`, `${dir}/d`, `${dir}/d/e`, `${dir}/nosuch`, '/etc', '', 'relative', `${dir}/${'n'.repeat(300)}`,
    '/' + 'p/'.repeat(2100)];
  /** What the last PREPARE on each file said the reply's size is. */
  const prepared = fds.map(() => 0);
  const buf = mem.alloc(4096);
  for (let i = 0; i < o.count; i++) {
    run.step(i);
    const k = rng.below(FILES);
    const cmd = rng.chance(0.92) ? rng.below(7) : rng.pick([7, 8, 100, -1, 2 ** 31, 0x5401, rng.u32()]);
    let ptr: number;
    if (cmd === 1 || cmd === 3) {
      const want = prepared[k];
      const size = rng.pick([want, want, want, want - 1, 0, 1, want + 100]);
      ptr = rng.chance(0.9) ? mem.alloc(Math.max(0, size)) : rng.chance(0.5) ? mem.wild(rng) : mem.end - Math.max(1, size - 1);
    } else {
      const b = argument(rng, cmd, names, paths);
      const r = rng.below(20);
      ptr = r === 0 ? mem.wild(rng) : r === 1 ? mem.end - b.length : mem.alloc(b.length);
      if (ptr > 0 && ptr + b.length <= mem.end) for (let j = 0; j < b.length; j++) HEAPV.setUint8(ptr + j, b[j]);
      if (run.tracing) run.trace(`arg ${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`);
    }
    const what = () => `ioctl(${fds[k]}, ${cmd}, ${ptr})`;
    run.trace(what);
    const r = ioctl(fds[k], cmd, ptr);
    run.libc(r, what);
    if ((cmd === 0 || cmd === 2) && r >= 0) prepared[k] = r;
    if (rng.chance(0.03)) sysfs_write(run, rng, names, paths);
    if (rng.chance(0.05)) touch(rng, dir, buf);
  }
  for (const fd of fds) close(fd);
  return run.finish(o.count);
}

/** A write to a filter's sysfs control file (never "unregister": the filters must stay for the ioctls). */
function sysfs_write(run: FuzzRun, rng: Prng, names: string[], paths: string[]): void {
  const file = `${SYSFS}/${rng.pick(names.slice(0, 4))}/${rng.pick(['active', 'paths', 'priority'])}`;
  const text = rng.pick(['0', '1', '0\n', '1\n', '2', '', 'c', `a:i:${rng.pick(paths)}`, `a:e:${rng.pick(paths)}`,
    `r:${rng.range(-1, 5)}`, `R:${rng.pick(paths)}`, 'a:x:/', 'r:', 'r:99999999999999999999', 'x'.repeat(5000)]);
  const fd = open(file, O_WRONLY | O_NONBLOCK);
  if (fd < 0) return;
  run.count(writeAll(fd, text) < 0 ? `sysfs.${errno}` : 'sysfs.ok');
  close(fd);
}

/** I/O under the directory, so the filters whose paths the ioctls set run their callbacks. */
function touch(rng: Prng, dir: string, buf: number): void {
  const p = `${dir}/${rng.pick(['a', 'd/e', 'new'])}`;
  if (rng.chance(0.5)) {
    stat(p);
    return;
  }
  const fd = open(p, O_RDWR | O_CREAT | O_NONBLOCK, 0o644);
  if (fd < 0) return;
  read(fd, buf, 64);
  close(fd);
}
