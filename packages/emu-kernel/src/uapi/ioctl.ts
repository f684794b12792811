// ioctl command encoding (asm-generic/ioctl.h): dir 2 bits | size 14 bits | type 8 bits | nr 8 bits.
export const _IOC_NRBITS = 8, _IOC_TYPEBITS = 8, _IOC_SIZEBITS = 14, _IOC_DIRBITS = 2;
export const _IOC_NRSHIFT = 0, _IOC_TYPESHIFT = 8, _IOC_SIZESHIFT = 16, _IOC_DIRSHIFT = 30;
export const _IOC_NONE = 0, _IOC_WRITE = 1, _IOC_READ = 2;

export const _IOC = (dir: number, type: number, nr: number, size: number) =>
  ((dir << _IOC_DIRSHIFT) | (type << _IOC_TYPESHIFT) | (nr << _IOC_NRSHIFT) | (size << _IOC_SIZESHIFT)) >>> 0;
const t = (type: number | string) => (typeof type === 'string' ? type.charCodeAt(0) : type);
export const _IO = (type: number | string, nr: number) => _IOC(_IOC_NONE, t(type), nr, 0);
export const _IOR = (type: number | string, nr: number, size: number) => _IOC(_IOC_READ, t(type), nr, size);
export const _IOW = (type: number | string, nr: number, size: number) => _IOC(_IOC_WRITE, t(type), nr, size);
export const _IOWR = (type: number | string, nr: number, size: number) =>
  _IOC(_IOC_READ | _IOC_WRITE, t(type), nr, size);
export const _IOC_DIR = (cmd: number) => (cmd >>> _IOC_DIRSHIFT) & 3;
export const _IOC_TYPE = (cmd: number) => (cmd >>> _IOC_TYPESHIFT) & 0xff;
export const _IOC_NR = (cmd: number) => (cmd >>> _IOC_NRSHIFT) & 0xff;
export const _IOC_SIZE = (cmd: number) => (cmd >>> _IOC_SIZESHIFT) & 0x3fff;

// Terminal ioctls the console answers.
export const TCGETS = 0x5401, TIOCGWINSZ = 0x5413, FIONREAD = 0x541b;
