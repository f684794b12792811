// Runs the real command-line tools the way a person does: `node packages/emu-kernel/bin/emu.mjs ...` from
// the repository root (the build is done by `pnpm test` before the tests run).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = path.join(root, 'packages/emu-kernel/bin/emu.mjs');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the command. */
  ms: number;
}

/** Runs `node ARGS...` in the repository root. */
export function node(args: string[], timeout = 60000): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, timeout, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - start });
    });
  });
}

/** `emu ARGS...` */
export const emu = (...args: string[]): Promise<Run> => node([cli, ...args]);
/** `emu -c LINE`: one command line on a fresh machine. */
export const sh = (line: string): Promise<Run> => emu('-c', line);
