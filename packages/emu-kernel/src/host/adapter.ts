// The kernel's only view of its host. Everything platform-specific (threads, the terminal, the clock)
// sits behind this interface so the kernel core imports no `node:` module and can run in a browser.

/** What a new user thread is given: its control block, its address space and the program to run. */
export interface ThreadInit {
  pid: number;
  /** The syscall control block (see kernel/uchannel.ts). */
  ctrl: SharedArrayBuffer;
  /** The process's address space. */
  heap: SharedArrayBuffer;
  /** URL of the program module (a JavaScript or TypeScript module exporting `main`). */
  entry: string;
  argv: string[];
  envp: string[];
}

export interface HostThread {
  /** Ends the thread at once (SIGKILL, exit). */
  terminate(): void;
  /** Nudges a thread that is not inside a syscall (signal delivery while it computes or awaits). */
  postMessage(msg: unknown): void;
}

/** A pending host timer (Node's Timeout object, a browser's number). */
export type TimerHandle = object | number;

export interface HostAdapter {
  /** Starts a user thread; `onExit` runs once when it ends, with the error if it threw. */
  spawnThread(init: ThreadInit, onExit: (error: unknown) => void): HostThread;
  /** Monotonic clock in milliseconds with sub-millisecond resolution. */
  now(): number;
  /** Wall clock, milliseconds since the epoch. */
  wallclock(): number;
  /** Fills `into` with cryptographically strong random bytes (the entropy behind /dev/urandom). */
  random(into: Uint8Array): void;
  /** Runs `fn` once, `ms` milliseconds from now (at most 2^31 - 1), as a task of the event loop. */
  setTimer(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer that has not run yet. */
  clearTimer(h: TimerHandle): void;
  /** Runs `fn` soon, as its own task of the event loop: after every pending promise job has run. */
  defer(fn: () => void): void;
  /** The machine's console output: fd 1 goes to `stdout`, the rest to `stderr`. */
  consoleWrite(stream: 'stdout' | 'stderr', data: Uint8Array): void;
  /** Registers the receiver of console input; `null` data means end of input. */
  consoleInput(onData: (data: Uint8Array | null) => void): void;
  /** Keeps the host alive while the machine runs (a pending Atomics.waitAsync does not). */
  hold(): () => void;
  /** Host facts shown in /proc/cpuinfo and uname. */
  info: { cpus: number; model: string; hostname: string };
}
