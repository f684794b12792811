// getdents64 (fs/readdir.c): struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
import { EFAULT, EINVAL, ENOTDIR } from '../uapi/errno.js';
import { S_ISDIR } from '../uapi/stat.js';
import { UserPtr, copy_to_user } from '../mm/uaccess.js';
import { vfs_dispatch } from './vfs_hook.js';
import type { Task } from '../kernel/task.js';
import { vcaller } from './fs_struct.js';
import { with_fd } from './file.js';
import type { File } from './fs.js';

const enc = new TextEncoder();

export function sys_getdents64(task: Task, fd: number, dirent: number, count: number): Promise<number> {
  return with_fd(task, fd, (f) => getdents(task, f, dirent, count));
}

async function getdents(task: Task, f: File, dirent: number, count: number): Promise<number> {
  if (!S_ISDIR(f.f_inode.i_mode)) return -ENOTDIR;
  if (!f.f_op.iterate_shared) return -ENOTDIR;
  if (count < 0) return -EINVAL;
  // The whole buffer must be the caller's before the kernel sizes its own copy by it.
  if (!task.mm.access_ok(dirent, count)) return -EFAULT;
  const out = new Uint8Array(count);
  const view = new DataView(out.buffer);
  let used = 0;
  let tooSmall = false;
  const ctx = {
    pos: f.f_pos,
    emit(name: string, ino: number, type: number): boolean {
      const nb = enc.encode(name);
      const reclen = (19 + nb.length + 1 + 7) & ~7;
      if (used + reclen > count) {
        if (used === 0) tooSmall = true;
        return false;
      }
      view.setBigUint64(used, BigInt(ino), true);
      view.setBigInt64(used + 8, BigInt(ctx.pos + 1), true);
      view.setUint16(used + 16, reclen, true);
      view.setUint8(used + 18, type);
      out.set(nb, used + 19);
      used += reclen;
      return true;
    },
  };
  const r = await vfs_dispatch('readdir', { file: f, ctx }, vcaller(task, f.f_path), (a) => a.file.f_op.iterate_shared!(a.file, a.ctx));
  if (r < 0) return r;
  if (tooSmall) return -EINVAL;
  f.f_pos = ctx.pos;
  if (copy_to_user(new UserPtr(task.mm, dirent), out, used)) return -EFAULT;
  return used;
}
