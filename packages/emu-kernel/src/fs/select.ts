// poll(2) and select(2) (fs/select.c): ask each file's poll for its mask, sleep on the wait queues it
// registers until one wakes, a signal arrives or the timeout passes.
import { EBADF, EFAULT, EINVAL, EINTR } from '../uapi/errno.js';
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDNORM, POLLWRNORM, POLLRDBAND, POLLWRBAND } from '../uapi/poll.js';
import { UserPtr, copy_from_user, copy_to_user } from '../mm/uaccess.js';
import type { File } from './fs.js';
import type { PollTable } from './poll_table.js';
import { WaitQueueHead, MAX_TIMER_MS } from '../kernel/wait.js';
import { host_timer, host_timer_cancel, ktime_get_ms } from '../kernel/timer.js';
import { signal_pending, type Task } from '../kernel/task.js';
import { vfs_dispatch } from './vfs_hook.js';
import { vcaller } from './fs_struct.js';
import { fdget, fdput } from './file.js';

const DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

async function file_poll(task: Task, f: File, pt: PollTable | null): Promise<number> {
  if (!f.f_op.poll) return DEFAULT_POLLMASK;
  return vfs_dispatch('poll', { file: f, wait: pt }, vcaller(task, f.f_path), (a) => a.file.f_op.poll!(a.file, a.wait as PollTable));
}

/**
 * Polls `files` until one reports a bit in its `events` (plus POLLERR/POLLHUP), `timeout_ms` passes (-1:
 * forever) or a signal arrives. Returns the revents, or -EINTR.
 */
export async function do_poll(task: Task, files: (File | undefined)[], events: number[], timeout_ms: number):
  Promise<number[] | number> {
  const deadline = timeout_ms < 0 ? Infinity : ktime_get_ms() + timeout_ms;
  for (;;) {
    // The waker joins each wait queue as soon as the file names it, before the next file is asked: a
    // wake-up between asking one file and sleeping (another file's poll may sleep, e.g. in a filter) is
    // then seen instead of lost.
    const queues = new Set<WaitQueueHead>();
    let woken = false;
    let resume: (() => void) | null = null;
    const wake = () => {
      woken = true;
      resume?.();
    };
    const pt: PollTable = {
      _qproc: (_f, wq) => {
        if (queues.has(wq)) return;
        queues.add(wq);
        wq.add(wake);
      },
    };
    const cleanup = () => {
      for (const q of queues) q.remove(wake);
      task.sigwaiters.delete(wake);
    };
    const revents: number[] = [];
    let ready = 0;
    try {
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        if (!f) {
          revents.push(events[i] < 0 ? 0 : POLLNVAL);
          if (events[i] >= 0) ready++;
          continue;
        }
        const mask = (await file_poll(task, f, pt)) & (events[i] | POLLERR | POLLHUP);
        revents.push(mask);
        if (mask) ready++;
      }
      if (ready || ktime_get_ms() >= deadline) return revents;
      if (signal_pending(task)) return -EINTR;
      if (woken) continue;
      task.sigwaiters.add(wake);
      await new Promise<void>((resolve) => {
        // A wake-up before the deadline just polls again, so a long timeout is waited in host-sized steps.
        const timer = deadline !== Infinity
          ? host_timer(wake, Math.min(MAX_TIMER_MS, Math.max(0, deadline - ktime_get_ms()))) : undefined;
        resume = () => {
          if (timer !== undefined) host_timer_cancel(timer);
          resolve();
        };
      });
    } finally {
      cleanup();
    }
  }
}

/** do_poll over files the caller referenced with fdget; the references go when it returns. */
async function poll_held(task: Task, files: (File | undefined)[], events: number[], timeout_ms: number):
  Promise<number[] | number> {
  try {
    return await do_poll(task, files, events, timeout_ms);
  } finally {
    await fdput_all(task, files);
  }
}

async function fdput_all(task: Task, files: (File | undefined)[]): Promise<void> {
  for (const f of files) {
    if (!f) continue;
    const p = fdput(f, task);
    if (p) await p;
  }
}

/** poll(2): struct pollfd { int fd; short events; short revents; } × nfds. */
export async function sys_poll(task: Task, ufds: number, nfds: number, timeout: number): Promise<number> {
  if (nfds < 0 || nfds > task.files.max) return -EINVAL;
  const buf = new Uint8Array(nfds * 8);
  const uptr = new UserPtr(task.mm, ufds);
  if (nfds && copy_from_user(buf, uptr)) return -EFAULT;
  const v = new DataView(buf.buffer);
  const files: (File | undefined)[] = [];
  const events: number[] = [];
  for (let i = 0; i < nfds; i++) {
    const fd = v.getInt32(i * 8, true);
    files.push(fd < 0 ? undefined : fdget(task, fd));
    events.push(fd < 0 ? -1 : v.getInt16(i * 8 + 4, true) & 0xffff);
  }
  const r = await poll_held(task, files, events, timeout | 0);
  if (typeof r === 'number') return r;
  let n = 0;
  r.forEach((re, i) => {
    v.setInt16(i * 8 + 6, re, true);
    if (re) n++;
  });
  if (nfds && copy_to_user(uptr, buf)) return -EFAULT;
  return n;
}

const POLLIN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
const POLLOUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
const POLLEX_SET = POLLPRI;

/** select(2) with fd_set bitmaps of nfds bits and struct timeval { long sec; long usec; }. */
export async function sys_select(task: Task, nfds: number, inp: number, outp: number, exp: number, tvp: number):
  Promise<number> {
  if (nfds < 0 || nfds > task.files.max) return -EINVAL;
  const bytes = Math.ceil(nfds / 64) * 8;
  const sets: (Uint8Array | null)[] = [];
  for (const p of [inp, outp, exp]) {
    if (!p) {
      sets.push(null);
      continue;
    }
    const b = new Uint8Array(bytes);
    if (copy_from_user(b, new UserPtr(task.mm, p))) return -EFAULT;
    sets.push(b);
  }
  let timeout = -1;
  if (tvp) {
    const t = new Uint8Array(16);
    if (copy_from_user(t, new UserPtr(task.mm, tvp))) return -EFAULT;
    const tv = new DataView(t.buffer);
    const sec = Number(tv.getBigInt64(0, true)), usec = Number(tv.getBigInt64(8, true));
    if (sec < 0 || usec < 0) return -EINVAL;
    timeout = sec * 1000 + Math.ceil(usec / 1000);
  }
  const isset = (s: Uint8Array | null, fd: number) => !!s && (s[fd >> 3] & (1 << (fd & 7))) !== 0;
  const fds: number[] = [], files: (File | undefined)[] = [], events: number[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    const ev = (isset(sets[0], fd) ? POLLIN_SET : 0) | (isset(sets[1], fd) ? POLLOUT_SET : 0) | (isset(sets[2], fd) ? POLLEX_SET : 0);
    if (!ev) continue;
    const f = fdget(task, fd);
    if (!f) {
      await fdput_all(task, files);
      return -EBADF;
    }
    fds.push(fd);
    files.push(f);
    events.push(ev);
  }
  const r = await poll_held(task, files, events, timeout);
  if (typeof r === 'number') return r;
  const out = sets.map((s) => (s ? new Uint8Array(s.length) : null));
  let n = 0;
  r.forEach((re, i) => {
    const fd = fds[i];
    const marks = [re & POLLIN_SET, re & POLLOUT_SET, re & POLLEX_SET];
    marks.forEach((m, k) => {
      if (m && out[k] && isset(sets[k], fd)) {
        out[k]![fd >> 3] |= 1 << (fd & 7);
        n++;
      }
    });
  });
  for (const [k, p] of [inp, outp, exp].entries()) if (p && copy_to_user(new UserPtr(task.mm, p), out[k]!)) return -EFAULT;
  return n;
}
