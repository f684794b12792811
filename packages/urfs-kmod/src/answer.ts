// The filter's answer to an event (OP_CALLBACK, by write or URFS_IOC_ANSWER_FETCH). An answer the
// operation could not have is refused (EINVAL to the filter) and the request ends by policy, its data
// untouched; otherwise the data the filter may have changed goes where the operation needs it (the
// application's buffer after a read; the bytes to write before a write), then the request completes.
import { copy_to_user, kernel_ptr, memdup_user, UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { ratelimit_state_init, pr_warn_ratelimited } from '@urfs/emu-kernel/lib/ratelimit';
import { EFAULT, EINVAL } from '@urfs/emu-kernel/uapi/errno';
import { RFS_CONTINUE, RFS_STOP, rfs_err_of } from '@urfs/redirfs/rfs';
import { rfs_op_name } from '@urfs/redirfs/ops';
import { rfs_retv_valid } from '@urfs/redirfs/retv';
import { request_complete, type request } from './request.js';
import { stats } from './stats.js';
import { timing_copied, timing_now } from './timing.js';
import type { ufilter } from './ufilter.js';
import { URFS_ANSWER_CACHE } from './uapi_v2.js';
import { trace_urfs_answer } from './trace.js';

const rs_bad = ratelimit_state_init();

/** Whether the filter's answer is one the operation could have (a modifier answers with an rfs_err). */
function answer_valid(req: request, retv: number, rv: number): boolean {
  if (rv !== RFS_STOP && rv !== RFS_CONTINUE) return false;
  const p = req.payload;
  if (p.kind === 'mod') return Number.isSafeInteger(retv) && rfs_err_of(retv) === retv;
  const a = p.a;
  // A pre-callback that goes on leaves the result to the operation: its retv means nothing.
  if (a.type.call === 'pre' && rv === RFS_CONTINUE) return true;
  return rfs_retv_valid(a, retv, a.type.call === 'pre');
}

function describe(req: request): string {
  const p = req.payload;
  return p.kind === 'mod' ? 'modifier' : `${p.a.type.call}-${rfs_op_name(p.a.type.id)}`;
}

/**
 * Where the filter's copy of the data is now: the slot's shared pages (null once the area is unmapped),
 * or memory mapped for the request (read through the filter's address space as it is now).
 */
function filter_data(req: request): Uint8Array | UserPtr | null {
  const ch = req.channel;
  if (req.slot >= 0 && ch?.area) {
    const pages = ch.area.vma?.backing;
    if (!pages) return null;
    const off = req.slot * ch.area.slot_size;
    return pages.subarray(off, off + req.data_len);
  }
  return req.data_task ? new UserPtr(req.data_task.mm, req.data_addr) : null;
}

/** Returns 0 or -errno; `flags` are the answer's URFS_ANSWER_* (the caller checked them). */
export function ufilter_reply(uf: ufilter, req: request, retv: number, rv: number, flags: number): number {
  req.marks.answered = timing_now();
  const valid = answer_valid(req, retv, rv);
  if (trace_urfs_answer.enabled) {
    trace_urfs_answer.emit(req.channel?.pid ?? null, { filter: uf.flt.name, id: req.id, retv,
      rv: rv === RFS_STOP ? 'stop' : rv === RFS_CONTINUE ? 'continue' : String(rv), valid: valid ? 1 : 0 });
  }
  if (!valid) {
    stats.bad_answers++;
    pr_warn_ratelimited(rs_bad, 'urfs_bad_answer', `urfs: ${uf.flt.name}: bad answer to request ${req.id} ` +
      `(${describe(req)}): retv ${retv}, ${rv === RFS_STOP ? 'stop' : rv === RFS_CONTINUE ? 'continue' : `rv ${rv}`}; ` +
      'completed by policy');
    request_complete(req, { by: 'policy', why: 'bad answer' });
    return -EINVAL;
  }
  const p = req.payload;
  if (p.kind === 'op' && req.data_len > 0) {
    const a = p.a;
    const n = req.data_len;
    const from = filter_data(req);
    let changed: Uint8Array | number = -EFAULT;
    if (from instanceof UserPtr) changed = memdup_user(from, n);
    else if (from) changed = a.op === 'write' ? from.slice() : from;
    if (typeof changed === 'number') {
      // The filter's copy is gone (it unmapped its own memory): as bad as a wrong answer.
      request_complete(req, { by: 'policy', why: 'bad answer' });
      return changed;
    }
    if (a.op === 'read' && copy_to_user(a.args.buf, changed, n)) {
      // The application's buffer went bad meanwhile: its read fails as a read into a bad buffer does.
      request_complete(req, { by: 'reply', retv: -EFAULT, rv: RFS_STOP, cache: false });
      return 0;
    }
    // The write happens after this callback returns: the bytes need a buffer of their own.
    if (a.op === 'write') a.args.buf = kernel_ptr(changed);
    timing_copied(0, n);
  }
  request_complete(req, { by: 'reply', retv, rv, cache: (flags & URFS_ANSWER_CACHE) !== 0 });
  return 0;
}
