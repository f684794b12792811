// Operation ids (RedirFS's enum rfs_op_id): one id per object type and operation, named
// RFS_<type>_<set>_<operation> where the set is DOP (dentry), IOP (inode) or FOP (file operations).
// A filter registers callbacks per id; the VFS hook maps each dispatched operation and the type of the
// object it acts on to the id (rfs_op_id). Dentry operations have no counterpart in this VFS (it keeps no
// dentry operation table): their ids exist so filters written for RedirFS compile, but they never fire.
// ioctl, poll and mmap have no RedirFS id and pass the hook untouched.
import type { VfsOp } from '@urfs/emu-kernel/fs/vfs_hook';
import { S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK } from '@urfs/emu-kernel/uapi/stat';

/** Object types, from the inode's mode; NONE is a negative dentry (no inode). */
export const RFS_NONE = 0, RFS_REG = 1, RFS_DIR = 2, RFS_CHR = 3, RFS_BLK = 4, RFS_FIFO = 5, RFS_LNK = 6,
  RFS_SOCK = 7;
/** How many object types there are (RFS_NONE..RFS_SOCK). */
export const RFS_TYPES = 8;
export type rfs_obj_type = typeof RFS_NONE | typeof RFS_REG | typeof RFS_DIR | typeof RFS_CHR | typeof RFS_BLK |
  typeof RFS_FIFO | typeof RFS_LNK | typeof RFS_SOCK;

/** The object type of an inode mode (RFS_NONE for no inode). */
export function rfs_obj_type(mode: number | null | undefined): rfs_obj_type {
  if (mode === null || mode === undefined) return RFS_NONE;
  switch (mode & S_IFMT) {
    case S_IFREG: return RFS_REG;
    case S_IFDIR: return RFS_DIR;
    case S_IFCHR: return RFS_CHR;
    case S_IFBLK: return RFS_BLK;
    case S_IFIFO: return RFS_FIFO;
    case S_IFLNK: return RFS_LNK;
    case S_IFSOCK: return RFS_SOCK;
    default: return RFS_NONE;
  }
}

// Dentry operations (no counterpart in this VFS: never fire).
export const RFS_NONE_DOP_D_REVALIDATE = 0;
export const RFS_NONE_DOP_D_HASH = 1;
export const RFS_NONE_DOP_D_COMPARE = 2;
export const RFS_NONE_DOP_D_DELETE = 3;
export const RFS_NONE_DOP_D_RELEASE = 4;
export const RFS_NONE_DOP_D_IPUT = 5;
export const RFS_REG_DOP_D_REVALIDATE = 6;
export const RFS_REG_DOP_D_HASH = 7;
export const RFS_REG_DOP_D_COMPARE = 8;
export const RFS_REG_DOP_D_DELETE = 9;
export const RFS_REG_DOP_D_RELEASE = 10;
export const RFS_REG_DOP_D_IPUT = 11;
export const RFS_DIR_DOP_D_REVALIDATE = 12;
export const RFS_DIR_DOP_D_HASH = 13;
export const RFS_DIR_DOP_D_COMPARE = 14;
export const RFS_DIR_DOP_D_DELETE = 15;
export const RFS_DIR_DOP_D_RELEASE = 16;
export const RFS_DIR_DOP_D_IPUT = 17;
export const RFS_CHR_DOP_D_REVALIDATE = 18;
export const RFS_CHR_DOP_D_HASH = 19;
export const RFS_CHR_DOP_D_COMPARE = 20;
export const RFS_CHR_DOP_D_DELETE = 21;
export const RFS_CHR_DOP_D_RELEASE = 22;
export const RFS_CHR_DOP_D_IPUT = 23;
export const RFS_BLK_DOP_D_REVALIDATE = 24;
export const RFS_BLK_DOP_D_HASH = 25;
export const RFS_BLK_DOP_D_COMPARE = 26;
export const RFS_BLK_DOP_D_DELETE = 27;
export const RFS_BLK_DOP_D_RELEASE = 28;
export const RFS_BLK_DOP_D_IPUT = 29;
export const RFS_FIFO_DOP_D_REVALIDATE = 30;
export const RFS_FIFO_DOP_D_HASH = 31;
export const RFS_FIFO_DOP_D_COMPARE = 32;
export const RFS_FIFO_DOP_D_DELETE = 33;
export const RFS_FIFO_DOP_D_RELEASE = 34;
export const RFS_FIFO_DOP_D_IPUT = 35;
export const RFS_LNK_DOP_D_REVALIDATE = 36;
export const RFS_LNK_DOP_D_HASH = 37;
export const RFS_LNK_DOP_D_COMPARE = 38;
export const RFS_LNK_DOP_D_DELETE = 39;
export const RFS_LNK_DOP_D_RELEASE = 40;
export const RFS_LNK_DOP_D_IPUT = 41;
export const RFS_SOCK_DOP_D_REVALIDATE = 42;
export const RFS_SOCK_DOP_D_HASH = 43;
export const RFS_SOCK_DOP_D_COMPARE = 44;
export const RFS_SOCK_DOP_D_DELETE = 45;
export const RFS_SOCK_DOP_D_RELEASE = 46;
export const RFS_SOCK_DOP_D_IPUT = 47;
// Inode operations.
export const RFS_REG_IOP_PERMISSION = 48;
export const RFS_REG_IOP_SETATTR = 49;
export const RFS_DIR_IOP_CREATE = 50;
export const RFS_DIR_IOP_LOOKUP = 51;
export const RFS_DIR_IOP_LINK = 52;
export const RFS_DIR_IOP_UNLINK = 53;
export const RFS_DIR_IOP_SYMLINK = 54;
export const RFS_DIR_IOP_MKDIR = 55;
export const RFS_DIR_IOP_RMDIR = 56;
export const RFS_DIR_IOP_MKNOD = 57;
export const RFS_DIR_IOP_RENAME = 58;
export const RFS_DIR_IOP_PERMISSION = 59;
export const RFS_DIR_IOP_SETATTR = 60;
export const RFS_CHR_IOP_PERMISSION = 61;
export const RFS_CHR_IOP_SETATTR = 62;
export const RFS_BLK_IOP_PERMISSION = 63;
export const RFS_BLK_IOP_SETATTR = 64;
export const RFS_FIFO_IOP_PERMISSION = 65;
export const RFS_FIFO_IOP_SETATTR = 66;
export const RFS_LNK_IOP_PERMISSION = 67;
export const RFS_LNK_IOP_SETATTR = 68;
export const RFS_SOCK_IOP_PERMISSION = 69;
export const RFS_SOCK_IOP_SETATTR = 70;
// File operations.
export const RFS_REG_FOP_OPEN = 71;
export const RFS_REG_FOP_RELEASE = 72;
export const RFS_REG_FOP_LLSEEK = 73;
export const RFS_REG_FOP_READ = 74;
export const RFS_REG_FOP_WRITE = 75;
export const RFS_REG_FOP_FLUSH = 76;
export const RFS_DIR_FOP_OPEN = 77;
export const RFS_DIR_FOP_RELEASE = 78;
export const RFS_DIR_FOP_READDIR = 79;
export const RFS_CHR_FOP_OPEN = 80;
export const RFS_CHR_FOP_RELEASE = 81;
export const RFS_CHR_FOP_LLSEEK = 82;
export const RFS_CHR_FOP_READ = 83;
export const RFS_CHR_FOP_WRITE = 84;
export const RFS_BLK_FOP_OPEN = 85;
export const RFS_BLK_FOP_RELEASE = 86;
export const RFS_BLK_FOP_LLSEEK = 87;
export const RFS_BLK_FOP_READ = 88;
export const RFS_BLK_FOP_WRITE = 89;
export const RFS_FIFO_FOP_OPEN = 90;
export const RFS_FIFO_FOP_RELEASE = 91;
export const RFS_FIFO_FOP_LLSEEK = 92;
export const RFS_FIFO_FOP_READ = 93;
export const RFS_FIFO_FOP_WRITE = 94;
export const RFS_LNK_FOP_OPEN = 95;
export const RFS_LNK_FOP_RELEASE = 96;
export const RFS_LNK_FOP_LLSEEK = 97;
export const RFS_LNK_FOP_READ = 98;
export const RFS_LNK_FOP_WRITE = 99;
export const RFS_OP_END = 100;

/** An operation id: 0 .. RFS_OP_END - 1. */
export type rfs_op_id = number;

const RFS_OP_NAMES: readonly string[] = [
  'RFS_NONE_DOP_D_REVALIDATE', 'RFS_NONE_DOP_D_HASH', 'RFS_NONE_DOP_D_COMPARE', 'RFS_NONE_DOP_D_DELETE',
  'RFS_NONE_DOP_D_RELEASE', 'RFS_NONE_DOP_D_IPUT', 'RFS_REG_DOP_D_REVALIDATE', 'RFS_REG_DOP_D_HASH',
  'RFS_REG_DOP_D_COMPARE', 'RFS_REG_DOP_D_DELETE', 'RFS_REG_DOP_D_RELEASE', 'RFS_REG_DOP_D_IPUT',
  'RFS_DIR_DOP_D_REVALIDATE', 'RFS_DIR_DOP_D_HASH', 'RFS_DIR_DOP_D_COMPARE', 'RFS_DIR_DOP_D_DELETE',
  'RFS_DIR_DOP_D_RELEASE', 'RFS_DIR_DOP_D_IPUT', 'RFS_CHR_DOP_D_REVALIDATE', 'RFS_CHR_DOP_D_HASH',
  'RFS_CHR_DOP_D_COMPARE', 'RFS_CHR_DOP_D_DELETE', 'RFS_CHR_DOP_D_RELEASE', 'RFS_CHR_DOP_D_IPUT',
  'RFS_BLK_DOP_D_REVALIDATE', 'RFS_BLK_DOP_D_HASH', 'RFS_BLK_DOP_D_COMPARE', 'RFS_BLK_DOP_D_DELETE',
  'RFS_BLK_DOP_D_RELEASE', 'RFS_BLK_DOP_D_IPUT', 'RFS_FIFO_DOP_D_REVALIDATE', 'RFS_FIFO_DOP_D_HASH',
  'RFS_FIFO_DOP_D_COMPARE', 'RFS_FIFO_DOP_D_DELETE', 'RFS_FIFO_DOP_D_RELEASE', 'RFS_FIFO_DOP_D_IPUT',
  'RFS_LNK_DOP_D_REVALIDATE', 'RFS_LNK_DOP_D_HASH', 'RFS_LNK_DOP_D_COMPARE', 'RFS_LNK_DOP_D_DELETE',
  'RFS_LNK_DOP_D_RELEASE', 'RFS_LNK_DOP_D_IPUT', 'RFS_SOCK_DOP_D_REVALIDATE', 'RFS_SOCK_DOP_D_HASH',
  'RFS_SOCK_DOP_D_COMPARE', 'RFS_SOCK_DOP_D_DELETE', 'RFS_SOCK_DOP_D_RELEASE', 'RFS_SOCK_DOP_D_IPUT',
  'RFS_REG_IOP_PERMISSION', 'RFS_REG_IOP_SETATTR', 'RFS_DIR_IOP_CREATE', 'RFS_DIR_IOP_LOOKUP', 'RFS_DIR_IOP_LINK',
  'RFS_DIR_IOP_UNLINK', 'RFS_DIR_IOP_SYMLINK', 'RFS_DIR_IOP_MKDIR', 'RFS_DIR_IOP_RMDIR', 'RFS_DIR_IOP_MKNOD',
  'RFS_DIR_IOP_RENAME', 'RFS_DIR_IOP_PERMISSION', 'RFS_DIR_IOP_SETATTR', 'RFS_CHR_IOP_PERMISSION',
  'RFS_CHR_IOP_SETATTR', 'RFS_BLK_IOP_PERMISSION', 'RFS_BLK_IOP_SETATTR', 'RFS_FIFO_IOP_PERMISSION',
  'RFS_FIFO_IOP_SETATTR', 'RFS_LNK_IOP_PERMISSION', 'RFS_LNK_IOP_SETATTR', 'RFS_SOCK_IOP_PERMISSION',
  'RFS_SOCK_IOP_SETATTR', 'RFS_REG_FOP_OPEN', 'RFS_REG_FOP_RELEASE', 'RFS_REG_FOP_LLSEEK', 'RFS_REG_FOP_READ',
  'RFS_REG_FOP_WRITE', 'RFS_REG_FOP_FLUSH', 'RFS_DIR_FOP_OPEN', 'RFS_DIR_FOP_RELEASE', 'RFS_DIR_FOP_READDIR',
  'RFS_CHR_FOP_OPEN', 'RFS_CHR_FOP_RELEASE', 'RFS_CHR_FOP_LLSEEK', 'RFS_CHR_FOP_READ', 'RFS_CHR_FOP_WRITE',
  'RFS_BLK_FOP_OPEN', 'RFS_BLK_FOP_RELEASE', 'RFS_BLK_FOP_LLSEEK', 'RFS_BLK_FOP_READ', 'RFS_BLK_FOP_WRITE',
  'RFS_FIFO_FOP_OPEN', 'RFS_FIFO_FOP_RELEASE', 'RFS_FIFO_FOP_LLSEEK', 'RFS_FIFO_FOP_READ', 'RFS_FIFO_FOP_WRITE',
  'RFS_LNK_FOP_OPEN', 'RFS_LNK_FOP_RELEASE', 'RFS_LNK_FOP_LLSEEK', 'RFS_LNK_FOP_READ', 'RFS_LNK_FOP_WRITE',
];

/** The RedirFS name of an id ("RFS_REG_FOP_READ"), or "RFS_OP_<n>" for a number out of range. */
export function rfs_op_name(id: rfs_op_id): string {
  return RFS_OP_NAMES[id] ?? `RFS_OP_${id}`;
}

/** The id named `name`, or -1. */
export function rfs_op_by_name(name: string): rfs_op_id {
  return RFS_OP_NAMES.indexOf(name);
}

export function rfs_op_valid(id: unknown): id is rfs_op_id {
  return Number.isInteger(id) && (id as number) >= 0 && (id as number) < RFS_OP_END;
}

type OpMap = { readonly [K in VfsOp]: Readonly<Partial<Record<rfs_obj_type, rfs_op_id>>> };

/** VFS dispatch op -> object type -> id. Missing entries have no RedirFS id. */
const RFS_OP_MAP: OpMap = {
  lookup: { [RFS_DIR]: RFS_DIR_IOP_LOOKUP },
  create: { [RFS_DIR]: RFS_DIR_IOP_CREATE },
  mkdir: { [RFS_DIR]: RFS_DIR_IOP_MKDIR },
  mknod: { [RFS_DIR]: RFS_DIR_IOP_MKNOD },
  unlink: { [RFS_DIR]: RFS_DIR_IOP_UNLINK },
  rmdir: { [RFS_DIR]: RFS_DIR_IOP_RMDIR },
  rename: { [RFS_DIR]: RFS_DIR_IOP_RENAME },
  link: { [RFS_DIR]: RFS_DIR_IOP_LINK },
  symlink: { [RFS_DIR]: RFS_DIR_IOP_SYMLINK },
  permission: {
    [RFS_REG]: RFS_REG_IOP_PERMISSION, [RFS_DIR]: RFS_DIR_IOP_PERMISSION, [RFS_CHR]: RFS_CHR_IOP_PERMISSION,
    [RFS_BLK]: RFS_BLK_IOP_PERMISSION, [RFS_FIFO]: RFS_FIFO_IOP_PERMISSION, [RFS_LNK]: RFS_LNK_IOP_PERMISSION,
    [RFS_SOCK]: RFS_SOCK_IOP_PERMISSION,
  },
  setattr: {
    [RFS_REG]: RFS_REG_IOP_SETATTR, [RFS_DIR]: RFS_DIR_IOP_SETATTR, [RFS_CHR]: RFS_CHR_IOP_SETATTR,
    [RFS_BLK]: RFS_BLK_IOP_SETATTR, [RFS_FIFO]: RFS_FIFO_IOP_SETATTR, [RFS_LNK]: RFS_LNK_IOP_SETATTR,
    [RFS_SOCK]: RFS_SOCK_IOP_SETATTR,
  },
  open: {
    [RFS_REG]: RFS_REG_FOP_OPEN, [RFS_DIR]: RFS_DIR_FOP_OPEN, [RFS_CHR]: RFS_CHR_FOP_OPEN,
    [RFS_BLK]: RFS_BLK_FOP_OPEN, [RFS_FIFO]: RFS_FIFO_FOP_OPEN, [RFS_LNK]: RFS_LNK_FOP_OPEN,
  },
  release: {
    [RFS_REG]: RFS_REG_FOP_RELEASE, [RFS_DIR]: RFS_DIR_FOP_RELEASE, [RFS_CHR]: RFS_CHR_FOP_RELEASE,
    [RFS_BLK]: RFS_BLK_FOP_RELEASE, [RFS_FIFO]: RFS_FIFO_FOP_RELEASE, [RFS_LNK]: RFS_LNK_FOP_RELEASE,
  },
  llseek: {
    [RFS_REG]: RFS_REG_FOP_LLSEEK, [RFS_CHR]: RFS_CHR_FOP_LLSEEK, [RFS_BLK]: RFS_BLK_FOP_LLSEEK,
    [RFS_FIFO]: RFS_FIFO_FOP_LLSEEK, [RFS_LNK]: RFS_LNK_FOP_LLSEEK,
  },
  read: {
    [RFS_REG]: RFS_REG_FOP_READ, [RFS_CHR]: RFS_CHR_FOP_READ, [RFS_BLK]: RFS_BLK_FOP_READ,
    [RFS_FIFO]: RFS_FIFO_FOP_READ, [RFS_LNK]: RFS_LNK_FOP_READ,
  },
  write: {
    [RFS_REG]: RFS_REG_FOP_WRITE, [RFS_CHR]: RFS_CHR_FOP_WRITE, [RFS_BLK]: RFS_BLK_FOP_WRITE,
    [RFS_FIFO]: RFS_FIFO_FOP_WRITE, [RFS_LNK]: RFS_LNK_FOP_WRITE,
  },
  readdir: { [RFS_DIR]: RFS_DIR_FOP_READDIR },
  flush: { [RFS_REG]: RFS_REG_FOP_FLUSH },
  ioctl: {},
  poll: {},
  mmap: {},
};

/** The id of VFS operation `op` on an object of type `type`, or -1 when RedirFS has none. */
export function rfs_op_id(op: VfsOp, type: rfs_obj_type): rfs_op_id {
  return RFS_OP_MAP[op][type] ?? -1;
}

/** The VFS dispatch op behind an id, or null for the ids that never fire here (the dentry operations). */
export function rfs_op_vfs_op(id: rfs_op_id): VfsOp | null {
  return vfs_op_of_id.get(id) ?? null;
}
const vfs_op_of_id = new Map<number, VfsOp>();
for (const op of Object.keys(RFS_OP_MAP) as VfsOp[]) {
  for (const id of Object.values(RFS_OP_MAP[op])) if (!vfs_op_of_id.has(id)) vfs_op_of_id.set(id, op);
}
