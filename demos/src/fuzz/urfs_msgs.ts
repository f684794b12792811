// Random messages to /dev/urfs over a few connections: every command with plausible and wrong fields, cut
// and lengthened messages, noise, reads with odd buffers, connections closed and opened again. One
// application (urfs_app) does I/O under the paths the messages name, so that the filters they happen to
// register, activate and switch on get events, which the random answers and GET_ARGS then aim at (the
// module's timeout ends what nobody answers). Some inputs are urfs 2's ioctls and mmap instead (urfs_v2).
// Every message written or call made is one input.
import { kill, spawn, waitpid } from '@urfs/emu-kernel/user/libc';
import { SIGKILL } from '@urfs/emu-kernel/uapi/signal';
import type { FuzzRun } from '@urfs/emu-kernel/testbin/lib/fuzz';
import type { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import { URFS_OMSG_SIZE } from '@urfs/urfs-kmod/uapi';
import { RawConn } from './urfs_conn.js';
import { UrfsGen } from './urfs_gen.js';
import { urfs_v2_op } from './urfs_v2.js';

const CONNS = 3;

export function urfs_msgs(run: FuzzRun, mem: FuzzMem, dir: string, prog: string): number {
  const rng = run.rng;
  const gen = new UrfsGen(rng, mem, [dir, `${dir}/a`, `${dir}/d`, '/', '/nonexistent', 'relative', '', `${dir}/${'n'.repeat(300)}`]);
  const conns = Array.from({ length: CONNS }, () => new RawConn(mem));
  if (conns.some((c) => c.fd < 0)) return run.violation('cannot open /dev/urfs'), 1;
  const app = spawn(prog, [prog, 'app', '--seed', String(run.opts.seed * 1000), dir]);
  for (let i = 0; i < run.opts.count; i++) {
    run.step(i);
    const k = rng.below(CONNS);
    if (rng.chance(0.01)) {
      conns[k].close();
      conns[k] = new RawConn(mem);
    }
    const c = conns[k];
    gen.ids = c.ids;
    if (rng.chance(0.05)) {
      urfs_v2_op(run, mem, gen, c, conns);
      continue;
    }
    const b = gen.message();
    const ptr = rng.chance(0.97) ? mem.put(b) : rng.chance(0.5) ? mem.wild(rng) : mem.edge(rng);
    if (run.tracing) run.trace(`conn ${k} write ${b.length} bytes at ${ptr}: ${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`);
    run.result(c.send(b, ptr), () => `message [${[...b].join(',')}] on connection ${k}`);
    if (rng.chance(0.05)) {
      const len = rng.pick([0, 1, 39, URFS_OMSG_SIZE, 4096]);
      run.result(c.odd_read(rng.chance(0.5) ? mem.alloc(len) : mem.wild(rng), len), 'odd read');
    }
    c.drain(8);
    for (const e of c.events.splice(0)) {
      gen.requests.push(e.request_id);
      if (gen.requests.length > 64) gen.requests.shift();
    }
  }
  for (const c of conns) c.close();
  if (app > 0) {
    kill(app, SIGKILL);
    waitpid(app);
  }
  return 0;
}
