// The Node host: user threads are worker_threads, the console is this process's stdio.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { HostAdapter, HostThread, ThreadInit } from '../adapter.js';
import { web_platform } from '../platform.js';

export interface NodeHostOptions {
  /** Where console output goes (default: process.stdout / process.stderr). */
  stdout?: (data: Uint8Array) => void;
  stderr?: (data: Uint8Array) => void;
  /** Console input; default process.stdin when `stdin` is true. */
  stdin?: NodeJS.ReadableStream | null;
  /** Threads kept started ahead of need (default 1; 0 starts each on demand). */
  pool?: number;
}

const workerUrl = new URL('./worker.js', import.meta.url.replace('/src/', '/dist/').replace(/\.ts$/, '.js'));

/**
 * Programs run as compiled JavaScript: a host started with the "source" export condition (vitest, to run
 * the kernel from its TypeScript) must not pass it on, or a program's package imports would resolve to
 * .ts files the worker cannot load.
 */
function workerExecArgv(argv: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if ((argv[i] === '--conditions' || argv[i] === '-C') && argv[i + 1] === 'source') i++;
    else if (argv[i] !== '--conditions=source') out.push(argv[i]);
  }
  // Otherwise the workers inherit the host's options (an explicit list may not hold V8 flags such as
  // --expose-gc, which inheriting passes over).
  return out.length === argv.length ? undefined : out;
}
const execArgv = workerExecArgv(process.execArgv);

/**
 * Threads started ahead of need: starting a worker costs tens of milliseconds, most of it before any
 * program code runs, so a spawn takes a warm one and a new one warms up in the background. Idle workers
 * are unref'd so they never keep the host alive.
 */
class WorkerPool {
  private idle: Worker[] = [];
  constructor(private readonly size: number) {
    this.warm();
  }
  private warm(): void {
    while (this.idle.length < this.size) {
      const w = new Worker(workerUrl, { workerData: null, stdout: false, stderr: false, execArgv });
      w.unref();
      w.on('error', () => {});
      w.on('exit', () => (this.idle = this.idle.filter((x) => x !== w)));
      this.idle.push(w);
    }
  }
  take(init: ThreadInit): Worker {
    const w = this.idle.shift();
    setTimeout(() => this.warm(), 0);
    if (!w) return new Worker(workerUrl, { workerData: init, stdout: false, stderr: false, execArgv });
    w.removeAllListeners('error');
    w.removeAllListeners('exit');
    w.ref();
    w.postMessage({ type: 'start', init });
    return w;
  }
  drain(): void {
    for (const w of this.idle.splice(0)) void w.terminate();
  }
}

/**
 * A writer to one of the host's streams. When the reader goes away (`emu -c ... | head`), later output is
 * dropped instead of the EPIPE error ending the whole machine.
 */
const writers = new WeakMap<NodeJS.WriteStream, (d: Uint8Array) => void>();
function hostStream(stream: NodeJS.WriteStream): (d: Uint8Array) => void {
  const known = writers.get(stream);
  if (known) return known;
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw e;
  });
  const write = (d: Uint8Array) => {
    if (!closed) stream.write(d);
  };
  writers.set(stream, write);
  return write;
}

export function nodeHost(o: NodeHostOptions = {}): HostAdapter & { drain(): void } {
  const out = o.stdout ?? hostStream(process.stdout);
  const err = o.stderr ?? hostStream(process.stderr);
  let holds = 0;
  let keepalive: ReturnType<typeof setInterval> | undefined;
  const pool = new WorkerPool(o.pool ?? 1);
  return {
    drain: () => pool.drain(),
    spawnThread(init: ThreadInit, onExit: (error: unknown) => void): HostThread {
      const w = pool.take(init);
      let ended = false;
      let error: unknown = null;
      w.on('error', (e) => (error = e));
      w.on('exit', () => {
        if (ended) return;
        ended = true;
        onExit(error);
      });
      return {
        terminate: () => void w.terminate(),
        postMessage: (m) => {
          if (!ended) w.postMessage(m);
        },
      };
    },
    ...web_platform,
    defer: (fn) => void setImmediate(fn),
    consoleWrite: (stream, data) => (stream === 'stdout' ? out(data) : err(data)),
    consoleInput(onData) {
      const input = o.stdin;
      if (!input) {
        onData(null);
        return;
      }
      input.on('data', (d: Buffer) => onData(new Uint8Array(d)));
      input.on('end', () => onData(null));
      input.resume?.();
    },
    hold() {
      if (holds++ === 0) keepalive = setInterval(() => {}, 1 << 30);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holds === 0) clearInterval(keepalive);
      };
    },
    info: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', hostname: os.hostname() },
  };
}
