// Small system calls about the process and the machine (kernel/sys.c, kernel/time.c).
import { EFAULT, EINTR, EINVAL, EPERM } from '../uapi/errno.js';
import { UserPtr, copy_to_user, copy_from_user } from '../mm/uaccess.js';
import type { Task } from './task.js';
import { host } from './host.js';
import { sleep_on } from './wait.js';
import { signal_pending } from './task.js';
import { cred_suid, cred_sgid } from './cred.js';

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

/** uid_t and gid_t are 32 bits, and (uid_t)-1 means "no change" elsewhere: not a valid id. */
const valid_id = (id: number) => Number.isInteger(id) && id >= 0 && id < 0xffffffff;
/** (uid_t)-1 as a syscall argument, in whichever form the caller passed it. */
const NO_CHANGE = (id: number) => id === -1 || id === 0xffffffff;

/** setuid(2): root sets all three uids; others may set the effective uid to their real or saved one. */
export function sys_setuid(t: Task, uid: number): number {
  if (!valid_id(uid)) return -EINVAL;
  if (t.cred.euid === 0) t.cred = { ...t.cred, uid, euid: uid, suid: uid };
  else if (uid === t.cred.uid || uid === cred_suid(t.cred)) t.cred = { ...t.cred, euid: uid };
  else return -EPERM;
  return 0;
}
/**
 * setgid(2), as setuid for the gids. Not Linux: root's setgid also makes `gid` its only supplementary
 * group, since su (src/bin/su.ts) drops root's groups no other way (Linux's su calls setgroups/initgroups).
 */
export function sys_setgid(t: Task, gid: number): number {
  if (!valid_id(gid)) return -EINVAL;
  if (t.cred.euid === 0) t.cred = { ...t.cred, gid, egid: gid, sgid: gid, groups: [gid] };
  else if (gid === t.cred.gid || gid === cred_sgid(t.cred)) t.cred = { ...t.cred, egid: gid };
  else return -EPERM;
  return 0;
}

/**
 * setresuid(ruid, euid, suid) (kernel/sys.c): -1 leaves an id. A privileged task (CAP_SETUID: euid 0)
 * sets any; another may set each only to one of its current real, effective or saved uids (EPERM).
 */
export function sys_setresuid(t: Task, ruid: number, euid: number, suid: number): number {
  const c = t.cred;
  const want = [ruid, euid, suid].map((id) => (NO_CHANGE(id) ? undefined : id));
  if (want.some((id) => id !== undefined && !valid_id(id))) return -EINVAL;
  const mine = [c.uid, c.euid, cred_suid(c)];
  if (c.euid !== 0 && want.some((id) => id !== undefined && !mine.includes(id))) return -EPERM;
  t.cred = { ...c, uid: want[0] ?? c.uid, euid: want[1] ?? c.euid, suid: want[2] ?? cred_suid(c) };
  return 0;
}
/** setresgid(rgid, egid, sgid): as setresuid, for the gids (CAP_SETGID: euid 0). */
export function sys_setresgid(t: Task, rgid: number, egid: number, sgid: number): number {
  const c = t.cred;
  const want = [rgid, egid, sgid].map((id) => (NO_CHANGE(id) ? undefined : id));
  if (want.some((id) => id !== undefined && !valid_id(id))) return -EINVAL;
  const mine = [c.gid, c.egid, cred_sgid(c)];
  if (c.euid !== 0 && want.some((id) => id !== undefined && !mine.includes(id))) return -EPERM;
  t.cred = { ...c, gid: want[0] ?? c.gid, egid: want[1] ?? c.egid, sgid: want[2] ?? cred_sgid(c) };
  return 0;
}

/** getresuid(ruid*, euid*, suid*) and getresgid: three u32s to three addresses. */
function put_ids(t: Task, addrs: number[], ids: number[]): number {
  for (let i = 0; i < 3; i++) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, ids[i], true);
    if (copy_to_user(new UserPtr(t.mm, addrs[i]), b)) return -EFAULT;
  }
  return 0;
}
export const sys_getresuid = (t: Task, r: number, e: number, s: number): number =>
  put_ids(t, [r, e, s], [t.cred.uid, t.cred.euid, cred_suid(t.cred)]);
export const sys_getresgid = (t: Task, r: number, e: number, s: number): number =>
  put_ids(t, [r, e, s], [t.cred.gid, t.cred.egid, cred_sgid(t.cred)]);

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
