// Memory of the dead: a process's address space goes when it exits (a zombie keeps none), nothing of the
// kernel refers to its task once it is reaped (not /proc's dcache, not an open /proc file), and the host
// reclaims both. The host's side is checked by counting finalizations after forced collections.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, waitFor } from '../testbin/lib/harness.js';
import { kread } from '../testbin/lib/kfile.js';
import { collect_until } from '../host/node/gc.js';
import { kernel_ctx } from '../init/main.js';
import { do_filp_open } from '../fs/open.js';
import { kernel_read } from '../fs/read_write.js';
import { fput } from '../fs/file.js';
import { proc_super } from '../fs/proc/root.js';
import { find_task_by_vpid, for_each_process, type Task } from './task.js';
import { send_sig } from './signal.js';
import { task_size } from './fork.js';
import { ESRCH } from '../uapi/errno.js';
import { O_RDONLY } from '../uapi/fcntl.js';
import { SIGKILL } from '../uapi/signal.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

/** What the host has reclaimed, by the names the objects were registered under. */
const reclaimed = new Set<string>();
const registry = new FinalizationRegistry<string>((name) => reclaimed.add(name));

/** Registers the task and its address space under `name`; keeps no reference to either. */
function watch(t: Task, name: string): void {
  registry.register(t, `${name} task`);
  registry.register(t.mm.heap, `${name} mm`);
}

async function memory(): Promise<Record<string, number>> {
  const text = await kread('/proc/emu/memory');
  if (typeof text === 'number') throw new Error(`/proc/emu/memory: ${text}`);
  return Object.fromEntries(text.trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
}

function task_with_arg(arg: string): Task | undefined {
  return [...for_each_process()].find((t) => t.cmdline[1] === arg && t.exit_state === 'running');
}

const pid_dentry_cached = (pid: number) => proc_super()!.s_root.d_subdirs.has(String(pid));

/** Starts `sh -c '/bin/sleep ARG & /bin/sleep ARG2'`; returns the pids (no task references). */
async function parent_and_child(child_arg: string, other_arg: string): Promise<{ sh: number; child: number; exited: Promise<number> }> {
  const p = await tm.start(['/bin/sh', '-c', `/bin/sleep ${child_arg} & /bin/sleep ${other_arg}`]);
  await waitFor(() => !!task_with_arg(child_arg) && !!task_with_arg(other_arg), 10000, 'both sleeps');
  const child = task_with_arg(child_arg)!;
  watch(child, 'zombie');
  return { sh: p.task.pid, child: child.pid, exited: p.exited };
}

/** Starts a program and watches it; returns its pid (the caller keeps no reference to the task). */
async function start_watched(argv: string[], name: string): Promise<{ pid: number; exited: Promise<number> }> {
  const p = await tm.start(argv);
  watch(p.task, name);
  return { pid: p.task.pid, exited: p.exited };
}

describe('a dead process leaves no memory behind', () => {
  it('a zombie keeps no address space: the kernel gives it back at exit, the host reclaims it before the reaping', async () => {
    const before = await memory();
    const { sh, child, exited } = await parent_and_child('61', '62');
    expect((await memory()).mm_structs).toBe(before.mm_structs + 3); // sh and two sleeps
    send_sig(SIGKILL, find_task_by_vpid(child)!, 1);
    await waitFor(() => find_task_by_vpid(child)?.state === 'Z', 10000, 'the child to be a zombie');
    const z = await memory();
    expect(z.zombies).toBe(before.zombies + 1);
    expect(z.mm_structs).toBe(before.mm_structs + 2);
    expect(z.mm_bytes).toBe(before.mm_bytes + 2 * task_size);
    expect(find_task_by_vpid(child)!.mm.size).toBe(0);
    const status = await kread(`/proc/${child}/status`);
    expect(status).toMatch(/^State:\tZ \(zombie\)$/m);
    expect(status).not.toMatch(/^VmSize:/m);
    expect(pid_dentry_cached(child)).toBe(true);
    expect(await collect_until(() => reclaimed.has('zombie mm'))).toBe(true);
    expect(reclaimed.has('zombie task')).toBe(false); // the zombie itself is still the parent's to reap

    // The parent dies without reaping it: the zombie is released, and /proc forgets it at once.
    send_sig(SIGKILL, find_task_by_vpid(sh)!, 1);
    await exited;
    send_sig(SIGKILL, task_with_arg('62')!, 1);
    await waitFor(() => !task_with_arg('62'), 10000, 'the orphan to go');
    expect(find_task_by_vpid(child)).toBeUndefined();
    expect(pid_dentry_cached(child)).toBe(false);
    expect(await collect_until(() => reclaimed.has('zombie task'))).toBe(true);
    const after = await memory();
    expect(after.tasks).toBe(before.tasks);
    expect(after.mm_structs).toBe(before.mm_structs);
    expect(after.mm_freed).toBe(before.mm_freed + 3);
  });

  it('an open /proc/<pid> file keeps nothing of its reaped process: reads get ESRCH, the host reclaims it', async () => {
    const { pid, exited } = await start_watched(['/bin/sleep', '63'], 'proc');
    const ctx = { ...kernel_ctx(), pid: 0 };
    const f = await do_filp_open(ctx, `/proc/${pid}/status`, O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(`open: ${f}`);
    const fdlink = await do_filp_open(ctx, `/proc/${pid}/fd`, O_RDONLY, 0);
    if (typeof fdlink === 'number') throw new Error(`open fd: ${fdlink}`);
    const caller = { pid: 0, cred: ctx.cred };
    try {
      send_sig(SIGKILL, find_task_by_vpid(pid)!, 1);
      await exited;
      expect(await kernel_read(f, new Uint8Array(4096), { pos: 0 }, caller)).toBe(-ESRCH);
      expect(await collect_until(() => reclaimed.has('proc task') && reclaimed.has('proc mm'))).toBe(true);
    } finally {
      await fput(f, caller);
      await fput(fdlink, caller);
    }
  });

  it('exec gives the old address space back; /proc/meminfo counts what the kernel holds', async () => {
    const before = await memory();
    const p = await tm.start(['/bin/sh', '-c', 'exec /bin/sleep 64']);
    await waitFor(() => p.task.comm === 'sleep', 10000, 'the exec');
    const during = await memory();
    expect(during.mm_structs).toBe(before.mm_structs + 1);
    expect(during.mm_freed).toBe(before.mm_freed + 1);
    const meminfo = await kread('/proc/meminfo');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB$`, 'm').exec(String(meminfo))?.[1]);
    expect(kb('MemTotal') - kb('MemFree')).toBe(Math.ceil(during.mm_bytes / 1024));
    send_sig(SIGKILL, p.task, 1);
    await p.exited;
    expect((await memory()).mm_structs).toBe(before.mm_structs);
  });
});
