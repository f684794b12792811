// What the benchmark's test modules and its measuring program (bench_io) agree on: device and proc
// names, ioctl commands, the bench system call's number and types. Plain constants, shared by kernel and
// user code.
import { _IO, _IOW } from '@urfs/emu-kernel/uapi/ioctl';

/** The largest transfer measured (2 MiB): every module keeps a kernel buffer this big. */
export const BENCH_MAX = 2 << 20;

/** Character device /dev/bench_chr: read/write move the buffer, BENCH_CHR_NULL is the null round trip. */
export const BENCH_CHR_NAME = 'bench_chr';
export const BENCH_CHR_NULL = _IO('B', 0);

/**
 * The bench system call, added by the kernel configuration (a machine's extra system calls) like
 * mysyscall: long bench(int type, void __user *buf, size_t count). 549 is free (mysyscall is 548).
 */
export const __NR_bench = 549;
export const BENCH_SYS_NULL = 0;
export const BENCH_SYS_WRITE = 1;
export const BENCH_SYS_READ = 2;

/** procfs (legacy read_proc): /proc/bench_proc, read a page per read_proc call; write_proc takes it in. */
export const BENCH_PROC_NAME = 'bench_proc';

/**
 * sysfs: /sys/bench_sysfs/datasize (rw: how many bytes the buffer exposes), pagesize (ro: PAGE_SIZE), and
 * /sys/bench_sysfs/datapages/0, 1, ...: one file per page of the buffer, made when datasize is set.
 */
export const BENCH_SYSFS_NAME = 'bench_sysfs';

/**
 * netlink (unit 30): each message's first payload byte is a command. 'W' + data: taken into the buffer at
 * the running offset; a message of type NLMSG_DONE ends an operation and makes the kernel reply: after 'W'
 * an 'A' (accept) byte, 'L' (the null round trip) likewise, 'R' + offset + length (u32 each) the bytes of
 * the buffer. A message is at most 128 KiB, header included, so data goes in blocks of BENCH_NL_BLOCK.
 */
export const NETLINK_BENCH = 30;
export const BENCH_NL_BLOCK = 128 * 1024 - 32;
export const BENCH_NL_WRITE = 0x57; // 'W'
export const BENCH_NL_READ = 0x52; // 'R'
export const BENCH_NL_LATENCY = 0x4c; // 'L'
export const BENCH_NL_ACCEPT = 0x41; // 'A'

/**
 * relay (read only): ioctl BENCH_RELAY_FILL(count) on /dev/bench_relay makes the module relay_write
 * `count` bytes of its buffer into the channel's one sub-buffer and flush it; the program then reads
 * them from /sys/kernel/debug/bench_relay/cpu0.
 */
export const BENCH_RELAY_NAME = 'bench_relay';
export const BENCH_RELAY_FILL = _IO('B', 1);

/** debugfs: /sys/kernel/debug/bench_debugfs, custom fops like the character device's (ioctl BENCH_CHR_NULL). */
export const BENCH_DEBUGFS_NAME = 'bench_debugfs';

/**
 * ioctl: /dev/bench_ioctl. The data travels through ioctl itself: the argument points at a struct
 * bench_xfer { u64 ptr; u64 len; } (16 bytes) that the module copies in first, then it copies `len` bytes
 * from `ptr` into its buffer (WRITE) or from its buffer to `ptr` (READ). The null round trip is a WRITE of
 * length 0: the struct still comes in, no data.
 */
export const BENCH_IOCTL_NAME = 'bench_ioctl';
export const BENCH_XFER_SIZE = 16;
export const BENCH_IOC_WRITE = _IOW('B', 2, BENCH_XFER_SIZE);
export const BENCH_IOC_READ = _IOW('B', 3, BENCH_XFER_SIZE);

/**
 * mmap: /dev/bench_mmap maps up to BENCH_MAX bytes shared between the module and the program (MAP_SHARED,
 * offset 0). ioctl BENCH_MMAP_TAKE(count) makes the module copy `count` bytes from the shared pages into its
 * own buffer; BENCH_MMAP_GIVE(count) copies `count` bytes of its buffer into the shared pages; BENCH_CHR_NULL
 * does nothing (the null round trip).
 */
export const BENCH_MMAP_NAME = 'bench_mmap';
export const BENCH_MMAP_TAKE = _IO('B', 4);
export const BENCH_MMAP_GIVE = _IO('B', 5);

/**
 * Generic netlink: family BENCH_GENL (found through nlctrl). Commands: WRITE (attribute OFFSET u32, then
 * DATA attributes taken into the buffer at OFFSET, in order), READ (OFFSET, LEN u32: the reply carries LEN
 * bytes of the buffer in DATA attributes), NULL (replies at once with an empty message). A message is at
 * most 128 KiB as for plain netlink, and a DATA attribute at most BENCH_GENL_ATTR bytes (nla_len is 16 bits).
 */
export const BENCH_GENL_FAMILY = 'BENCH_GENL';
export const BENCH_GENL_VERSION = 1;
export const BENCH_GENL_C_WRITE = 1;
export const BENCH_GENL_C_READ = 2;
export const BENCH_GENL_C_NULL = 3;
export const BENCH_GENL_A_OFFSET = 1;
export const BENCH_GENL_A_LEN = 2;
export const BENCH_GENL_A_DATA = 3;
export const BENCH_GENL_A_MAX = 3;
/**
 * Data bytes in one DATA attribute (4-aligned, under nla_len's 65535) such that two of them with the
 * netlink, genl and OFFSET headers (16 + 4 + 8 + 2 x 4 bytes) fit in 128 KiB.
 */
export const BENCH_GENL_ATTR = 65512;
/** Data bytes in one message. */
export const BENCH_GENL_BLOCK = 2 * BENCH_GENL_ATTR;
