// Supplementary groups (kernel/groups.c): getgroups(2), setgroups(2), and the search permission checks
// use (in_group_p in kernel/cred.ts). gid_t is 32 bits; the list a task holds is kept sorted.
import { EFAULT, EINVAL, EPERM } from '../uapi/errno.js';
import { UserPtr, copy_from_user, copy_to_user } from '../mm/uaccess.js';
import type { Task } from './task.js';
import { capable } from './cred.js';

/** The most supplementary groups a task may have (include/uapi/linux/limits.h NGROUPS_MAX). */
export const NGROUPS_MAX = 65536;

/**
 * getgroups(gidsetsize, grouplist): the number of supplementary groups; with gidsetsize > 0 they are also
 * copied to grouplist (EINVAL if they do not fit).
 */
export function sys_getgroups(t: Task, gidsetsize: number, grouplist: number): number {
  const groups = t.cred.groups;
  if (gidsetsize < 0) return -EINVAL;
  if (gidsetsize === 0) return groups.length;
  if (gidsetsize < groups.length) return -EINVAL;
  const b = new Uint8Array(groups.length * 4);
  const v = new DataView(b.buffer);
  groups.forEach((g, i) => v.setUint32(i * 4, g, true));
  if (b.length && copy_to_user(new UserPtr(t.mm, grouplist), b)) return -EFAULT;
  return groups.length;
}

/** The new list, sorted and without repeats (groups_sort), installed in a fresh cred (set_current_groups). */
export function set_current_groups(t: Task, groups: number[]): void {
  t.cred = { ...t.cred, groups: [...new Set(groups)].sort((a, b) => a - b) };
}

/** setgroups(gidsetsize, grouplist): only a privileged task (CAP_SETGID) replaces its groups. */
export function sys_setgroups(t: Task, gidsetsize: number, grouplist: number): number {
  if (!capable(t.cred)) return -EPERM;
  if (!Number.isInteger(gidsetsize) || gidsetsize < 0 || gidsetsize > NGROUPS_MAX) return -EINVAL;
  const b = new Uint8Array(gidsetsize * 4);
  if (b.length && copy_from_user(b, new UserPtr(t.mm, grouplist))) return -EFAULT;
  const v = new DataView(b.buffer);
  const groups: number[] = [];
  for (let i = 0; i < gidsetsize; i++) {
    const g = v.getUint32(i * 4, true);
    if (g === 0xffffffff) return -EINVAL; // (gid_t)-1 is no group
    groups.push(g);
  }
  set_current_groups(t, groups);
  return 0;
}
