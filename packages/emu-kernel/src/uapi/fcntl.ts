// Open flags and fcntl commands (asm-generic/fcntl.h), octal as in Linux.
export const O_ACCMODE = 0o3, O_RDONLY = 0o0, O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100,
  O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000, O_NONBLOCK = 0o4000,
  O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000, O_CLOEXEC = 0o2000000;
export const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1;
export const AT_FDCWD = -100;
/** *at() flag: act on a symbolic link itself, not on what it points to. */
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
export const R_OK = 4, W_OK = 2, X_OK = 1, F_OK = 0;
