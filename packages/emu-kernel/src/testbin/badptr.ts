// badptr: feeds the kernel wild pointers, bad descriptors, bad counts and unknown call numbers through
// raw system calls, and reports each result ("key=ERRNO" or "key=value"). Ends with "survived=1": bad
// input must give an error, never take the process or the kernel down, and change nothing.
import * as NR from '../uapi/unistd.js';
import { O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, SEEK_CUR } from '../uapi/fcntl.js';
import {
  HEAP, close, dup, fstat, getpid, ioctl, kill, lseek, malloc, open, pipe, read, spawn, strdup, syscall,
  waitpid, write,
} from '../user/libc.js';
import { check, report } from './lib/report.js';

export default function main(): number {
  const END = HEAP.length;
  const buf = malloc(4096);
  const zero = open('/dev/zero', O_RDONLY);
  check('open_zero', zero >= 0 ? 0 : -1);

  // Wild buffers: NULL, page 0, past the end, far away, negative, not an integer.
  check('read_null', syscall(NR.__NR_read, zero, 0, 16));
  check('read_page0', syscall(NR.__NR_read, zero, 100, 16));
  check('read_past_end', syscall(NR.__NR_read, zero, END - 8, 16));
  check('read_huge_addr', syscall(NR.__NR_read, zero, 2 ** 40, 16));
  check('read_negative_addr', syscall(NR.__NR_read, zero, -4096, 16));
  check('read_nan_addr', syscall(NR.__NR_read, zero, NaN, 16));
  check('read_frac_addr', syscall(NR.__NR_read, zero, buf + 0.5, 16));
  check('read_nan_count', syscall(NR.__NR_read, zero, buf, NaN));
  check('read_zero_count_null', syscall(NR.__NR_read, zero, 0, 0));
  check('write_null', syscall(NR.__NR_write, 1, 0, 5));
  check('write_past_end', syscall(NR.__NR_write, 1, END - 2, 5));
  check('read_ok', read(zero, buf, 16));

  // Counts.
  check('read_negcount', syscall(NR.__NR_read, zero, buf, -1));
  check('write_negcount', syscall(NR.__NR_write, 1, buf, -1));

  // Descriptors.
  check('read_badfd', read(-1, buf, 1));
  check('read_bigfd', read(99999, buf, 1));
  check('read_fracfd', read(1.5, buf, 1));
  check('close_badfd', close(4242));
  check('write_rdonly', write(zero, buf, 1));
  check('ioctl_badfd', ioctl(777, 0x5401, 0));
  check('fstat_badfd', fstat(555) ? 0 : -1);
  check('dup2_badfd', syscall(NR.__NR_dup2, 600, 3));
  check('dup2_negfd', syscall(NR.__NR_dup2, zero, -3));
  check('ioctl_unknown', ioctl(zero, 0x1234, 0));
  check('fcntl_badcmd', syscall(NR.__NR_fcntl, zero, 9999, 0));

  // Paths and structures behind bad pointers.
  check('open_null', syscall(NR.__NR_open, 0, O_RDONLY, 0));
  HEAP.set([0x61, 0x62, 0x63], END - 3); // "abc" with no NUL before the end of the space
  check('open_unterminated', syscall(NR.__NR_open, END - 3, O_RDONLY, 0));
  check('open_long_name', open('/tmp/' + 'a'.repeat(300), O_RDONLY));
  check('open_long_path', open('/' + 'a/'.repeat(2100), O_RDONLY));
  check('open_badflags', open('/dev/null', 3));
  check('open_enoent', open('/no/such/file', O_RDONLY));
  const root = strdup('/');
  check('stat_badbuf', syscall(NR.__NR_stat, root, 0));
  check('stat_badpath', syscall(NR.__NR_stat, 8, buf));
  check('fstat_badbuf', syscall(NR.__NR_fstat, zero, END - 10));
  check('getcwd_badbuf', syscall(NR.__NR_getcwd, 0, 100));
  check('uname_badbuf', syscall(NR.__NR_uname, END - 1));
  check('nanosleep_badptr', syscall(NR.__NR_nanosleep, 16, 0));
  check('poll_badptr', syscall(NR.__NR_poll, 0, 1, 0));
  check('select_badptr', syscall(NR.__NR_select, 8, 8, 0, 0, 0));
  check('sigaction_badptr', syscall(NR.__NR_rt_sigaction, 10, 8, 0, 8));
  check('sigprocmask_badptr', syscall(NR.__NR_rt_sigprocmask, 0, 8, 0, 8));
  check('sigqueue_badptr', syscall(NR.__NR_rt_sigqueueinfo, getpid(), 34, 0));
  check('clock_badptr', syscall(NR.__NR_clock_gettime, 1, 0));
  const dir = open('/', O_RDONLY);
  check('getdents_badbuf', syscall(NR.__NR_getdents64, dir, 0, 4096));
  close(dir);
  const truePath = strdup('/bin/true');
  check('execve_badargv', syscall(NR.__NR_execve, truePath, 8, 0));
  check('execve_badpath', syscall(NR.__NR_execve, 0, 0, 0));
  check('spawn_badfdmap', syscall(NR.__NR_emu_spawn, truePath, 0, 0, 0, 3));
  check('spawn_badfd', spawn('/bin/true', ['true'], [], [0, 777]));
  check('wait_nochild', waitpid(-1) ? 0 : -1);
  check('wait_badopts', syscall(NR.__NR_wait4, -1, 0, 0x4000, 0));
  check('kill_badsig', kill(getpid(), 999));
  check('kill_nopid', kill(99999, 0));
  check('mmap_zero_len', syscall(NR.__NR_mmap, 0, 0, 3, 0x22, -1, 0));
  check('mmap_badfd', syscall(NR.__NR_mmap, 0, 4096, 1, 0x01, 909, 0));

  // Unknown system call numbers.
  check('sys_999', syscall(999));
  check('sys_400', syscall(400));
  check('sys_neg', syscall(-1));
  check('sys_huge', syscall(1e9));
  check('sys_frac', syscall(0.5));
  check('sys_nan', syscall(NaN));

  // Errors change nothing: no descriptor leaks from a failed pipe, a failed read leaves the position,
  // a failed write leaves the file.
  const before = dup(0);
  close(before);
  check('pipe_badptr', syscall(NR.__NR_pipe2, 0, 0));
  check('pipe_badflags', syscall(NR.__NR_pipe2, buf, 0x7fff0000));
  const after = dup(0);
  close(after);
  report('fd_leak', after - before);
  const f = open('/tmp/badptr.dat', O_RDWR | O_CREAT | O_TRUNC, 0o644);
  HEAP.fill(0x41, buf, buf + 64);
  check('write_file', write(f, buf, 64));
  lseek(f, 0, 0);
  check('read_file_past_end', syscall(NR.__NR_read, f, END - 4, 16));
  check('pos_after_efault', lseek(f, 0, SEEK_CUR));
  check('write_file_badptr', syscall(NR.__NR_write, f, END - 4, 16));
  check('size_after_efault', fstat(f)?.size ?? -1);
  close(f);
  const p = pipe();
  if (p) {
    check('lseek_pipe', lseek(p[0], 0, 0));
    check('pread_pipe', syscall(NR.__NR_pread64, p[0], buf, 1, 0));
    close(p[0]);
    close(p[1]);
  }
  check('read_after_all', read(zero, buf, 4096));
  report('survived', 1);
  return 0;
}
