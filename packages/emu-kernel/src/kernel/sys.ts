// Small system calls about the process and the machine (kernel/sys.c, kernel/time.c).
import { EFAULT, EINTR, EINVAL, EPERM } from '../uapi/errno.js';
import { UserPtr, copy_to_user, copy_from_user } from '../mm/uaccess.js';
import type { Task } from './task.js';
import { host } from './host.js';
import { sleep_on } from './wait.js';
import { signal_pending } from './task.js';

export const UTS = { sysname: 'Linux', nodename: 'urfs', release: '6.1.0-urfs', version: '#1 SMP urfs emulated kernel',
  machine: 'x86_64', domainname: '(none)' };

/** struct new_utsname: six 65-byte fields. */
export function sys_uname(task: Task, buf: number): number {
  const out = new Uint8Array(65 * 6);
  const enc = new TextEncoder();
  [UTS.sysname, UTS.nodename, UTS.release, UTS.version, UTS.machine, UTS.domainname].forEach((s, i) =>
    out.set(enc.encode(s).subarray(0, 64), i * 65));
  return copy_to_user(new UserPtr(task.mm, buf), out) ? -EFAULT : 0;
}

export const sys_getpid = (t: Task): number => t.pid;
export const sys_getppid = (t: Task): number => t.parent?.pid ?? 0;
export const sys_getuid = (t: Task): number => t.cred.uid;
export const sys_geteuid = (t: Task): number => t.cred.euid;
export const sys_getgid = (t: Task): number => t.cred.gid;
export const sys_getegid = (t: Task): number => t.cred.egid;

/** setuid(2): root may become anyone; others only their own real uid. */
/** uid_t and gid_t are 32 bits, and (uid_t)-1 means "no change" elsewhere: not a valid id. */
const valid_id = (id: number) => Number.isInteger(id) && id >= 0 && id < 0xffffffff;

export function sys_setuid(t: Task, uid: number): number {
  if (!valid_id(uid)) return -EINVAL;
  if (t.cred.euid === 0) t.cred = { ...t.cred, uid, euid: uid };
  else if (uid === t.cred.uid) t.cred = { ...t.cred, euid: uid };
  else return -EPERM;
  return 0;
}
export function sys_setgid(t: Task, gid: number): number {
  if (!valid_id(gid)) return -EINVAL;
  if (t.cred.euid === 0) t.cred = { ...t.cred, gid, egid: gid, groups: [gid] };
  else if (gid === t.cred.gid) t.cred = { ...t.cred, egid: gid };
  else return -EPERM;
  return 0;
}

export function sys_umask(t: Task, mask: number): number {
  const old = t.umask;
  t.umask = mask & 0o777;
  return old;
}

export function sys_getcwd(t: Task, buf: number, size: number, d_path: (t: Task) => string): number {
  const enc = new TextEncoder().encode(d_path(t) + '\0');
  if (enc.length > size) return -34; // ERANGE
  return copy_to_user(new UserPtr(t.mm, buf), enc) ? -EFAULT : enc.length;
}

/** nanosleep(req, rem): struct timespec { long sec; long nsec; }; interruptible by signals. */
export async function sys_nanosleep(t: Task, req: number, rem: number): Promise<number> {
  const b = new Uint8Array(16);
  if (copy_from_user(b, new UserPtr(t.mm, req))) return -EFAULT;
  const v = new DataView(b.buffer);
  const sec = Number(v.getBigInt64(0, true)), nsec = Number(v.getBigInt64(8, true));
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -EINVAL;
  const ms = sec * 1000 + nsec / 1e6;
  const start = host().now();
  // Never restarted after a handler ran (Linux's -ERESTART_RESTARTBLOCK ends so): EINTR and the time left.
  if (signal_pending(t)) return -EINTR;
  const why = await sleep_on(null, t, ms);
  if (why === 'signal') {
    if (rem) {
      const left = Math.max(0, ms - (host().now() - start));
      const o = new DataView(new ArrayBuffer(16));
      o.setBigInt64(0, BigInt(Math.floor(left / 1000)), true);
      o.setBigInt64(8, BigInt(Math.round((left % 1000) * 1e6)), true);
      copy_to_user(new UserPtr(t.mm, rem), new Uint8Array(o.buffer));
    }
    return -EINTR;
  }
  return 0;
}

/** clock_gettime: CLOCK_REALTIME (0) or CLOCK_MONOTONIC (1). */
export function sys_clock_gettime(t: Task, which: number, tp: number): number {
  let ms: number;
  if (which === 0) ms = host().wallclock();
  else if (which === 1 || which === 4 || which === 7) ms = host().now();
  else return -EINVAL;
  const o = new DataView(new ArrayBuffer(16));
  o.setBigInt64(0, BigInt(Math.floor(ms / 1000)), true);
  o.setBigInt64(8, BigInt(Math.floor((ms % 1000) * 1e6)), true);
  return copy_to_user(new UserPtr(t.mm, tp), new Uint8Array(o.buffer)) ? -EFAULT : 0;
}
