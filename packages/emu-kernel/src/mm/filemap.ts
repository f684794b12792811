// Private mappings of regular files whose file system has no mmap of its own (rootfs). There is no page
// cache: the pages are filled when the mapping is made, by reading the file through the VFS read path
// (so filters see those reads, as RedirFS's cipherflt saw page-cache fills), and the bytes past the end
// of the file are zeros. A private mapping never writes back, so the copy is all it needs; a shared one
// would have to stay coherent with the file, and is not offered.
import { MAP_PRIVATE } from '../uapi/mman.js';
import { ENODEV } from '../uapi/errno.js';
import { S_ISREG } from '../uapi/stat.js';
import type { File } from '../fs/fs.js';
import type { VfsCaller } from '../fs/vfs_hook.js';
import { vfs_read } from '../fs/read_write.js';
import { PAGE_SIZE } from '../uapi/mman.js';
import { clear_user, UserPtr } from './uaccess.js';
import type { MmStruct, VmArea } from './mm.js';

/** Whether filemap_private can map `f` with `flags`. */
export const filemap_can_map = (f: File, flags: number): boolean =>
  !f.f_op.mmap && !!f.f_op.read && S_ISREG(f.f_inode.i_mode) && !!(flags & MAP_PRIVATE);

/** Fills the mapping from the file at its offset: 0, or -errno (a failed read fails the mmap). */
export async function filemap_private(mm: MmStruct, f: File, vma: VmArea, caller: VfsCaller): Promise<number> {
  if (!filemap_can_map(f, vma.vm_flags)) return -ENODEV;
  const len = vma.vm_end - vma.vm_start;
  const ppos = { pos: vma.vm_pgoff * PAGE_SIZE };
  let got = 0;
  while (got < len) {
    const n = await vfs_read(f, new UserPtr(mm, vma.vm_start + got), len - got, ppos, caller);
    if (n < 0) return n;
    if (n === 0) break;
    got += n;
  }
  clear_user(new UserPtr(mm, vma.vm_start + got), len - got);
  return 0;
}
