// Linux errno numbers (asm-generic/errno-base.h, errno.h) and the messages glibc prints for them.
export const EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8,
  EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17,
  EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25,
  EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30, EMLINK = 31, EPIPE = 32, ERANGE = 34, EDEADLK = 35,
  ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENOMSG = 42, ENODATA = 61, ETIME = 62,
  EPROTO = 71, EBADMSG = 74, EOVERFLOW = 75, ENOTSOCK = 88, EDESTADDRREQ = 89, EMSGSIZE = 90,
  EPROTOTYPE = 91, ENOPROTOOPT = 92, EPROTONOSUPPORT = 93, EOPNOTSUPP = 95, EAFNOSUPPORT = 97,
  EADDRINUSE = 98, EADDRNOTAVAIL = 99, ENOTCONN = 107, ETIMEDOUT = 110, ECONNREFUSED = 111,
  EALREADY = 114, ECANCELED = 125;
/** Kernel-internal: a syscall interrupted by a signal; user space sees EINTR. */
export const ERESTARTSYS = 512;
export const EWOULDBLOCK = EAGAIN;
export const ENOTSUP = EOPNOTSUPP;

const messages: Record<number, [string, string]> = {
  [EPERM]: ['EPERM', 'Operation not permitted'],
  [ENOENT]: ['ENOENT', 'No such file or directory'],
  [ESRCH]: ['ESRCH', 'No such process'],
  [EINTR]: ['EINTR', 'Interrupted system call'],
  [EIO]: ['EIO', 'Input/output error'],
  [ENXIO]: ['ENXIO', 'No such device or address'],
  [E2BIG]: ['E2BIG', 'Argument list too long'],
  [ENOEXEC]: ['ENOEXEC', 'Exec format error'],
  [EBADF]: ['EBADF', 'Bad file descriptor'],
  [ECHILD]: ['ECHILD', 'No child processes'],
  [EAGAIN]: ['EAGAIN', 'Resource temporarily unavailable'],
  [ENOMEM]: ['ENOMEM', 'Cannot allocate memory'],
  [EACCES]: ['EACCES', 'Permission denied'],
  [EFAULT]: ['EFAULT', 'Bad address'],
  [EBUSY]: ['EBUSY', 'Device or resource busy'],
  [EEXIST]: ['EEXIST', 'File exists'],
  [EXDEV]: ['EXDEV', 'Invalid cross-device link'],
  [ENODEV]: ['ENODEV', 'No such device'],
  [ENOTDIR]: ['ENOTDIR', 'Not a directory'],
  [EISDIR]: ['EISDIR', 'Is a directory'],
  [EINVAL]: ['EINVAL', 'Invalid argument'],
  [ENFILE]: ['ENFILE', 'Too many open files in system'],
  [EMFILE]: ['EMFILE', 'Too many open files'],
  [ENOTTY]: ['ENOTTY', 'Inappropriate ioctl for device'],
  [EFBIG]: ['EFBIG', 'File too large'],
  [ENOSPC]: ['ENOSPC', 'No space left on device'],
  [ESPIPE]: ['ESPIPE', 'Illegal seek'],
  [EROFS]: ['EROFS', 'Read-only file system'],
  [EMLINK]: ['EMLINK', 'Too many links'],
  [EPIPE]: ['EPIPE', 'Broken pipe'],
  [ERANGE]: ['ERANGE', 'Numerical result out of range'],
  [EDEADLK]: ['EDEADLK', 'Resource deadlock avoided'],
  [ENAMETOOLONG]: ['ENAMETOOLONG', 'File name too long'],
  [ENOSYS]: ['ENOSYS', 'Function not implemented'],
  [ENOTEMPTY]: ['ENOTEMPTY', 'Directory not empty'],
  [ELOOP]: ['ELOOP', 'Too many levels of symbolic links'],
  [ENOMSG]: ['ENOMSG', 'No message of desired type'],
  [ENODATA]: ['ENODATA', 'No data available'],
  [ETIME]: ['ETIME', 'Timer expired'],
  [EPROTO]: ['EPROTO', 'Protocol error'],
  [EBADMSG]: ['EBADMSG', 'Bad message'],
  [EOVERFLOW]: ['EOVERFLOW', 'Value too large for defined data type'],
  [ENOTSOCK]: ['ENOTSOCK', 'Socket operation on non-socket'],
  [EDESTADDRREQ]: ['EDESTADDRREQ', 'Destination address required'],
  [EMSGSIZE]: ['EMSGSIZE', 'Message too long'],
  [EPROTOTYPE]: ['EPROTOTYPE', 'Protocol wrong type for socket'],
  [ENOPROTOOPT]: ['ENOPROTOOPT', 'Protocol not available'],
  [EPROTONOSUPPORT]: ['EPROTONOSUPPORT', 'Protocol not supported'],
  [EOPNOTSUPP]: ['EOPNOTSUPP', 'Operation not supported'],
  [EAFNOSUPPORT]: ['EAFNOSUPPORT', 'Address family not supported by protocol'],
  [EADDRINUSE]: ['EADDRINUSE', 'Address already in use'],
  [EADDRNOTAVAIL]: ['EADDRNOTAVAIL', 'Cannot assign requested address'],
  [ENOTCONN]: ['ENOTCONN', 'Transport endpoint is not connected'],
  [ETIMEDOUT]: ['ETIMEDOUT', 'Connection timed out'],
  [ECONNREFUSED]: ['ECONNREFUSED', 'Connection refused'],
  [EALREADY]: ['EALREADY', 'Operation already in progress'],
  [ECANCELED]: ['ECANCELED', 'Operation canceled'],
};

/** The message `strerror(3)` gives, e.g. "No such file or directory". */
export function strerror(errno: number): string {
  return messages[errno]?.[1] ?? `Unknown error ${errno}`;
}

/** The symbolic name, e.g. "ENOENT". */
export function errname(errno: number): string {
  return messages[errno]?.[0] ?? `E${errno}`;
}
