// The set-up most RedirFS tests share: one booted machine for the file, and redirfs initialised afresh
// around every test (its own teardown first, then redirfs_exit). Only tests import it (not built).
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { Machine } from '@urfs/emu-kernel/host/machine';
import { redirfs_exit, redirfs_init } from './chain.js';

export interface redirfs_machine_opts {
  /** Gets the booted machine. */
  booted: (m: Machine) => void;
  /** The machine's console output, decoded, as it comes (default: dropped). */
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  /** After redirfs_init, before each test. */
  before_each?: () => unknown;
  /** After each test, before redirfs_exit. */
  after_each?: () => unknown;
}

export function use_redirfs_machine(o: redirfs_machine_opts): void {
  let m: Machine;
  const dec = new TextDecoder();
  beforeAll(async () => {
    m = await Machine.boot({
      stdout: (d) => o.stdout?.(dec.decode(d)),
      stderr: (d) => o.stderr?.(dec.decode(d)),
    });
    o.booted(m);
  });
  afterAll(async () => {
    await m.shutdown();
  });
  beforeEach(async () => {
    expect(redirfs_init()).toBe(0);
    await o.before_each?.();
  });
  afterEach(async () => {
    await o.after_each?.();
    redirfs_exit();
  });
}
