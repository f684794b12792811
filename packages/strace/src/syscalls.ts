// The one description of every system call strace decodes: its name, the kind of each argument, how its
// result reads, and the classes -e trace=%CLASS selects it by. Decoding (lib/args.ts) follows it alone.
import * as NR from '@urfs/emu-kernel/uapi/unistd';

/**
 * Argument kinds. Kinds ending in `_out` are written by the call: they are read when it returns, as strace
 * prints them (after the `<unfinished ...>` of an interleaved call).
 */
export type ArgKind =
  | 'int' | 'uint' | 'hexint' | 'ptr' | 'fd' | 'dirfd' | 'path' | 'size' | 'off'
  | 'oflags' | 'open_mode' | 'mode' | 'access_mode' | 'at_flags' | 'whence' | 'dev'
  | 'buf_in' | 'buf_out' | 'str_out' | 'stat_out' | 'pipefd_out' | 'dirents_out'
  | 'argv' | 'envp' | 'fdmap' | 'wstatus_out' | 'wait_options' | 'signal' | 'sighow' | 'sigset'
  | 'sigaction' | 'sigaction_out' | 'siginfo' | 'timespec' | 'timespec_out' | 'rem_out' | 'clockid'
  | 'ioctl_cmd' | 'ioctl_arg' | 'prot' | 'map_flags' | 'fcntl_cmd' | 'fcntl_arg'
  | 'family' | 'socktype' | 'sockproto' | 'sockaddr_in' | 'sockaddr_out' | 'socklen_out'
  | 'msghdr_in' | 'msghdr_out' | 'msg_flags' | 'ptrace_req' | 'iovec_in' | 'iovec_out' | 'mount_flags'
  | 'statfs_out' | 'falloc_mode' | 'rename_flags' | 'shut_how' | 'sockopt_level' | 'accept_flags'
  | 'utsname_out' | 'ids_out' | 'groups_out' | 'groups_in' | 'pollfds' | 'syslog_type' | 'module_params';

export type RetKind = 'dec' | 'hex' | 'none';

export type SyscallClass = 'file' | 'desc' | 'process' | 'network' | 'signal' | 'memory' | 'ipc' | 'creds' | 'clock';

export interface SyscallDesc {
  name: string;
  args: readonly ArgKind[];
  ret?: RetKind;
  classes?: readonly SyscallClass[];
}

const d = (name: string, args: readonly ArgKind[], classes: readonly SyscallClass[] = [], ret: RetKind = 'dec'): SyscallDesc =>
  ({ name, args, classes, ret });

/** Numbers of this machine's calls not in uapi/unistd (their modules define them). */
const __NR_syslog = 103, __NR_mysyscall = 548;

export const SYSCALLS: ReadonlyMap<number, SyscallDesc> = new Map<number, SyscallDesc>([
  [NR.__NR_read, d('read', ['fd', 'buf_out', 'size'], ['desc'])],
  [NR.__NR_write, d('write', ['fd', 'buf_in', 'size'], ['desc'])],
  [NR.__NR_open, d('open', ['path', 'oflags', 'open_mode'], ['file', 'desc'])],
  [NR.__NR_close, d('close', ['fd'], ['desc'])],
  [NR.__NR_stat, d('stat', ['path', 'stat_out'], ['file'])],
  [NR.__NR_fstat, d('fstat', ['fd', 'stat_out'], ['desc'])],
  [NR.__NR_lstat, d('lstat', ['path', 'stat_out'], ['file'])],
  [NR.__NR_poll, d('poll', ['pollfds', 'uint', 'int'], ['desc'])],
  [NR.__NR_lseek, d('lseek', ['fd', 'off', 'whence'], ['desc'])],
  [NR.__NR_mmap, d('mmap', ['ptr', 'size', 'prot', 'map_flags', 'fd', 'hexint'], ['memory', 'desc'], 'hex')],
  [NR.__NR_munmap, d('munmap', ['ptr', 'size'], ['memory'])],
  [NR.__NR_brk, d('brk', ['ptr'], ['memory'], 'hex')],
  [NR.__NR_rt_sigaction, d('rt_sigaction', ['signal', 'sigaction', 'sigaction_out', 'size'], ['signal'])],
  [NR.__NR_rt_sigprocmask, d('rt_sigprocmask', ['sighow', 'sigset', 'ptr', 'size'], ['signal'])],
  [NR.__NR_ioctl, d('ioctl', ['fd', 'ioctl_cmd', 'ioctl_arg'], ['desc'])],
  [NR.__NR_pread64, d('pread64', ['fd', 'buf_out', 'size', 'off'], ['desc'])],
  [NR.__NR_pwrite64, d('pwrite64', ['fd', 'buf_in', 'size', 'off'], ['desc'])],
  [NR.__NR_access, d('access', ['path', 'access_mode'], ['file'])],
  [NR.__NR_pipe, d('pipe', ['pipefd_out'], ['desc'])],
  [NR.__NR_select, d('select', ['int', 'ptr', 'ptr', 'ptr', 'ptr'], ['desc'])],
  [NR.__NR_sched_yield, d('sched_yield', [])],
  [NR.__NR_dup, d('dup', ['fd'], ['desc'])],
  [NR.__NR_dup2, d('dup2', ['fd', 'fd'], ['desc'])],
  [NR.__NR_nanosleep, d('nanosleep', ['timespec', 'rem_out'], ['clock'])],
  [NR.__NR_getpid, d('getpid', [], ['process'])],
  [NR.__NR_socket, d('socket', ['family', 'socktype', 'sockproto'], ['network'])],
  [NR.__NR_sendto, d('sendto', ['fd', 'buf_in', 'size', 'msg_flags', 'sockaddr_in', 'uint'], ['network'])],
  [NR.__NR_recvfrom, d('recvfrom', ['fd', 'buf_out', 'size', 'msg_flags', 'sockaddr_out', 'socklen_out'], ['network'])],
  [NR.__NR_sendmsg, d('sendmsg', ['fd', 'msghdr_in', 'msg_flags'], ['network'])],
  [NR.__NR_recvmsg, d('recvmsg', ['fd', 'msghdr_out', 'msg_flags'], ['network'])],
  [NR.__NR_bind, d('bind', ['fd', 'sockaddr_in', 'uint'], ['network'])],
  [NR.__NR_getsockname, d('getsockname', ['fd', 'sockaddr_out', 'socklen_out'], ['network'])],
  [NR.__NR_execve, d('execve', ['path', 'argv', 'envp'], ['file', 'process'])],
  [NR.__NR_exit, d('exit', ['int'], ['process'], 'none')],
  [NR.__NR_wait4, d('wait4', ['int', 'wstatus_out', 'wait_options', 'ptr'], ['process'])],
  [NR.__NR_kill, d('kill', ['int', 'signal'], ['signal', 'process'])],
  [NR.__NR_uname, d('uname', ['utsname_out'])],
  [NR.__NR_fcntl, d('fcntl', ['fd', 'fcntl_cmd', 'fcntl_arg'], ['desc'])],
  [NR.__NR_fsync, d('fsync', ['fd'], ['desc'])],
  [NR.__NR_truncate, d('truncate', ['path', 'off'], ['file'])],
  [NR.__NR_ftruncate, d('ftruncate', ['fd', 'off'], ['desc'])],
  [NR.__NR_getdents64, d('getdents64', ['fd', 'dirents_out', 'size'], ['desc'])],
  [NR.__NR_getcwd, d('getcwd', ['str_out', 'size'], ['file'])],
  [NR.__NR_chdir, d('chdir', ['path'], ['file'])],
  [NR.__NR_rename, d('rename', ['path', 'path'], ['file'])],
  [NR.__NR_mkdir, d('mkdir', ['path', 'mode'], ['file'])],
  [NR.__NR_rmdir, d('rmdir', ['path'], ['file'])],
  [NR.__NR_creat, d('creat', ['path', 'mode'], ['file', 'desc'])],
  [NR.__NR_link, d('link', ['path', 'path'], ['file'])],
  [NR.__NR_unlink, d('unlink', ['path'], ['file'])],
  [NR.__NR_symlink, d('symlink', ['path', 'path'], ['file'])],
  [NR.__NR_readlink, d('readlink', ['path', 'str_out', 'size'], ['file'])],
  [NR.__NR_chmod, d('chmod', ['path', 'mode'], ['file'])],
  [NR.__NR_fchmod, d('fchmod', ['fd', 'mode'], ['desc'])],
  [NR.__NR_chown, d('chown', ['path', 'int', 'int'], ['file'])],
  [NR.__NR_lchown, d('lchown', ['path', 'int', 'int'], ['file'])],
  [NR.__NR_umask, d('umask', ['mode'], [], 'dec')],
  [NR.__NR_getuid, d('getuid', [], ['creds'])],
  [__NR_syslog, d('syslog', ['syslog_type', 'ptr', 'int'])],
  [NR.__NR_getgid, d('getgid', [], ['creds'])],
  [NR.__NR_setuid, d('setuid', ['int'], ['creds'])],
  [NR.__NR_setgid, d('setgid', ['int'], ['creds'])],
  [NR.__NR_geteuid, d('geteuid', [], ['creds'])],
  [NR.__NR_getegid, d('getegid', [], ['creds'])],
  [NR.__NR_getppid, d('getppid', [], ['process'])],
  [NR.__NR_getgroups, d('getgroups', ['int', 'groups_out'], ['creds'])],
  [NR.__NR_setgroups, d('setgroups', ['int', 'groups_in'], ['creds'])],
  [NR.__NR_setresuid, d('setresuid', ['int', 'int', 'int'], ['creds'])],
  [NR.__NR_getresuid, d('getresuid', ['ids_out', 'ids_out', 'ids_out'], ['creds'])],
  [NR.__NR_setresgid, d('setresgid', ['int', 'int', 'int'], ['creds'])],
  [NR.__NR_getresgid, d('getresgid', ['ids_out', 'ids_out', 'ids_out'], ['creds'])],
  [NR.__NR_rt_sigqueueinfo, d('rt_sigqueueinfo', ['int', 'signal', 'siginfo'], ['signal', 'process'])],
  [NR.__NR_ptrace, d('ptrace', ['ptrace_req', 'int', 'ptr', 'ptr'], ['process'])],
  [NR.__NR_mknod, d('mknod', ['path', 'mode', 'dev'], ['file'])],
  [NR.__NR_mount, d('mount', ['path', 'path', 'path', 'mount_flags', 'ptr'], ['file'])],
  [NR.__NR_umount2, d('umount2', ['path', 'int'], ['file'])],
  [NR.__NR_init_module, d('init_module', ['ptr', 'size', 'module_params'])],
  [NR.__NR_delete_module, d('delete_module', ['path', 'hexint'])],
  [NR.__NR_getdents, d('getdents', ['fd', 'ptr', 'size'], ['desc'])],
  [NR.__NR_clock_gettime, d('clock_gettime', ['clockid', 'timespec_out'], ['clock'])],
  [NR.__NR_exit_group, d('exit_group', ['int'], ['process'], 'none')],
  [NR.__NR_openat, d('openat', ['dirfd', 'path', 'oflags', 'open_mode'], ['file', 'desc'])],
  [NR.__NR_utimensat, d('utimensat', ['dirfd', 'path', 'ptr', 'at_flags'], ['file', 'desc'])],
  [NR.__NR_pipe2, d('pipe2', ['pipefd_out', 'oflags'], ['desc'])],
  [NR.__NR_process_vm_readv, d('process_vm_readv', ['int', 'iovec_out', 'uint', 'iovec_in', 'uint', 'uint'])],
  [NR.__NR_finit_module, d('finit_module', ['fd', 'module_params', 'hexint'], ['desc'])],
  [NR.__NR_fchown, d('fchown', ['fd', 'int', 'int'], ['desc'])],
  [NR.__NR_statfs, d('statfs', ['path', 'statfs_out'], ['file'])],
  [NR.__NR_fstatfs, d('fstatfs', ['fd', 'statfs_out'], ['desc'])],
  [NR.__NR_mkdirat, d('mkdirat', ['dirfd', 'path', 'mode'], ['file', 'desc'])],
  [NR.__NR_mknodat, d('mknodat', ['dirfd', 'path', 'mode', 'dev'], ['file', 'desc'])],
  [NR.__NR_fchownat, d('fchownat', ['dirfd', 'path', 'int', 'int', 'at_flags'], ['file', 'desc'])],
  [NR.__NR_newfstatat, d('newfstatat', ['dirfd', 'path', 'stat_out', 'at_flags'], ['file', 'desc'])],
  [NR.__NR_unlinkat, d('unlinkat', ['dirfd', 'path', 'at_flags'], ['file', 'desc'])],
  [NR.__NR_renameat, d('renameat', ['dirfd', 'path', 'dirfd', 'path'], ['file', 'desc'])],
  [NR.__NR_renameat2, d('renameat2', ['dirfd', 'path', 'dirfd', 'path', 'rename_flags'], ['file', 'desc'])],
  [NR.__NR_linkat, d('linkat', ['dirfd', 'path', 'dirfd', 'path', 'at_flags'], ['file', 'desc'])],
  [NR.__NR_symlinkat, d('symlinkat', ['path', 'dirfd', 'path'], ['file', 'desc'])],
  [NR.__NR_readlinkat, d('readlinkat', ['dirfd', 'path', 'str_out', 'size'], ['file', 'desc'])],
  [NR.__NR_fchmodat, d('fchmodat', ['dirfd', 'path', 'mode'], ['file', 'desc'])],
  [NR.__NR_faccessat, d('faccessat', ['dirfd', 'path', 'access_mode'], ['file', 'desc'])],
  [NR.__NR_faccessat2, d('faccessat2', ['dirfd', 'path', 'access_mode', 'at_flags'], ['file', 'desc'])],
  [NR.__NR_fallocate, d('fallocate', ['fd', 'falloc_mode', 'off', 'off'], ['desc'])],
  [NR.__NR_connect, d('connect', ['fd', 'sockaddr_in', 'uint'], ['network'])],
  [NR.__NR_listen, d('listen', ['fd', 'int'], ['network'])],
  [NR.__NR_accept, d('accept', ['fd', 'sockaddr_out', 'socklen_out'], ['network'])],
  [NR.__NR_accept4, d('accept4', ['fd', 'sockaddr_out', 'socklen_out', 'accept_flags'], ['network'])],
  [NR.__NR_shutdown, d('shutdown', ['fd', 'shut_how'], ['network'])],
  [NR.__NR_getpeername, d('getpeername', ['fd', 'sockaddr_out', 'socklen_out'], ['network'])],
  [NR.__NR_socketpair, d('socketpair', ['family', 'socktype', 'sockproto', 'pipefd_out'], ['network'])],
  [NR.__NR_setsockopt, d('setsockopt', ['fd', 'sockopt_level', 'int', 'ptr', 'uint'], ['network'])],
  [NR.__NR_getsockopt, d('getsockopt', ['fd', 'sockopt_level', 'int', 'ptr', 'ptr'], ['network'])],
  [__NR_mysyscall, d('mysyscall', ['path'])],
  // This machine's own calls (uapi/unistd.ts): spawn is fork + execve, followed as a fork by -f.
  [NR.__NR_emu_spawn, d('emu_spawn', ['path', 'argv', 'envp', 'fdmap', 'int'], ['process'])],
  [NR.__NR_emu_nop, d('emu_clock', [], ['clock'])],
  [NR.__NR_emu_sigfetch, d('emu_sigfetch', ['ptr'], ['signal'])],
]);

/** The description of call `nr`; an unknown number is shown as strace shows one (syscall_NNN). */
export function syscall_desc(nr: number): SyscallDesc {
  return SYSCALLS.get(nr) ?? { name: `syscall_${nr}`, args: ['hexint', 'hexint', 'hexint', 'hexint', 'hexint', 'hexint'], ret: 'dec', classes: [] };
}

/** The number of a call by name (for -e trace=NAME), or -1. */
export function syscall_by_name(name: string): number {
  for (const [nr, desc] of SYSCALLS) if (desc.name === name) return nr;
  return -1;
}

export const SYSCALL_CLASSES: readonly SyscallClass[] = ['file', 'desc', 'process', 'network', 'signal', 'memory', 'ipc', 'creds', 'clock'];
