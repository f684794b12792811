// mmap_ex: a debugfs file, /sys/kernel/debug/mmap_ex/buf (0600), whose mmap shares one page between the
// module and the process: the module keeps the mapping's pages (vma.backing, the process's own memory)
// as its buffer and writes a greeting there at mmap time; the process reads it and writes its answer in
// place; ioctl(MMAP_EX_PEEK) makes the module print what it finds in the page and answer there too, with
// no copy either way. A mapping larger than a page, or at an offset, is EINVAL; a private one EINVAL too
// (a copy would share nothing). While mapped, the file is open, so rmmod answers EBUSY.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { debugfs_create_dir, debugfs_create_file, debugfs_remove } from '@urfs/emu-kernel/fs/debugfs/inode';
import type { Dentry, FileOperations } from '@urfs/emu-kernel/fs/fs';
import type { VmArea } from '@urfs/emu-kernel/mm/mm';
import { MAP_SHARED } from '@urfs/emu-kernel/uapi/mman';
import { EINVAL, ENOMEM, ENOTTY, ENXIO } from '@urfs/emu-kernel/uapi/errno';
import { MMAP_EX_SIZE, MMAP_EX_PEEK, MMAP_EX_KERNEL_MSG, page_text, page_put } from '../mechanisms/mmap_ex_uapi.js';

export default function mmap_ex(): ModuleDef {
  let dir: Dentry | null = null;
  /** The page shared with the process that mapped the file last (null when unmapped). */
  let shared: Uint8Array | null = null;
  let peeks = 0;

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'mmap example: a debugfs file whose page is shared between the module and a process',
    version: '0.1',
    init(THIS_MODULE: Module): number {
      const fops: FileOperations = {
        owner: THIS_MODULE,
        mmap(_file, vma: VmArea) {
          const size = vma.vm_end - vma.vm_start;
          if (size > MMAP_EX_SIZE || vma.vm_pgoff !== 0) return -EINVAL;
          if (!(vma.vm_flags & MAP_SHARED)) return -EINVAL;
          if (!vma.backing) return -ENXIO;
          const page = vma.backing;
          shared = page;
          page_put(page, MMAP_EX_KERNEL_MSG);
          vma.vm_ops = {
            close: () => {
              pr_info(`mmap_ex: unmapped; the page last held "${page_text(page)}"`);
              if (shared === page) shared = null;
            },
          };
          pr_info(`mmap_ex: mapped ${size} bytes, wrote "${MMAP_EX_KERNEL_MSG}"`);
          return 0;
        },
        unlocked_ioctl(_file, cmd) {
          if (cmd !== MMAP_EX_PEEK) return -ENOTTY;
          if (!shared) return -ENXIO;
          const seen = page_text(shared);
          pr_info(`mmap_ex: the process wrote "${seen}"`);
          page_put(shared, `kernel read ${new TextEncoder().encode(seen).length} bytes in place (peek ${++peeks})`);
          return 0;
        },
      };
      dir = debugfs_create_dir('mmap_ex', null);
      if (!dir) return -ENOMEM;
      if (!debugfs_create_file('buf', 0o600, dir, null, fops)) {
        debugfs_remove(dir);
        return -ENOMEM;
      }
      pr_info('mmap_ex: /sys/kernel/debug/mmap_ex/buf ready');
      return 0;
    },
    exit(): void {
      debugfs_remove(dir);
      dir = null;
      pr_info('mmap_ex: removed');
    },
  };
}
