// The browser host: user threads are module Web Workers, the console is whatever terminal the page wires
// in (the playground's xterm.js). Written against the few Web APIs it needs, declared below, so that it
// type-checks with the kernel's own settings (no DOM library).
import './shared_decode.js';
import type { HostAdapter, HostThread, ThreadInit } from '../adapter.js';
import { web_platform } from '../platform.js';

interface WebWorker {
  postMessage(msg: unknown): void;
  terminate(): void;
  addEventListener(type: 'error', fn: (e: { message?: string }) => void): void;
}
type WorkerCtor = new (url: string, o: { type: 'module'; name?: string }) => WebWorker;

interface BrowserGlobals {
  Worker: WorkerCtor;
  navigator: { hardwareConcurrency?: number; userAgent?: string };
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
}

export interface BrowserHostOptions {
  /** URL of the worker bootstrap (host/browser/worker.ts, bundled). */
  workerUrl: string;
  /** Receives console output; fd 1 is 'stdout', the rest 'stderr'. */
  write: (stream: 'stdout' | 'stderr', data: Uint8Array) => void;
  /** Threads kept started ahead of need (default 1). */
  pool?: number;
  hostname?: string;
}

/**
 * Workers started ahead of need: a module worker's start-up (fetching and evaluating the bootstrap) is most
 * of a spawn's cost, so a spawn takes a warm one and another warms up meanwhile.
 */
class WorkerPool {
  private idle: WebWorker[] = [];
  constructor(private readonly url: string, private readonly size: number, private readonly W: WorkerCtor) {
    this.warm();
  }
  private make(): WebWorker {
    return new this.W(this.url, { type: 'module' });
  }
  private warm(): void {
    while (this.idle.length < this.size) this.idle.push(this.make());
  }
  take(): WebWorker {
    const w = this.idle.shift() ?? this.make();
    setTimeout(() => this.warm(), 0);
    return w;
  }
  drain(): void {
    for (const w of this.idle.splice(0)) w.terminate();
  }
}

export interface BrowserHost extends HostAdapter {
  /** Hands console input to the kernel (the terminal's typed bytes); `null` is end of input. */
  input(data: Uint8Array | null): void;
  /** Stops the idle workers. */
  drain(): void;
}

export function browserHost(o: BrowserHostOptions): BrowserHost {
  const g = globalThis as unknown as BrowserGlobals;
  const pool = new WorkerPool(o.workerUrl, o.pool ?? 1, g.Worker);
  let receiver: ((d: Uint8Array | null) => void) | null = null;
  const pending: (Uint8Array | null)[] = [];
  // A macrotask that runs before timers clamp (setTimeout(0) may wait 4 ms once nested).
  const channel = new g.MessageChannel();
  const deferred: (() => void)[] = [];
  channel.port1.onmessage = () => {
    for (const fn of deferred.splice(0)) fn();
  };
  return {
    drain: () => pool.drain(),
    input(data) {
      if (receiver) receiver(data);
      else pending.push(data);
    },
    spawnThread(init: ThreadInit, onExit: (error: unknown) => void): HostThread {
      const w = pool.take();
      let ended = false;
      const end = (error: unknown) => {
        if (ended) return;
        ended = true;
        w.terminate();
        queueMicrotask(() => onExit(error));
      };
      w.addEventListener('error', (e) => end(new Error(e.message ?? 'worker error')));
      w.postMessage({ type: 'start', init });
      return {
        terminate: () => end(null),
        postMessage: (m) => {
          if (!ended) w.postMessage(m);
        },
      };
    },
    ...web_platform,
    defer(fn) {
      deferred.push(fn);
      if (deferred.length === 1) channel.port2.postMessage(0);
    },
    consoleWrite: (stream, data) => o.write(stream, data),
    consoleInput(onData) {
      receiver = onData;
      for (const d of pending.splice(0)) onData(d);
    },
    // A page lives as long as its tab: nothing to keep alive.
    hold: () => () => {},
    info: {
      cpus: g.navigator.hardwareConcurrency ?? 1,
      model: g.navigator.userAgent ?? 'browser',
      hostname: o.hostname ?? 'urfs',
    },
  };
}
