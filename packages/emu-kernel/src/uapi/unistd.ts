// System call numbers: the Linux x86_64 table (arch/x86/entry/syscalls/syscall_64.tbl) for the calls
// this machine implements. Numbers the kernel has no handler for run sys_ni_syscall (ENOSYS).
export const __NR_read = 0, __NR_write = 1, __NR_open = 2, __NR_close = 3, __NR_stat = 4, __NR_fstat = 5,
  __NR_lstat = 6, __NR_poll = 7, __NR_lseek = 8, __NR_mmap = 9, __NR_munmap = 11, __NR_brk = 12, __NR_rt_sigaction = 13,
  __NR_rt_sigprocmask = 14, __NR_rt_sigreturn = 15, __NR_ioctl = 16, __NR_pread64 = 17,
  __NR_pwrite64 = 18, __NR_access = 21, __NR_pipe = 22, __NR_select = 23, __NR_sched_yield = 24,
  __NR_dup = 32, __NR_dup2 = 33, __NR_nanosleep = 35, __NR_getpid = 39, __NR_socket = 41,
  __NR_connect = 42, __NR_sendto = 44, __NR_recvfrom = 45, __NR_sendmsg = 46, __NR_recvmsg = 47,
  __NR_bind = 49, __NR_getsockname = 51,
  __NR_accept = 43, __NR_shutdown = 48, __NR_listen = 50, __NR_getpeername = 52, __NR_socketpair = 53,
  __NR_setsockopt = 54, __NR_getsockopt = 55, __NR_accept4 = 288, __NR_execve = 59, __NR_exit = 60, __NR_wait4 = 61, __NR_kill = 62,
  __NR_uname = 63, __NR_fcntl = 72, __NR_fsync = 74, __NR_truncate = 76, __NR_ftruncate = 77,
  __NR_getdents = 78, __NR_getcwd = 79, __NR_chdir = 80, __NR_rename = 82, __NR_mkdir = 83,
  __NR_rmdir = 84, __NR_creat = 85, __NR_link = 86, __NR_unlink = 87, __NR_symlink = 88,
  __NR_readlink = 89, __NR_chmod = 90, __NR_fchmod = 91, __NR_chown = 92, __NR_lchown = 94,
  __NR_umask = 95, __NR_getuid = 102, __NR_getgid = 104, __NR_setuid = 105, __NR_setgid = 106,
  __NR_geteuid = 107, __NR_getegid = 108, __NR_getppid = 110, __NR_setsid = 112,
  __NR_getgroups = 115, __NR_setgroups = 116, __NR_setresuid = 117, __NR_getresuid = 118, __NR_setresgid = 119,
  __NR_getresgid = 120,
  __NR_rt_sigpending = 127, __NR_rt_sigqueueinfo = 129, __NR_mknod = 133, __NR_mount = 165,
  __NR_umount2 = 166, __NR_reboot = 169, __NR_init_module = 175, __NR_delete_module = 176,
  __NR_getdents64 = 217, __NR_clock_gettime = 228, __NR_exit_group = 231, __NR_openat = 257,
  __NR_utimensat = 280,
  __NR_fchown = 93, __NR_statfs = 137, __NR_fstatfs = 138, __NR_mkdirat = 258, __NR_mknodat = 259,
  __NR_fchownat = 260, __NR_newfstatat = 262, __NR_unlinkat = 263, __NR_renameat = 264, __NR_linkat = 265,
  __NR_symlinkat = 266, __NR_readlinkat = 267, __NR_fchmodat = 268, __NR_faccessat = 269,
  __NR_fallocate = 285, __NR_renameat2 = 316, __NR_faccessat2 = 439,
  __NR_pipe2 = 293, __NR_finit_module = 313;
export const __NR_ptrace = 101, __NR_process_vm_readv = 310;

/**
 * Not Linux: worker threads cannot fork, so a process is started with one call that does the work of
 * fork + execve in the child (like posix_spawn). Placed far above the Linux table so it never collides.
 */
export const __NR_emu_spawn = 1000;
/** Not Linux: the kernel's monotonic clock in ns; also the cheapest possible call (null syscall benchmark). */
export const __NR_emu_nop = 1001;
export const NR_syscalls = 1024;
/** Not Linux: the user runtime fetches the next signal to run a handler for (see kernel/signal.ts). */
export const __NR_emu_sigfetch = 1002;
