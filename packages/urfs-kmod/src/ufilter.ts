// ufilters (the thesis's filter.c): each is a RedirFS filter whose callbacks run in a user process. The
// kernel registers one generic callback for every pre- or post-callback the filter asked for; it creates
// a request, queues an OP_CALLBACK event on the connection and sleeps until the filter answers, the
// timeout passes, the filter goes away or the caller gets a signal. The policy table is in the README:
// an answer the operation could not have had counts as none; without a valid answer the operation
// goes on unfiltered or fails with EIO, by the filter's policy (for the data callbacks, post-read and
// pre-write, EIO unless the filter asked for pass); a caller that got a signal stops waiting at once
// (the filter is told with OP_INTERRUPT) and its call ends with EINTR or restarts.
import { find_task_by_vpid, current, type Task } from '@urfs/emu-kernel/kernel/task';
import {
  wait_for_completion, wait_for_completion_interruptible, wait_for_completion_interruptible_timeout,
  wait_for_completion_timeout,
} from '@urfs/emu-kernel/kernel/completion';
import { ratelimit_state_init, pr_warn_ratelimited } from '@urfs/emu-kernel/lib/ratelimit';
import { EIO, ERESTARTSYS } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_CONTINUE, RFS_STOP, RFS_ERR_INVAL, RFS_ERR_OPNOTSUPP, rfs_err_of, type rfs_args, type rfs_callback,
  type rfs_err, type rfs_mod, type rfs_mod_cb, type rfs_retv,
} from '@urfs/redirfs/rfs';
import { rfs_unregister_filter, type rfs_filter } from '@urfs/redirfs/filter';
import { rfs_op_name } from '@urfs/redirfs/ops';
import { channel_interrupt, conn_event_queue, conn_event_withdraw, conn_events_queued, type conn } from './conn.js';
import {
  request_create, request_complete, request_destroy, type request, type request_payload, type request_why,
} from './request.js';
import { config, stats } from './stats.js';
import { verdict_cache } from './cache.js';
import { timing_account, timing_now } from './timing.js';
import {
  URFS_POLICY_DEFAULT, URFS_POLICY_ERROR, URFS_POLICY_PASS, urfs_gone_encode, urfs_interrupt_encode,
} from './uapi.js';

export class ufilter {
  readonly requests = new Map<bigint, request>();
  /** Verdicts the filter asked to be remembered. */
  readonly cache = new verdict_cache();
  /** Operations whose events carry a descriptor of the object (URFS_OP_FD). */
  readonly fd_ops = new Set<number>();
  next_request_id = 1n;
  alive = true;
  readonly pre_cb: rfs_callback;
  readonly post_cb: rfs_callback;
  readonly mod_cb: rfs_mod_cb;
  /**
   * `policy` for every callback but the data ones, `data_policy` for post-read and pre-write (both
   * URFS_POLICY_*; DEFAULT means the module's policy and, for data, ERROR).
   */
  constructor(readonly id: number, readonly c: conn, readonly flt: rfs_filter, readonly policy: number,
    readonly data_policy: number) {
    this.pre_cb = (cx, a) => ufilter_generic_cb(this, { kind: 'op', cx, a });
    this.post_cb = this.pre_cb;
    this.mod_cb = (mod) => ufilter_mod_cb(this, mod);
  }
}

/** The ufilter of each RedirFS filter urfs registered. */
const by_filter = new WeakMap<rfs_filter, ufilter>();

export function ufilter_create(id: number, c: conn, flt: rfs_filter, policy: number, data_policy: number): ufilter {
  const uf = new ufilter(id, c, flt, policy, data_policy);
  c.ufilters[id] = uf;
  by_filter.set(flt, uf);
  stats.ufilters++;
  return uf;
}

/** post-read and pre-write: the callbacks that may change the data, whose skipping is never silent by default. */
function is_data_cb(a: rfs_args): boolean {
  return (a.op === 'read' && a.type.call === 'post') || (a.op === 'write' && a.type.call === 'pre');
}

/**
 * The policy a request of this callback ends by when the filter gave no valid answer. The module's
 * `policy` stands in for a filter that chose none only when it could not answer (it died, was too slow,
 * its queue was full): one that answered what the operation cannot have meant something else, and its
 * operation fails unless the filter asked for pass. Data callbacks fail unless the filter asked for pass.
 */
function effective_policy(uf: ufilter, a: rfs_args, why: request_why): number {
  if (is_data_cb(a)) return uf.data_policy === URFS_POLICY_PASS ? URFS_POLICY_PASS : URFS_POLICY_ERROR;
  if (uf.policy !== URFS_POLICY_DEFAULT) return uf.policy;
  return why === 'bad answer' ? URFS_POLICY_ERROR : config.policy;
}

/** ufilter_get_unique_request_id: 64 bits, so the sequence never wraps in practice. */
function ufilter_get_unique_request_id(uf: ufilter): bigint {
  const id = uf.next_request_id;
  uf.next_request_id = id === 0xffffffffffffffffn ? 1n : id + 1n;
  return id;
}

export function ufilter_request_get(uf: ufilter, id: bigint): request | null {
  return uf.requests.get(id) ?? null;
}

const rs_timeout = ratelimit_state_init();
const rs_overflow = ratelimit_state_init();
const rs_bad = ratelimit_state_init();
const rs_policy = ratelimit_state_init();

/**
 * Queues the event and sleeps until the request ends: answered, or by policy when the filter goes away,
 * the timeout passes or the connection already has max_events unread, or interrupted when `task` (the
 * caller; null for the kernel's own calls, which are not interruptible) gets a signal or is killed.
 * The request is destroyed (its user memory freed) before returning.
 */
async function ufilter_request_run(uf: ufilter, payload: request_payload, task: Task | null): Promise<request> {
  const req = request_create(ufilter_get_unique_request_id(uf), payload);
  req.ufilter_id = uf.id;
  uf.requests.set(req.id, req);
  if (conn_events_queued(uf.c) >= config.max_events) {
    stats.overflows++;
    request_complete(req, { by: 'policy', why: 'overflow' });
    pr_warn_ratelimited(rs_overflow, 'urfs_overflow', `urfs: ${uf.flt.name}: ${config.max_events} events ` +
      'unread; the next completed by policy');
  } else {
    conn_event_queue(uf.c, req);
    await request_wait(uf, req, task);
  }
  timing_account(req.marks, timing_now());
  if (!req.channel) conn_event_withdraw(uf.c, req);
  uf.requests.delete(req.id);
  request_destroy(req);
  return req;
}

/** Waits for the request's end; a timeout or a signal ends it here. */
async function request_wait(uf: ufilter, req: request, task: Task | null): Promise<void> {
  const timeout = config.timeout_ms;
  let timed_out = false, interrupted = false;
  if (task) {
    const r = timeout > 0 ? await wait_for_completion_interruptible_timeout(req.done, timeout, task)
      : await wait_for_completion_interruptible(req.done, task);
    interrupted = r === -ERESTARTSYS;
    timed_out = timeout > 0 && r === 0;
  } else if (timeout > 0) {
    timed_out = (await wait_for_completion_timeout(req.done, timeout)) === 0;
  } else {
    await wait_for_completion(req.done);
  }
  if (timed_out && request_complete(req, { by: 'policy', why: 'timeout' })) {
    stats.timeouts++;
    pr_warn_ratelimited(rs_timeout, 'urfs_timeout', `urfs: ${uf.flt.name}: no answer to request ${req.id} ` +
      `within ${timeout} ms; completed by policy`);
  }
  if (interrupted && request_complete(req, { by: 'interrupt' })) {
    stats.interrupts++;
    // An event still queued is simply withdrawn: the filter never saw it.
    if (req.channel) channel_interrupt(req.channel, urfs_interrupt_encode(uf.id, req.id));
  }
}

/** ufilter_generic_cb: every callback of every ufilter. */
async function ufilter_generic_cb(uf: ufilter, payload: Extract<request_payload, { kind: 'op' }>): Promise<rfs_retv> {
  const { cx, a } = payload;
  const c = uf.c;
  if (!uf.alive || c.dead || !c.callbacks || c.pids.has(cx.caller.pid)) return RFS_CONTINUE;
  const key = uf.cache.key(uf.flt, a);
  const hit = uf.cache.get(key);
  if (hit) {
    if (hit.rv === RFS_STOP) a.retv = hit.retv;
    return hit.rv === RFS_STOP ? RFS_STOP : RFS_CONTINUE;
  }
  const task = cx.caller.pid ? find_task_by_vpid(cx.caller.pid) ?? null : null;
  const req = await ufilter_request_run(uf, payload, task);
  const end = req.end!;
  switch (end.by) {
    case 'reply':
      // Taken against the object as it was when the event was queued: a change since makes it stale.
      if (end.cache && key && uf.alive) uf.cache.put(key, end.rv, end.retv);
      // Validated when it came (ufilter_reply): a pre-callback that goes on leaves the result to the operation.
      if (a.type.call === 'post' || end.rv === RFS_STOP) a.retv = end.retv;
      return end.rv === RFS_STOP ? RFS_STOP : RFS_CONTINUE;
    case 'interrupt':
      // A pre-callback's operation has not happened: it ends, to be restarted or to fail with EINTR. After
      // a read the data is not what the filter would have made of it; any other operation keeps its result.
      if (a.type.call === 'post' && a.op !== 'read') return RFS_CONTINUE;
      a.retv = -ERESTARTSYS;
      return RFS_STOP;
    case 'policy':
      return complete_by_policy(uf, a, end.why);
  }
}

/** No valid answer: the operation goes on as if unfiltered, or fails with EIO. */
function complete_by_policy(uf: ufilter, a: rfs_args, why: request_why): rfs_retv {
  if (effective_policy(uf, a, why) === URFS_POLICY_ERROR) {
    stats.completed_error++;
    pr_warn_ratelimited(rs_policy, 'urfs_policy', `urfs: ${uf.flt.name}: ${a.type.call}-${rfs_op_name(a.type.id)} ` +
      `failed with EIO (${why})`);
    a.retv = -EIO;
    return RFS_STOP;
  }
  stats.completed_pass++;
  pr_warn_ratelimited(rs_policy, 'urfs_policy', `urfs: ${uf.flt.name}: ${a.type.call}-${rfs_op_name(a.type.id)} ` +
    `went on unfiltered (${why})`);
  return RFS_CONTINUE;
}

/** The modifier callback of a ufilter that set one: redirctl's request goes to the filter. */
async function ufilter_mod_cb(uf: ufilter, mod: rfs_mod): Promise<rfs_err> {
  const c = uf.c;
  if (!uf.alive || c.dead || !c.callbacks) return RFS_ERR_OPNOTSUPP;
  // redirctl's ioctl or the sysfs write calls this before anything has slept: current() is the caller.
  const task = current();
  const req = await ufilter_request_run(uf, { kind: 'mod', mod }, task);
  const end = req.end!;
  return end.by === 'reply' ? rfs_err_of(end.retv) : RFS_ERR_INVAL;
}

/**
 * RedirFS unregistered a filter: when it is a ufilter its connection did not unregister (sysfs
 * `unregister`), the ufilter goes too, and every channel of its connection is told (FILTER_GONE).
 */
export function ufilter_notify_unregister(flt: rfs_filter): void {
  const uf = by_filter.get(flt);
  if (!uf || !uf.alive) return;
  ufilter_destroy(uf, 'unregistered');
  for (const ch of uf.c.channels) channel_interrupt(ch, urfs_gone_encode(uf.id));
}

/** Unregisters the ufilter; its pending requests end by its policy. */
export function ufilter_destroy(uf: ufilter, why: request_why): void {
  if (!uf.alive) return;
  uf.alive = false;
  rfs_unregister_filter(uf.flt);
  for (const req of uf.requests.values()) request_complete(req, { by: 'policy', why });
  if (uf.c.ufilters[uf.id] === uf) uf.c.ufilters[uf.id] = null;
  stats.ufilters--;
}
