// The attribute rules of fs/attr.c and fs/inode.c: who may chown and chgrp (chown_ok, chgrp_ok), which
// set-id bits a change of owner, a write or a truncation takes away (setattr_should_drop_sgid,
// setattr_should_drop_suidgid, file_remove_privs), and chmod's loss of S_ISGID for a caller outside the
// file's group (setattr_prepare). Root stands for every capability (CAP_CHOWN, CAP_FSETID).
import { S_ISDIR, S_ISGID, S_ISREG, S_ISUID, S_IXGRP, S_IFMT } from '../uapi/stat.js';
import type { Iattr, Inode } from './fs.js';
import { capable, in_group_p, type Cred } from '../kernel/cred.js';

/** The caller is in group `gid`, or may act as if (in_group_or_capable: CAP_FSETID). */
export function in_group_or_capable(cred: Cred, gid: number): boolean {
  return in_group_p(cred, gid) || capable(cred);
}

/** The owner may "change" the owner to itself; only CAP_CHOWN gives a file away (chown_ok). */
export function chown_ok(cred: Cred, inode: Inode, uid: number): boolean {
  return (cred.euid === inode.i_uid && uid === inode.i_uid) || capable(cred);
}

/** The owner may change the group to one it belongs to (or leave it); CAP_CHOWN to any (chgrp_ok). */
export function chgrp_ok(cred: Cred, inode: Inode, gid: number): boolean {
  if (cred.euid === inode.i_uid && (gid === inode.i_gid || in_group_p(cred, gid))) return true;
  return capable(cred);
}

/**
 * S_ISGID goes with a change of owner (or a write) when it marks a set-group-ID program (group execute
 * set), or when the caller is outside the file's group and not privileged; without group execute it is
 * mandatory locking's mark and stays for the group's members (setattr_should_drop_sgid).
 */
export function setattr_should_drop_sgid(cred: Cred, inode: Inode): boolean {
  const mode = inode.i_mode;
  if (!(mode & S_ISGID)) return false;
  if (mode & S_IXGRP) return true;
  return !in_group_or_capable(cred, inode.i_gid);
}

/** Which set-id bits a write or truncation by `cred` removes: none for a privileged caller or a non-file. */
export function setattr_should_drop_suidgid(cred: Cred, inode: Inode): { suid: boolean; sgid: boolean } {
  const kill = { suid: (inode.i_mode & S_ISUID) !== 0, sgid: setattr_should_drop_sgid(cred, inode) };
  if ((kill.suid || kill.sgid) && !capable(cred) && S_ISREG(inode.i_mode)) return kill;
  return { suid: false, sgid: false };
}

/** notify_change's ATTR_KILL_SUID / ATTR_KILL_SGID: the bits come off the mode the change sets. */
export function attr_kill_privs(inode: Inode, attr: Iattr, kill: { suid: boolean; sgid: boolean }): void {
  let mode = attr.mode ?? inode.i_mode & ~S_IFMT;
  if (kill.suid && mode & S_ISUID) attr.mode = mode &= ~S_ISUID;
  if (kill.sgid && mode & S_ISGID) attr.mode = mode & ~S_ISGID;
}

/** chown_common: a change of owner or group of a non-directory removes S_ISUID, and S_ISGID as above. */
export function chown_kill_privs(cred: Cred, inode: Inode, attr: Iattr): void {
  if (S_ISDIR(inode.i_mode)) return;
  attr_kill_privs(inode, attr, { suid: true, sgid: setattr_should_drop_sgid(cred, inode) });
}

/**
 * setattr_prepare's chmod rule: a caller neither in the file's group (the new one, when the change sets
 * one) nor privileged cannot set S_ISGID; the bit is dropped, the chmod succeeds.
 */
export function setattr_prepare_mode(cred: Cred, inode: Inode, attr: Iattr): void {
  if (attr.mode === undefined || !(attr.mode & S_ISGID)) return;
  if (!in_group_or_capable(cred, attr.gid ?? inode.i_gid)) attr.mode &= ~S_ISGID;
}
