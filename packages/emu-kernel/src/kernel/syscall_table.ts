// The system call table (arch/x86/entry/syscall_64.c): every number this machine implements, wired at
// boot. A number missing here is a hole: sys_ni_syscall answers ENOSYS.
import * as NR from '../uapi/unistd.js';
import { __SYSCALL, syscall_table_init, type SyscallResult } from './syscall.js';
import type { Task } from './task.js';
import { sys_read, sys_write, sys_pread64, sys_pwrite64, sys_lseek } from '../fs/read_write.js';
import { sys_open, sys_openat, sys_creat, sys_close, sys_chdir, sys_chmod, sys_fchmod, sys_chown, sys_truncate,
  sys_ftruncate, sys_access, getname } from '../fs/open.js';
import { sys_stat, sys_fstat, sys_readlink } from '../fs/stat.js';
import { sys_utimensat } from '../fs/utimes.js';
import { sys_getdents64 } from '../fs/readdir.js';
import { sys_ioctl } from '../fs/ioctl.js';
import { sys_poll, sys_select } from '../fs/select.js';
import { sys_dup, sys_dup2, sys_fcntl } from '../fs/fcntl.js';
import { do_mkdir, do_mknod, do_rmdir, do_unlink, do_link, do_symlink, d_path } from '../fs/namei.js';
import { do_rename } from '../fs/rename.js';
import { sys_getgroups, sys_setgroups } from './groups.js';
import { nctx } from '../fs/fs_struct.js';
import { sys_execve, sys_emu_spawn } from '../fs/exec.js';
import { sys_exit_group, sys_wait4 } from './exit.js';
import { sys_kill, sys_rt_sigaction, sys_rt_sigprocmask, sys_emu_sigfetch, sys_rt_sigqueueinfo } from './signal.js';
import * as sys from './sys.js';
import { sys_pipe2 } from '../fs/pipe_syscalls.js';
import { UserPtr } from '../mm/uaccess.js';
import { host } from './host.js';
import { sys_mmap, sys_munmap, sys_brk } from '../mm/mmap.js';
import { sys_init_module, sys_finit_module, sys_delete_module } from './module.js';
import { sys_syslog, __NR_syslog } from './printk/syslog.js';
import { sys_mount, sys_umount } from '../fs/namespace_syscalls.js';
import { CONFIG_MYSYSCALL, __NR_mysyscall, sys_mysyscall } from './mysyscall.js';
import { sys_ptrace } from './ptrace.js';
import { sys_process_vm_readv } from '../mm/process_vm_access.js';
import { sys_socket, sys_bind, sys_getsockname, sys_sendto, sys_recvfrom, sys_sendmsg, sys_recvmsg } from '../net/socket.js';

type Fn = (t: Task, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number) =>
  SyscallResult | Promise<SyscallResult>;

/** Wraps a call taking one path argument. */
function path1(fn: (t: Task, path: string, a1: number, a2: number) => Promise<number> | number): Fn {
  return (t, a0, a1, a2) => {
    const p = getname(t, a0);
    return typeof p === 'number' ? p : fn(t, p, a1, a2);
  };
}
function path2(fn: (t: Task, p1: string, p2: string) => Promise<number>): Fn {
  return (t, a0, a1) => {
    const p1 = getname(t, a0);
    if (typeof p1 === 'number') return p1;
    const p2 = getname(t, a1);
    return typeof p2 === 'number' ? p2 : fn(t, p1, p2);
  };
}
const uptr = (t: Task, a: number) => new UserPtr(t.mm, a);

/** Extra calls a kernel configuration adds at boot (the mysyscall demo's way in), by number. */
export type ExtraSyscalls = Map<number, { name: string; fn: Fn }>;

export function syscall_table_setup(extra: ExtraSyscalls = new Map()): void {
  syscall_table_init();
  __SYSCALL(NR.__NR_read, 'read', sys_read);
  __SYSCALL(NR.__NR_write, 'write', sys_write);
  __SYSCALL(NR.__NR_open, 'open', sys_open);
  __SYSCALL(NR.__NR_close, 'close', sys_close);
  __SYSCALL(NR.__NR_stat, 'stat', (t, a0, a1) => sys_stat(t, a0, a1, true));
  __SYSCALL(NR.__NR_fstat, 'fstat', sys_fstat);
  __SYSCALL(NR.__NR_lstat, 'lstat', (t, a0, a1) => sys_stat(t, a0, a1, false));
  __SYSCALL(NR.__NR_poll, 'poll', sys_poll);
  __SYSCALL(NR.__NR_lseek, 'lseek', sys_lseek);
  __SYSCALL(NR.__NR_mmap, 'mmap', sys_mmap);
  __SYSCALL(NR.__NR_munmap, 'munmap', sys_munmap);
  __SYSCALL(NR.__NR_brk, 'brk', sys_brk);
  __SYSCALL(NR.__NR_rt_sigaction, 'rt_sigaction', (t, a0, a1, a2) => sys_rt_sigaction(t, a0, uptr(t, a1), uptr(t, a2)));
  __SYSCALL(NR.__NR_rt_sigprocmask, 'rt_sigprocmask', (t, a0, a1, a2) => sys_rt_sigprocmask(t, a0, uptr(t, a1), uptr(t, a2)));
  __SYSCALL(NR.__NR_ioctl, 'ioctl', sys_ioctl);
  __SYSCALL(NR.__NR_pread64, 'pread64', sys_pread64);
  __SYSCALL(NR.__NR_pwrite64, 'pwrite64', sys_pwrite64);
  __SYSCALL(NR.__NR_access, 'access', sys_access);
  __SYSCALL(NR.__NR_pipe, 'pipe', (t, a0) => sys_pipe2(t, a0, 0));
  __SYSCALL(NR.__NR_select, 'select', sys_select);
  __SYSCALL(NR.__NR_sched_yield, 'sched_yield', () => new Promise<number>((r) => setTimeout(() => r(0), 0)));
  __SYSCALL(NR.__NR_dup, 'dup', sys_dup);
  __SYSCALL(NR.__NR_dup2, 'dup2', sys_dup2);
  __SYSCALL(NR.__NR_nanosleep, 'nanosleep', sys.sys_nanosleep);
  __SYSCALL(NR.__NR_getpid, 'getpid', sys.sys_getpid);
  __SYSCALL(NR.__NR_execve, 'execve', sys_execve);
  __SYSCALL(NR.__NR_exit, 'exit', sys_exit_group);
  __SYSCALL(NR.__NR_wait4, 'wait4', sys_wait4);
  __SYSCALL(NR.__NR_kill, 'kill', sys_kill);
  __SYSCALL(NR.__NR_uname, 'uname', sys.sys_uname);
  __SYSCALL(NR.__NR_fcntl, 'fcntl', sys_fcntl);
  __SYSCALL(NR.__NR_fsync, 'fsync', (t, fd) => (t.files.lookup_fd_raw(fd) ? 0 : -9));
  __SYSCALL(NR.__NR_truncate, 'truncate', sys_truncate);
  __SYSCALL(NR.__NR_ftruncate, 'ftruncate', sys_ftruncate);
  __SYSCALL(NR.__NR_getdents64, 'getdents64', sys_getdents64);
  __SYSCALL(NR.__NR_getcwd, 'getcwd', (t, a0, a1) => sys.sys_getcwd(t, a0, a1, (x) => d_path(x.fs.pwd, x.fs.root)));
  __SYSCALL(NR.__NR_chdir, 'chdir', sys_chdir);
  __SYSCALL(NR.__NR_rename, 'rename', path2((t, a, b) => do_rename(nctx(t), a, b)));
  __SYSCALL(NR.__NR_mkdir, 'mkdir', path1((t, p, mode) => do_mkdir(nctx(t), p, mode)));
  __SYSCALL(NR.__NR_rmdir, 'rmdir', path1((t, p) => do_rmdir(nctx(t), p)));
  __SYSCALL(NR.__NR_creat, 'creat', sys_creat);
  __SYSCALL(NR.__NR_link, 'link', path2((t, a, b) => do_link(nctx(t), a, b)));
  __SYSCALL(NR.__NR_unlink, 'unlink', path1((t, p) => do_unlink(nctx(t), p)));
  __SYSCALL(NR.__NR_symlink, 'symlink', path2((t, a, b) => do_symlink(nctx(t), a, b)));
  __SYSCALL(NR.__NR_readlink, 'readlink', sys_readlink);
  __SYSCALL(NR.__NR_chmod, 'chmod', sys_chmod);
  __SYSCALL(NR.__NR_fchmod, 'fchmod', sys_fchmod);
  __SYSCALL(NR.__NR_utimensat, 'utimensat', sys_utimensat);
  __SYSCALL(NR.__NR_chown, 'chown', (t, a0, a1, a2) => sys_chown(t, a0, a1, a2, true));
  __SYSCALL(NR.__NR_lchown, 'lchown', (t, a0, a1, a2) => sys_chown(t, a0, a1, a2, false));
  __SYSCALL(NR.__NR_umask, 'umask', sys.sys_umask);
  __SYSCALL(NR.__NR_getuid, 'getuid', sys.sys_getuid);
  __SYSCALL(NR.__NR_getgid, 'getgid', sys.sys_getgid);
  __SYSCALL(NR.__NR_setuid, 'setuid', sys.sys_setuid);
  __SYSCALL(NR.__NR_setgid, 'setgid', sys.sys_setgid);
  __SYSCALL(NR.__NR_geteuid, 'geteuid', sys.sys_geteuid);
  __SYSCALL(NR.__NR_getegid, 'getegid', sys.sys_getegid);
  __SYSCALL(NR.__NR_getppid, 'getppid', sys.sys_getppid);
  __SYSCALL(NR.__NR_getgroups, 'getgroups', sys_getgroups);
  __SYSCALL(NR.__NR_setgroups, 'setgroups', sys_setgroups);
  __SYSCALL(NR.__NR_setresuid, 'setresuid', sys.sys_setresuid);
  __SYSCALL(NR.__NR_getresuid, 'getresuid', sys.sys_getresuid);
  __SYSCALL(NR.__NR_setresgid, 'setresgid', sys.sys_setresgid);
  __SYSCALL(NR.__NR_getresgid, 'getresgid', sys.sys_getresgid);
  __SYSCALL(NR.__NR_rt_sigqueueinfo, 'rt_sigqueueinfo', (t, a0, a1, a2) => sys_rt_sigqueueinfo(t, a0, a1, uptr(t, a2)));
  __SYSCALL(NR.__NR_mknod, 'mknod', path1((t, p, mode, dev) => do_mknod(nctx(t), p, mode, dev)));
  __SYSCALL(NR.__NR_mount, 'mount', sys_mount);
  __SYSCALL(NR.__NR_umount2, 'umount2', sys_umount);
  __SYSCALL(NR.__NR_clock_gettime, 'clock_gettime', sys.sys_clock_gettime);
  __SYSCALL(NR.__NR_exit_group, 'exit_group', sys_exit_group);
  __SYSCALL(NR.__NR_openat, 'openat', sys_openat);
  __SYSCALL(NR.__NR_pipe2, 'pipe2', sys_pipe2);
  __SYSCALL(__NR_syslog, 'syslog', sys_syslog);
  __SYSCALL(NR.__NR_init_module, 'init_module', sys_init_module);
  __SYSCALL(NR.__NR_delete_module, 'delete_module', sys_delete_module);
  __SYSCALL(NR.__NR_finit_module, 'finit_module', sys_finit_module);
  __SYSCALL(NR.__NR_emu_spawn, 'emu_spawn', sys_emu_spawn);
  __SYSCALL(NR.__NR_emu_nop, 'emu_clock', () => host().now() * 1e6);
  __SYSCALL(NR.__NR_emu_sigfetch, 'emu_sigfetch', (t, a0) => sys_emu_sigfetch(t, uptr(t, a0)));
  __SYSCALL(NR.__NR_socket, 'socket', sys_socket);
  __SYSCALL(NR.__NR_bind, 'bind', sys_bind);
  __SYSCALL(NR.__NR_getsockname, 'getsockname', sys_getsockname);
  __SYSCALL(NR.__NR_sendto, 'sendto', sys_sendto);
  __SYSCALL(NR.__NR_recvfrom, 'recvfrom', sys_recvfrom);
  __SYSCALL(NR.__NR_sendmsg, 'sendmsg', sys_sendmsg);
  __SYSCALL(NR.__NR_recvmsg, 'recvmsg', sys_recvmsg);
  __SYSCALL(NR.__NR_ptrace, 'ptrace', sys_ptrace);
  __SYSCALL(NR.__NR_process_vm_readv, 'process_vm_readv', sys_process_vm_readv);
  // The default kernel configuration's own additions; a machine's extra_syscalls come on top.
  if (CONFIG_MYSYSCALL) __SYSCALL(__NR_mysyscall, 'mysyscall', sys_mysyscall);
  for (const [nr, { name, fn }] of extra) __SYSCALL(nr, name, fn);
}
