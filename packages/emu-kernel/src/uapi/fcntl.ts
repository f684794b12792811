// Open flags and fcntl commands (asm-generic/fcntl.h), octal as in Linux.
export const O_ACCMODE = 0o3, O_RDONLY = 0o0, O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100,
  O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000, O_NONBLOCK = 0o4000,
  O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000, O_CLOEXEC = 0o2000000;
export const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1;
export const AT_FDCWD = -100;
/** *at() flag: act on a symbolic link itself, not on what it points to. */
export const AT_SYMLINK_NOFOLLOW = 0x100;
/** unlinkat: remove a directory (rmdir); faccessat2: check with the effective ids. Same bit, two calls. */
export const AT_REMOVEDIR = 0x200, AT_EACCESS = 0x200;
/** linkat: follow a symbolic link given as the source. */
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
/** An empty path names the descriptor's own object. */
export const AT_EMPTY_PATH = 0x1000;
/** renameat2 flags. */
export const RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;
/** fallocate modes. */
export const FALLOC_FL_KEEP_SIZE = 0x01, FALLOC_FL_PUNCH_HOLE = 0x02, FALLOC_FL_ZERO_RANGE = 0x10;
export const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
export const R_OK = 4, W_OK = 2, X_OK = 1, F_OK = 0;
