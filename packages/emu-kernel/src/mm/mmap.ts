// mmap, munmap and brk (mm/mmap.c). A process's memory is one SharedArrayBuffer, so a mapping is a range
// of it: mmap takes page-aligned ranges from the top down, brk grows the allocator's range from the bottom,
// and the two never cross. A driver's mmap gets the range as a view (vma_pages) and keeps using that view
// as its buffer: the module and the process then share the very same bytes, with no copy either way.
import { EBADF, EINTR, EINVAL, ENODEV, ENOMEM, EACCES } from '../uapi/errno.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PAGE_SIZE, PROT_WRITE } from '../uapi/mman.js';
import { FMODE_READ, FMODE_WRITE } from '../fs/fs.js';
import type { Task } from '../kernel/task.js';
import type { VmArea } from './mm.js';
import { vfs_dispatch } from '../fs/vfs_hook.js';
import { vcaller } from '../fs/fs_struct.js';
import { fdget, fput } from '../fs/file.js';
import type { File } from '../fs/fs.js';
import { clear_user, UserPtr } from './uaccess.js';

const page_align = (n: number) => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

/** The process memory a mapping covers: what a driver's mmap shares with the process. */
export function vma_pages(task: Task, vma: VmArea): Uint8Array {
  return task.mm.bytes.subarray(vma.vm_start, vma.vm_end);
}

export async function sys_mmap(task: Task, addr: number, len: number, prot: number, flags: number, fd: number,
  off: number): Promise<number> {
  if (len <= 0 || off < 0 || off % PAGE_SIZE) return -EINVAL;
  if (!(flags & (MAP_SHARED | MAP_PRIVATE))) return -EINVAL;
  if (flags & MAP_FIXED) return -EINVAL; // one flat space: fixed placement is not offered
  const size = page_align(len);
  const mm = task.mm;
  const start = mm.mmap_base - size;
  if (start < page_align(mm.brk)) return -ENOMEM;
  const vma: VmArea = { vm_start: start, vm_end: start + size, vm_pgoff: off / PAGE_SIZE, vm_flags: flags | (prot << 8) };
  if (!(flags & MAP_ANONYMOUS)) {
    // The mapping keeps the reference fdget takes; every failure drops it.
    const f = fdget(task, fd);
    if (!f) return -EBADF;
    const r = await mmap_file(task, f, vma, flags, prot);
    // The process died while the driver mapped: its space is gone, and the mapping with it.
    if (r < 0 || task.mm !== mm) {
      if (r >= 0) vma.vm_ops?.close?.(vma);
      await fput(f, vcaller(task));
      return r < 0 ? r : -EINTR;
    }
  } else {
    clear_user(new UserPtr(mm, vma.vm_start), vma.vm_end - vma.vm_start);
  }
  mm.mmap_base = start;
  mm.vmas.set(start, vma);
  return start;
}

/** The driver's part of mapping `f`: 0 or -errno. */
async function mmap_file(task: Task, f: File, vma: VmArea, flags: number, prot: number): Promise<number> {
  if (!(f.f_mode & FMODE_READ)) return -EACCES;
  if (flags & MAP_SHARED && prot & PROT_WRITE && !(f.f_mode & FMODE_WRITE)) return -EACCES;
  if (!f.f_op.mmap) return -ENODEV;
  vma.vm_file = f;
  vma.backing = task.mm.bytes.subarray(vma.vm_start, vma.vm_end);
  return vfs_dispatch('mmap', { file: f, vma }, vcaller(task, f.f_path), (a) => a.file.f_op.mmap!(a.file, a.vma));
}

function unmap(task: Task, vma: VmArea): void {
  task.mm.vmas.delete(vma.vm_start);
  vma.vm_ops?.close?.(vma);
  const f = vma.vm_file as File | undefined;
  if (f) void fput(f, vcaller(task));
  // Reclaim the top of the mmap area when its lowest mapping goes.
  let lowest = task.mm.size;
  for (const start of task.mm.vmas.keys()) if (start < lowest) lowest = start;
  task.mm.mmap_base = lowest;
}

export function sys_munmap(task: Task, addr: number, len: number): number {
  if (addr % PAGE_SIZE || len <= 0) return -EINVAL;
  const vma = task.mm.vmas.get(addr);
  if (!vma) return 0; // unmapping nothing is not an error, as in Linux
  if (page_align(len) !== vma.vm_end - vma.vm_start) return -EINVAL; // partial unmaps are not offered
  unmap(task, vma);
  return 0;
}

/** Every mapping goes when the process exits or execs. */
export function exit_mmap(task: Task): void {
  for (const vma of [...task.mm.vmas.values()]) unmap(task, vma);
}

/** brk(2): moves the allocator's break; returns the new break, or the old one when refused. */
export function sys_brk(task: Task, addr: number): number {
  const mm = task.mm;
  if (addr === 0 || addr < PAGE_SIZE || page_align(addr) > mm.mmap_base) return mm.brk;
  mm.brk = addr;
  return addr;
}

/**
 * Kernel-side mapping of fresh zeroed memory into a process (vm_mmap of anonymous memory): how a driver
 * hands a process data in its own address space (urfs maps an operation's arguments this way). Returns
 * the user address, or -ENOMEM.
 */
export function vm_mmap_anon(task: Task, len: number): number {
  if (len <= 0) return -EINVAL;
  const size = page_align(len);
  const mm = task.mm;
  const start = mm.mmap_base - size;
  if (start < page_align(mm.brk)) return -ENOMEM;
  clear_user(new UserPtr(mm, start), size);
  mm.mmap_base = start;
  mm.vmas.set(start, { vm_start: start, vm_end: start + size, vm_pgoff: 0, vm_flags: MAP_PRIVATE | MAP_ANONYMOUS });
  return start;
}

/** Undoes vm_mmap_anon (vm_munmap); unknown addresses are ignored. */
export function vm_munmap(task: Task, addr: number): void {
  const vma = task.mm.vmas.get(addr);
  if (vma) unmap(task, vma);
}
