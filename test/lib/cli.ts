// Runs the real command-line tools the way a person does: `node packages/emu-kernel/bin/emu.mjs ...` from
// the repository root (the build is done by `pnpm test` before the tests run). A run fails loudly (the
// promise rejects, with the reports) when its machine had a kernel fault, whatever the test asserts, and
// a run that outlasts its time is killed before vitest's own timeout could leave it behind.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = path.join(root, 'packages/emu-kernel/bin/emu.mjs');

/** The environment of every child: emu fails a run whose kernel had a fault (exit 70 and the reports). */
export const env: NodeJS.ProcessEnv = { ...process.env, EMU_FAIL_ON_OOPS: '1' };

/** A child's time: under vitest's testTimeout (60 s), so the harness, not vitest, ends a hung run. */
export const RUN_TIMEOUT_MS = 25000;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the command. */
  ms: number;
}

/** emu's --fail-on-oops verdict: status 70 and this line, then the reports. */
const OOPS_VERDICT = /^emu: \d+ kernel faults?, failing the run/m;

/** The error of a run whose machine had a kernel fault, or that was killed after `killedAfter` ms; else null. */
function runFailure(args: string[], r: Run, killedAfter: number | null): Error | null {
  const what = args.map((a) => (/^[\w./=-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  if (killedAfter !== null) {
    return new Error(`killed after ${killedAfter} ms: ${what}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  const m = r.code === 70 ? OOPS_VERDICT.exec(r.stderr) : null;
  return m ? new Error(`kernel fault while running ${what}:\n${r.stderr.slice(m.index)}`) : null;
}

/** Runs `node ARGS...` in the repository root; rejects on a kernel fault or when killed for its time. */
export function node(args: string[], timeout = RUN_TIMEOUT_MS): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, env, timeout, killSignal: 'SIGKILL', encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const r = { code, stdout, stderr, ms: Date.now() - start };
        const failure = runFailure(args, r, err?.killed ? timeout : null);
        if (failure) reject(failure);
        else resolve(r);
      });
  });
}

/**
 * A readiness wait for a command line inside the machine: loops until the shell condition `cond` holds,
 * looking every 50 ms. After `seconds` (less than the run's own time) it names `what` on stderr and ends
 * the command line with status 124, as timeout(1) does; in a subshell it ends only that subshell.
 */
export function until(cond: string, what: string, seconds = 20): string {
  return `w=0; until ${cond}; do w=$((w+1)); if [ $w -gt ${seconds * 20} ]; then ` +
    `echo "timed out waiting for ${what}" >&2; exit 124; fi; sleep 0.05; done`;
}

/** `emu ARGS...` */
export const emu = (...args: string[]): Promise<Run> => node([cli, ...args]);
/** `emu -c LINE`: one command line on a fresh machine. */
export const sh = (line: string): Promise<Run> => emu('-c', line);

/** A machine started with `emu serve`. */
export interface Served {
  /** Ends it (SIGTERM); rejects when its kernel had a fault meanwhile. */
  stop(): Promise<void>;
}

/** Starts `emu serve -s SOCK [EXTRA...]` and resolves once its socket exists. */
export async function serve(sock: string, extra: string[] = []): Promise<Served> {
  const args = [cli, 'serve', '-s', sock, ...extra];
  const server = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
  const exited = new Promise<number>((r) => server.once('exit', (code) => r(code ?? 128)));
  const stop = async (): Promise<void> => {
    server.kill('SIGTERM');
    const failure = runFailure(args, { code: await exited, stdout: '', stderr, ms: 0 }, null);
    if (failure) throw failure;
  };
  const end = Date.now() + RUN_TIMEOUT_MS;
  while (!fs.existsSync(sock)) {
    if (Date.now() > end || server.exitCode !== null) {
      server.kill('SIGKILL');
      throw new Error(`emu serve did not start:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { stop };
}
