// ptrace(2) requests, options, events and the register block (include/uapi/linux/ptrace.h and
// arch/x86/include/asm/user_64.h): Linux's x86_64 values, so a tracer reads this machine as it reads Linux.
export const PTRACE_TRACEME = 0, PTRACE_PEEKTEXT = 1, PTRACE_PEEKDATA = 2, PTRACE_PEEKUSR = 3,
  PTRACE_CONT = 7, PTRACE_KILL = 8, PTRACE_GETREGS = 12, PTRACE_SETREGS = 13, PTRACE_ATTACH = 16,
  PTRACE_DETACH = 17, PTRACE_SYSCALL = 24, PTRACE_SETOPTIONS = 0x4200, PTRACE_GETEVENTMSG = 0x4201,
  PTRACE_GETSIGINFO = 0x4202, PTRACE_SEIZE = 0x4206, PTRACE_INTERRUPT = 0x4207, PTRACE_LISTEN = 0x4208;

export const PTRACE_O_TRACESYSGOOD = 1, PTRACE_O_TRACEFORK = 2, PTRACE_O_TRACEVFORK = 4,
  PTRACE_O_TRACECLONE = 8, PTRACE_O_TRACEEXEC = 0x10, PTRACE_O_TRACEVFORKDONE = 0x20,
  PTRACE_O_TRACEEXIT = 0x40, PTRACE_O_EXITKILL = 0x100000;
export const PTRACE_O_MASK = 0x1000ff | PTRACE_O_EXITKILL;

export const PTRACE_EVENT_FORK = 1, PTRACE_EVENT_VFORK = 2, PTRACE_EVENT_CLONE = 3, PTRACE_EVENT_EXEC = 4,
  PTRACE_EVENT_VFORK_DONE = 5, PTRACE_EVENT_EXIT = 6, PTRACE_EVENT_STOP = 128;

/** struct user_regs_struct: 27 unsigned longs. */
export const USER_REGS_SIZE = 27 * 8;
/** Byte offsets in user_regs_struct of the registers a system call uses. */
export const REG_R10 = 7 * 8, REG_R9 = 8 * 8, REG_R8 = 9 * 8, REG_RAX = 10 * 8, REG_RDX = 12 * 8,
  REG_RSI = 13 * 8, REG_RDI = 14 * 8, REG_ORIG_RAX = 15 * 8, REG_RIP = 16 * 8;
/** The argument registers of a system call, in order (x86_64 syscall convention). */
export const SYSCALL_ARG_REGS = [REG_RDI, REG_RSI, REG_RDX, REG_R10, REG_R8, REG_R9] as const;

/** struct iovec, as process_vm_readv takes it: base (u64) then length (u64). */
export const IOVEC_SIZE = 16;

/** The siginfo PTRACE_GETSIGINFO writes: si_signo 0, si_errno 4, si_code 8, si_pid 16, si_uid 20, si_int 24. */
export const SIGINFO_SIZE = 128;
