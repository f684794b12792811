// procfs_legacy: the Linux 2.6 proc interface. create_proc_entry makes the files and the module fills in
// read_proc / write_proc / data afterwards:
//   /proc/procfs_legacy/big      0444  about 14 KiB, handed out by read_proc one page at a time
//                                      ("*start = page" style: each call prints the bytes at `off`)
//   /proc/procfs_legacy/message  0644  a short text: read_proc prints it whole from page[0] (the kernel
//                                      picks the bytes at the offset), write_proc replaces it (at most 64
//                                      bytes are kept; more than a page is EINVAL)
//   /proc/procfs_legacy/calls    0444  how many times big's read_proc ran
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { create_proc_entry, proc_mkdir, remove_proc_entry } from '@urfs/emu-kernel/fs/proc/generic';
import type { ProcDirEntry } from '@urfs/emu-kernel/fs/proc/internal';
import { copy_from_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOMEM } from '@urfs/emu-kernel/uapi/errno';
import { PAGE_SIZE } from '@urfs/emu-kernel/uapi/mman';
import { legacy_big_text, MESSAGE_MAX } from '../mechanisms/procfs_legacy_data.js';

const NAME = 'procfs_legacy';
const enc = new TextEncoder();

export default function procfs_legacy(): ModuleDef {
  const big = enc.encode(legacy_big_text());
  let message = 'hello from procfs_legacy\n';
  let calls = 0;
  let dir: ProcDirEntry | null = null;

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Linux 2.6 procfs: create_proc_entry, read_proc page by page, write_proc',
    version: '0.1',
    init(THIS_MODULE: Module): number {
      dir = proc_mkdir(NAME, null);
      if (!dir) return -ENOMEM;
      const e_big = create_proc_entry('big', 0o444, dir);
      const e_msg = create_proc_entry('message', 0o644, dir);
      const e_calls = create_proc_entry('calls', 0o444, dir);
      if (!e_big || !e_msg || !e_calls) {
        remove_proc_entry(NAME, null);
        return -ENOMEM;
      }
      for (const e of [e_big, e_msg, e_calls]) e.owner = THIS_MODULE;
      e_big.size = big.length;
      e_big.read_proc = (page, start, off, count, eof) => {
        calls++;
        if (off >= big.length) {
          eof.value = 1;
          return 0;
        }
        const n = Math.min(count, big.length - off, PAGE_SIZE);
        page.set(big.subarray(off, off + n));
        start.value = 0; // *start = page: the bytes at `off` are at page[0]
        if (off + n >= big.length) eof.value = 1;
        return n;
      };
      e_msg.read_proc = (page, _start, _off, _count, eof) => {
        const b = enc.encode(message);
        page.set(b);
        eof.value = 1;
        return b.length;
      };
      e_msg.write_proc = (_file, buffer, count) => {
        if (count > PAGE_SIZE) return -EINVAL;
        const n = Math.min(count, MESSAGE_MAX);
        const b = new Uint8Array(n);
        if (copy_from_user(b, buffer, n)) return -EFAULT;
        message = new TextDecoder().decode(b);
        if (!message.endsWith('\n')) message += '\n';
        pr_info(`${NAME}: message set (${n} of ${count} bytes kept)`);
        return count;
      };
      e_calls.read_proc = (page, _start, _off, _count, eof) => {
        const b = enc.encode(`${calls}\n`);
        page.set(b);
        eof.value = 1;
        return b.length;
      };
      pr_info(`${NAME}: /proc/${NAME}/ ready (big is ${big.length} bytes)`);
      return 0;
    },
    exit(): void {
      for (const n of ['big', 'message', 'calls']) remove_proc_entry(n, dir);
      remove_proc_entry(NAME, null);
      dir = null;
      pr_info(`${NAME}: removed`);
    },
  };
}
