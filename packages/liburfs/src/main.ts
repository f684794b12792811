// urfs_main: the loop that serves a connection's events. Each event runs its filter's callback; an
// answer goes back with the call that fetches the next event (urfs 2's URFS_IOC_ANSWER_FETCH, one system
// call per event), or by write in the 2007 protocol. A callback that returns a promise runs concurrently:
// while it awaits, the loop goes on with other events (at most `max_in_flight` awaiting at once), and
// between events it lets the host's own tasks run so what the callbacks await can complete. SIGHUP,
// SIGINT and SIGTERM end the loop at once; callbacks still running are then left to the kernel's policy.
// The loop also ends (returning 0) when every filter of the connection was unregistered from outside.
import { close, dprintf, errno, poll, set_errno, sigaction, type SigHandler } from '@urfs/emu-kernel/user/libc';
import { EAGAIN, EINTR, EINVAL, ENOENT, EPROTO } from '@urfs/emu-kernel/uapi/errno';
import { POLLIN } from '@urfs/emu-kernel/uapi/poll';
import { SIGHUP, SIGINT, SIGTERM, SIG_DFL } from '@urfs/emu-kernel/uapi/signal';
import { RFS_CONTINUE, RFS_ERR_INVAL, RFS_ERR_OPNOTSUPP, RFS_STOP } from '@urfs/redirfs/rfs';
import { URFS_CALL_MOD, URFS_CALL_PRE, URFS_CMD_OP_CALLBACK, URFS_OP_MOD, urfs_imsg_encode } from '@urfs/urfs-kmod/uapi';
import { URFS_ANSWER_CACHE, URFS_EV_FD } from '@urfs/urfs-kmod/uapi_v2';
import { answer_fetch, imsg_send, omsg_recv_once, on_gone, on_interrupt, request_key, type urfs_in } from './msg.js';
import { event_args, event_fetch, mod_of } from './event.js';
import { urfs_switch_callbacks } from './urfs.js';
import { event_context, event_rfs_args } from './callback_args.js';
import type { urfs_conn, urfs_filter, urfs_pending_event } from './types.js';

export interface urfs_main_opts {
  /** Called once callbacks are on: the filter is working (demos print their "active" line here). */
  on_ready?: () => void;
  /** Most callbacks that may be awaiting at once (default 64); the loop takes no new event beyond it. */
  max_in_flight?: number;
  /** With it, SIGHUP calls it (between events) instead of ending the loop: a daemon's reload. */
  on_hup?: () => void;
}

interface answer {
  ufilter_id: number;
  request_id: bigint;
  /** What it answers, for the messages. */
  op_id: number;
  call: number;
  retv: number;
  rv: number;
  flags: number;
}

function report(what: string, e: unknown): void {
  dprintf(2, `urfs: ${what}: ${e instanceof Error ? e.message : String(e)}\n`);
}

const is_promise = <T>(v: T | Promise<T>): v is Promise<T> =>
  typeof v === 'object' && v !== null && typeof (v as Promise<T>).then === 'function';

/** Lets the host run its own queued work (timers, completed I/O) before the loop goes on. */
function yield_to_host(): Promise<void> {
  return new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));
}

/** The modifier callback of a modifier event (redirctl or sysfs asking the filter to change). */
function handle_mod(c: urfs_conn, f: urfs_filter | undefined, ev: urfs_pending_event): number | null | Promise<number> {
  if (!f?.mod_cb) return RFS_ERR_OPNOTSUPP;
  const got = event_fetch(c, ev);
  if (!got) return null; // the request is gone (timed out)
  const mod = mod_of(got);
  if (!mod) return RFS_ERR_INVAL;
  const failed = (e: unknown) => (report(`${f.name}: modifier callback failed`, e), RFS_ERR_INVAL);
  try {
    const r = f.mod_cb(mod);
    return is_promise(r) ? r.catch(failed) : r;
  } catch (e) {
    return failed(e);
  }
}

/** The answer to `ev` (built field by field: a spread of a base object costs microseconds per event). */
function answer_to(ev: urfs_pending_event, retv: number, rv: number, flags: number): answer {
  return { ufilter_id: ev.ufilter_id, request_id: ev.request_id, op_id: ev.op_id, call: ev.call, retv, rv, flags };
}

/**
 * Runs the event's callback: the answer now (a callback that returns a value), a promise of it (one that
 * returns a promise), or null when nothing waits for an answer any more.
 */
function handle_event(c: urfs_conn, ev: urfs_pending_event): answer | null | Promise<answer | null> {
  const f = c.filters.get(ev.ufilter_id);
  const state = c.running.get(request_key(ev.ufilter_id, ev.request_id)) ?? { interrupted: false };
  const fd = ev.inline && ev.inline.flags & URFS_EV_FD ? ev.inline.fd : -1;
  const done = () => {
    if (fd >= 0) close(fd);
  };
  if (ev.op_id === URFS_OP_MOD && ev.call === URFS_CALL_MOD) {
    const r = handle_mod(c, f, ev);
    const finish = (retv: number | null): answer | null => (done(), retv === null || state.interrupted ? null :
      answer_to(ev, retv, RFS_CONTINUE, 0));
    return is_promise(r) ? r.then(finish) : finish(r);
  }
  const cb = ev.call === URFS_CALL_PRE ? f?.pre_cbs.get(ev.op_id) : f?.post_cbs.get(ev.op_id);
  // No callback: go on with the operation's own result.
  if (!cb || !f) return done(), answer_to(ev, ev.retv, RFS_CONTINUE, 0);
  const a = new event_rfs_args(ev.op_id, ev.call === URFS_CALL_PRE ? 'pre' : 'post', ev.retv, event_args(c, ev));
  const cx = new event_context(ev.caller, state);
  const finish = (rv: unknown): answer | null => {
    done();
    if (state.interrupted) return null;
    return answer_to(ev, Number.isSafeInteger(a.retv) ? a.retv : ev.retv, rv === RFS_STOP ? RFS_STOP : RFS_CONTINUE,
      a.cache ? URFS_ANSWER_CACHE : 0);
  };
  const failed = (e: unknown): answer | null => {
    report(`${f.name}: callback of op ${ev.op_id} failed`, e);
    done();
    return state.interrupted ? null : answer_to(ev, ev.retv, RFS_CONTINUE, 0);
  };
  try {
    const r = cb(cx, a);
    return is_promise(r) ? r.then(finish, failed) : finish(r);
  } catch (e) {
    return failed(e);
  }
}

function encode_answer(x: answer): Uint8Array {
  return urfs_imsg_encode({ cmd: URFS_CMD_OP_CALLBACK, ufilter_id: x.ufilter_id, request_id: x.request_id,
    retv: x.retv, rv: x.rv, flags: x.flags });
}

/** What the kernel said of an answer: ENOENT (the request ended meanwhile) is normal; EINVAL is a refusal. */
function answer_said(c: urfs_conn, x: answer, err: number): void {
  if (!err || err === -ENOENT) return;
  const name = c.filters.get(x.ufilter_id)?.name ?? String(x.ufilter_id);
  if (err === -EINVAL) {
    report(`${name}: answer refused`, `op ${x.op_id} ${x.call === URFS_CALL_PRE ? 'pre' : 'post'} retv ${x.retv} ` +
      `${x.rv === RFS_STOP ? 'stop' : 'continue'} is not a result this operation can have`);
  } else {
    report(`${name}: answer`, `errno ${-err}`);
  }
}

function send_answer(c: urfs_conn, x: answer): void {
  answer_said(c, x, imsg_send(c, { cmd: URFS_CMD_OP_CALLBACK, ufilter_id: x.ufilter_id, request_id: x.request_id,
    retv: x.retv, rv: x.rv, flags: x.flags }));
}

/**
 * The next message, after sending `x` (if any): urfs 2 in one call; 2007 by write, then read (polled first
 * when callbacks await, so the loop does not block them). null with errno when none came or on failure.
 */
function next_message(c: urfs_conn, x: answer | null, timeout_ms: number): urfs_in | null {
  if (c.protocol === 2) {
    const r = answer_fetch(c, x && encode_answer(x), timeout_ms);
    if (x) {
      if (r.sent) answer_said(c, x, r.answer_err);
      else send_answer(c, x);
    }
    return r.m;
  }
  if (x) send_answer(c, x);
  if (timeout_ms >= 0) {
    const fds = [{ fd: c.fd, events: POLLIN, revents: 0 }];
    const n = poll(fds, timeout_ms);
    if (n === 0) set_errno(EAGAIN);
    if (n <= 0) return null;
  }
  return omsg_recv_once(c);
}

/**
 * The main loop: switches callbacks on, then serves events until SIGHUP, SIGINT or SIGTERM; switches
 * callbacks off and returns 0 (or -errno) so the program can deactivate, unregister and close.
 * `_filter` is accepted for the thesis's signature urfs_main(conn, filter).
 */
export async function urfs_main(c: urfs_conn, _filter?: urfs_filter | null, opts: urfs_main_opts = {}): Promise<number> {
  if (c.fd < 0) return -EINVAL;
  const max_in_flight = Math.max(1, opts.max_in_flight ?? 64);
  let stop = false, hup = false;
  const on_sig: SigHandler = (sig) => {
    if (sig === SIGHUP && opts.on_hup) hup = true;
    else stop = true;
  };
  for (const s of [SIGHUP, SIGINT, SIGTERM]) sigaction(s, on_sig);
  const ready: answer[] = [];
  let awaiting = 0;
  let ret = 0;
  try {
    const err = urfs_switch_callbacks(c, true);
    if (err) return err;
    c.serving = true;
    opts.on_ready?.();
    while (!stop) {
      if (hup) {
        hup = false;
        opts.on_hup?.();
      }
      let ev = c.backlog.shift() ?? null;
      if (!ev) {
        if (awaiting) await yield_to_host();
        if (stop) break;
        if (awaiting >= max_in_flight) {
          for (const x of ready.splice(0)) send_answer(c, x);
          continue;
        }
        // Answers that piled up (promises that settled together) go out now, the last with the fetch: none
        // may wait behind a blocking fetch. Someone awaits: wait briefly, so what it awaits gets its turn;
        // else block until an event comes.
        while (ready.length > 1) send_answer(c, ready.shift()!);
        const m = next_message(c, ready.shift() ?? null, awaiting ? 1 : -1);
        if (!m) {
          if (errno === EINTR || errno === EAGAIN) continue;
          // A worker's connection ends with its parent's: its work is done.
          if (!(errno === EPROTO && c.worker)) ret = -errno;
          break;
        }
        if (m.kind === 'interrupt') on_interrupt(c, m);
        if (m.kind === 'gone') {
          on_gone(c, m.ufilter_id);
          // Every filter of the connection unregistered from outside: nothing is left to serve.
          if (c.filters.size === 0) break;
        }
        if (m.kind !== 'event') continue;
        ev = m.ev;
      }
      const key = request_key(ev.ufilter_id, ev.request_id);
      c.running.set(key, { interrupted: false });
      const r = handle_event(c, ev);
      if (is_promise(r)) {
        awaiting++;
        void r.then((x) => {
          awaiting--;
          c.running.delete(key);
          if (x) ready.push(x);
        });
      } else {
        c.running.delete(key);
        if (r) ready.push(r);
      }
    }
    for (const x of ready.splice(0)) send_answer(c, x);
    // A worker leaves the connection's callbacks, and (serving no more) its tear-down calls, to the parent.
    if (c.worker) c.serving = false;
    else urfs_switch_callbacks(c, false);
  } finally {
    for (const s of [SIGHUP, SIGINT, SIGTERM]) sigaction(s, SIG_DFL);
  }
  return ret;
}
