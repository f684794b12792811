// Process credentials (include/linux/cred.h), reduced to the ids this machine checks.
export interface Cred {
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  /** Saved set-user-ID and set-group-ID (setresuid, setresgid); absent: the real id. */
  suid?: number;
  sgid?: number;
  /** Supplementary groups. */
  groups: number[];
}
export const GLOBAL_ROOT_UID = 0;
export function root_cred(): Cred {
  return { uid: 0, gid: 0, euid: 0, egid: 0, groups: [0] };
}
/** Root, as capable(CAP_SYS_ADMIN) and friends answer here. */
export function capable(cred: Cred): boolean {
  return cred.euid === 0;
}
export function in_group_p(cred: Cred, gid: number): boolean {
  return cred.egid === gid || cred.groups.includes(gid);
}
/** The saved set-user-ID (the real uid when none was set). */
export const cred_suid = (c: Cred): number => c.suid ?? c.uid;
export const cred_sgid = (c: Cred): number => c.sgid ?? c.gid;
