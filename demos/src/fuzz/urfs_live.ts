// A live ufilter that answers at random, while applications (urfs_app) do I/O under its path: most events
// get a proper answer (sometimes after GET_ARGS, sometimes with the data changed), the others a wrong
// ufilter or request id, a result no operation could have, two answers, none, one after the timeout,
// GET_ARGS at odd moments, unrelated commands in between, and now and then the application waiting on
// the event is killed: its request must then go at once (GET_ARGS answers RFS_ERR_NOENT), which is
// checked here and reported as a violation when it does not. Every message written is one input.
import { HEAPV, clock_ms, kill, poll, spawn, waitpid } from '@urfs/emu-kernel/user/libc';
import { POLLIN } from '@urfs/emu-kernel/uapi/poll';
import { SIGKILL } from '@urfs/emu-kernel/uapi/signal';
import type { FuzzRun } from '@urfs/emu-kernel/testbin/lib/fuzz';
import type { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import {
  URFS_CMD_CONN_SWITCH_CALLBACKS, URFS_CMD_FILTER_ACTIVATE, URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_SET_OPERATIONS,
  URFS_CMD_FILTER_SET_PATH, URFS_CMD_OP_CALLBACK, URFS_CMD_OP_CALLBACK_GET_ARGS, URFS_CALL_POST, URFS_OP_PRE,
  URFS_OP_POST, urfs_args_decode, URFS_ARGS_SIZE, type urfs_imsg,
} from '@urfs/urfs-kmod/uapi';
import { RFS_CONTINUE, RFS_ERR_NOENT, RFS_PATH_INCLUDE, RFS_PATH_SUBTREE } from '@urfs/redirfs/rfs';
import { RFS_OP_END } from '@urfs/redirfs/ops';
import { RawConn, mapped, type urfs_event } from './urfs_conn.js';
import { UrfsGen } from './urfs_gen.js';

export interface live_opts {
  dir: string;
  apps: number;
  /** This program's path and the seed its applications derive theirs from. */
  prog: string;
  /** The module's timeout (ms): a late answer is sent after it. */
  timeout: number;
}

/** How long a killed application's request may stay pending. */
const KILL_MS = 500;
/** With no event for this long, the filter makes sure it is still on (and its input index moves). */
const IDLE_MS = 300;

type answer = Extract<urfs_imsg, { cmd: typeof URFS_CMD_OP_CALLBACK }>;
type action = 'proper' | 'random' | 'wrong_filter' | 'wrong_request' | 'double' | 'missing' | 'late' | 'args' | 'noise' |
  'kill' | 'restart';
/** How often each answer is given. The ones that make an application wait (missing, late, kill) are rarer. */
const ACTIONS: readonly (readonly [number, action])[] = [[500, 'proper'], [80, 'random'], [40, 'wrong_filter'],
  [40, 'wrong_request'], [40, 'double'], [10, 'missing'], [10, 'late'], [60, 'args'], [80, 'noise'], [4, 'kill'],
  [2, 'restart']];

export function urfs_live(run: FuzzRun, mem: FuzzMem, o: live_opts): number {
  const rng = run.rng;
  const gen = new UrfsGen(rng, mem, [o.dir, `${o.dir}/a`, `${o.dir}/d`, '/', '/nonexistent', 'relative', '']);
  let conn = new RawConn(mem);
  /** OP_INTERRUPTs read on the connections closed so far. */
  let interrupts = 0;
  if (conn.fd < 0) return run.violation('cannot open /dev/urfs'), 1;
  let sent = 0;
  let uf = 0;
  const deferred: { at: number; m: urfs_imsg }[] = [];
  const apps = new Map<number, number>();
  let next_app = 0;

  const tx = (m: urfs_imsg | Uint8Array, what: string): number => {
    run.step(sent++);
    run.trace(() => `${what}: ${m instanceof Uint8Array ? `${m.length} bytes` : JSON.stringify(m, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    const r = conn.send(m);
    run.result(r, what);
    return r;
  };
  const call = (m: urfs_imsg, what: string) => {
    run.step(sent++);
    run.trace(() => `${what}: ${JSON.stringify(m, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    const r = conn.call(m);
    run.result(typeof r === 'number' ? r : 0, what);
    return r;
  };
  /** A callback, pre, post or both, for every operation id. */
  const set_operations = (): urfs_imsg => {
    const ops = mem.alloc(RFS_OP_END * 8);
    for (let id = 0; id < RFS_OP_END; id++) {
      HEAPV.setUint32(ops + id * 8, id, true);
      HEAPV.setUint32(ops + id * 8 + 4, rng.weighted([[4, URFS_OP_PRE | URFS_OP_POST], [3, URFS_OP_PRE], [3, URFS_OP_POST]] as const), true);
    }
    return { cmd: URFS_CMD_FILTER_SET_OPERATIONS, ufilter_id: uf, ops_ptr: ops, count: RFS_OP_END };
  };
  const setup = (): boolean => {
    const name = mem.put(new TextEncoder().encode('fzlive'));
    const reg = call({ cmd: URFS_CMD_FILTER_REGISTER, name_ptr: name, name_len: 6, priority: 700, active: 0,
      policy: rng.below(3) }, 'register');
    if (typeof reg === 'number' || reg.err) return false;
    uf = reg.ufilter_id;
    const path = mem.put(new TextEncoder().encode(o.dir));
    for (const m of [
      set_operations(),
      { cmd: URFS_CMD_FILTER_SET_PATH, ufilter_id: uf, path_ptr: path, path_len: o.dir.length, flags: RFS_PATH_INCLUDE | RFS_PATH_SUBTREE },
      { cmd: URFS_CMD_FILTER_ACTIVATE, ufilter_id: uf },
      { cmd: URFS_CMD_CONN_SWITCH_CALLBACKS, enable: 1 },
    ] as urfs_imsg[]) {
      const r = call(m, 'set-up');
      if (typeof r === 'number' || r.err) return false;
    }
    return true;
  };
  /**
   * Random commands may have switched the filter off (deactivated, callbacks off, path removed, its
   * operations taken away, unregistered): put it back, so the applications' events keep coming.
   */
  const ensure = () => {
    const path = mem.put(new TextEncoder().encode(o.dir));
    const a = call({ cmd: URFS_CMD_FILTER_ACTIVATE, ufilter_id: uf }, 'activate again');
    if (typeof a === 'number') {
      interrupts += conn.interrupts;
      conn.close();
      conn = new RawConn(mem);
      if (!setup()) run.violation('the filter could not register again');
      return;
    }
    call({ cmd: URFS_CMD_FILTER_SET_PATH, ufilter_id: uf, path_ptr: path, path_len: o.dir.length,
      flags: RFS_PATH_INCLUDE | RFS_PATH_SUBTREE }, 'set path again');
    call(set_operations(), 'operations again');
    call({ cmd: URFS_CMD_CONN_SWITCH_CALLBACKS, enable: 1 }, 'callbacks on again');
  };
  const start_app = () => {
    const pid = spawn(o.prog, [o.prog, 'app', '--seed', String(run.opts.seed * 1000 + next_app++), o.dir]);
    if (pid > 0) apps.set(pid, pid);
  };
  const proper = (e: urfs_event): answer => ({ cmd: URFS_CMD_OP_CALLBACK, ufilter_id: e.ufilter_id, request_id: e.request_id,
    retv: e.call === URFS_CALL_POST ? e.retv : 0, rv: RFS_CONTINUE });
  const get_args = (e: urfs_event, change: boolean) => {
    const r = call({ cmd: URFS_CMD_OP_CALLBACK_GET_ARGS, ufilter_id: e.ufilter_id, request_id: e.request_id }, 'GET_ARGS');
    if (typeof r === 'number' || r.err || !change) return;
    const head = mapped(r.data_ptr, Math.min(r.data_len, URFS_ARGS_SIZE));
    if (!head || head.length < URFS_ARGS_SIZE) return;
    const a = urfs_args_decode(head);
    const data = a.buf_len ? mapped(a.buf_ptr, Math.min(a.buf_len, 1 << 20)) : null;
    if (data) for (let k = 0; k < Math.min(data.length, 64); k++) data[rng.below(data.length)] ^= 1 + rng.below(255);
  };
  /** The application waiting on `e` dies: its request must go at once. */
  const kill_waiter = (e: urfs_event) => {
    if (!apps.has(e.pid)) return void tx(proper(e), 'answer');
    kill(e.pid, SIGKILL);
    const t0 = clock_ms();
    for (;;) {
      const r = call({ cmd: URFS_CMD_OP_CALLBACK_GET_ARGS, ufilter_id: e.ufilter_id, request_id: e.request_id }, 'GET_ARGS after kill');
      if (typeof r !== 'number' && r.err === RFS_ERR_NOENT) break;
      if (clock_ms() - t0 > KILL_MS) {
        run.violation(`request ${e.request_id} of killed process ${e.pid} still pending ${KILL_MS} ms after SIGKILL`);
        tx(proper(e), 'answer after kill');
        break;
      }
      poll([], 10);
    }
    run.count('killed_waiters');
  };

  const handle = (e: urfs_event) => {
    gen.requests.push(e.request_id);
    if (gen.requests.length > 64) gen.requests.shift();
    const act = rng.weighted(ACTIONS);
    run.count(`action.${act}`);
    run.trace(() => `event request ${e.request_id} op ${e.op_id} call ${e.call} retv ${e.retv} pid ${e.pid}: ${act}`);
    switch (act) {
      case 'proper':
        if (rng.chance(0.5)) get_args(e, rng.chance(0.3));
        tx(proper(e), 'answer');
        break;
      case 'random':
        if (rng.chance(0.3)) get_args(e, false);
        tx({ ...proper(e), retv: gen.retv(), rv: gen.rv() }, 'random answer');
        if (rng.chance(0.5)) tx(proper(e), 'answer after random');
        break;
      case 'wrong_filter':
        tx({ ...proper(e), ufilter_id: gen.ufilter_id() === uf ? uf + 1 : gen.ufilter_id() }, 'wrong ufilter');
        tx(proper(e), 'answer');
        break;
      case 'wrong_request':
        tx({ ...proper(e), request_id: gen.request_id() }, 'wrong request');
        tx(proper(e), 'answer');
        break;
      case 'double':
        tx(proper(e), 'answer');
        tx(proper(e), 'second answer');
        break;
      case 'missing':
        break;
      case 'late':
        deferred.push({ at: clock_ms() + o.timeout + 200, m: proper(e) });
        break;
      case 'args':
        get_args(e, false);
        get_args(e, rng.chance(0.5));
        tx({ cmd: URFS_CMD_OP_CALLBACK_GET_ARGS, ufilter_id: gen.ufilter_id(), request_id: gen.request_id() }, 'odd GET_ARGS');
        tx(proper(e), 'answer');
        if (rng.chance(0.5)) get_args(e, false);
        break;
      case 'noise':
        tx(gen.message(), 'noise');
        tx(proper(e), 'answer');
        if (rng.chance(0.2)) ensure();
        break;
      case 'kill':
        kill_waiter(e);
        break;
      case 'restart':
        interrupts += conn.interrupts;
        conn.close();
        conn = new RawConn(mem);
        if (!setup()) run.violation('the filter could not register again after closing its connection');
        break;
    }
  };

  if (!setup()) return run.violation('the filter could not register'), 1;
  for (let k = 0; k < o.apps; k++) start_app();
  let last_event = clock_ms();
  while (sent < run.opts.count) {
    conn.drain();
    const now = clock_ms();
    while (deferred.length && deferred[0].at <= now) tx(deferred.shift()!.m, 'late answer');
    if (conn.events.length) {
      last_event = now;
      handle(conn.events.shift()!);
      continue;
    }
    if (now - last_event > IDLE_MS) {
      last_event = now;
      ensure();
    }
    for (let w = waitpid(-1, 1); w && w[0] > 0; w = waitpid(-1, 1)) {
      apps.delete(w[0]);
      run.count('apps_ended');
    }
    while (apps.size < o.apps) start_app();
    poll([{ fd: conn.fd, events: POLLIN }], 20);
  }
  for (const pid of apps.keys()) kill(pid, SIGKILL);
  for (const pid of apps.keys()) waitpid(pid);
  conn.close();
  run.count('unknown_messages', conn.unknown);
  run.count('interrupts', interrupts + conn.interrupts);
  return 0;
}
