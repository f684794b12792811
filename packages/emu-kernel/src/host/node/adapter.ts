// The Node host: user threads are worker_threads, the console is this process's stdio.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { HostAdapter, HostThread, ThreadInit } from '../adapter.js';

export interface NodeHostOptions {
  /** Where console output goes (default: process.stdout / process.stderr). */
  stdout?: (data: Uint8Array) => void;
  stderr?: (data: Uint8Array) => void;
  /** Console input; default process.stdin when `stdin` is true. */
  stdin?: NodeJS.ReadableStream | null;
}

const workerUrl = new URL('./worker.js', import.meta.url.replace('/src/', '/dist/').replace(/\.ts$/, '.js'));

export function nodeHost(o: NodeHostOptions = {}): HostAdapter {
  const out = o.stdout ?? ((d: Uint8Array) => void process.stdout.write(d));
  const err = o.stderr ?? ((d: Uint8Array) => void process.stderr.write(d));
  let holds = 0;
  let keepalive: ReturnType<typeof setInterval> | undefined;
  return {
    spawnThread(init: ThreadInit, onExit: (error: unknown) => void): HostThread {
      const w = new Worker(workerUrl, { workerData: init, stdout: false, stderr: false });
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
    now: () => performance.now(),
    wallclock: () => Date.now(),
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
