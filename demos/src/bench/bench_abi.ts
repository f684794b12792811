// What the benchmark's test modules and its measuring program (bench_io) agree on: device and proc
// names, ioctl commands, the bench system call's number and types. Plain constants, shared by kernel and
// user code.
import { _IO } from '@urfs/emu-kernel/uapi/ioctl';

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
