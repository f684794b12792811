// The mmap of regular files on file systems with no page cache (rootfs): Linux's generic_file_mmap
// (mm/filemap.c) maps the page cache, filled by the file system's read_folio, under RedirFS's cipherflt
// too. Here a private mapping is a copy, filled when it is made by reading the file through the VFS read
// path (so filters see those reads: cryptflt decrypts what a mapping shows), zeros past the end of the
// file. A private mapping never writes back, so the copy is all it needs; a shared one would have to stay
// coherent with the file, and is not offered.
import { MAP_PRIVATE, PAGE_SIZE } from '../uapi/mman.js';
import { ENODEV } from '../uapi/errno.js';
import type { File } from '../fs/fs.js';
import type { VfsCaller } from '../fs/vfs_hook.js';
import { vfs_read } from '../fs/read_write.js';
import { vcaller } from '../fs/fs_struct.js';
import { current } from '../kernel/task.js';
import { kernel_ptr } from './uaccess.js';
import type { VmArea } from './mm.js';

/** A file system's f_op.mmap for regular files: 0, or -errno (a failed read fails the mmap). */
export async function generic_file_mmap(file: File, vma: VmArea): Promise<number> {
  const pages = vma.backing;
  if (!(vma.vm_flags & MAP_PRIVATE) || !pages) return -ENODEV;
  // Taken before the first await, while current() is the mapping task.
  const task = current();
  const caller: VfsCaller = task ? vcaller(task, file.f_path) : { pid: 0, cred: file.f_cred, path: file.f_path };
  const ppos = { pos: vma.vm_pgoff * PAGE_SIZE };
  let got = 0;
  while (got < pages.length) {
    const n = await vfs_read(file, kernel_ptr(pages.subarray(got)), pages.length - got, ppos, caller);
    if (n < 0) return n;
    if (n === 0) break;
    got += n;
  }
  pages.fill(0, got);
  return 0;
}
