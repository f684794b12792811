// The read and write of entries made with create_proc_entry (Linux 2.6's fs/proc/generic.c
// proc_file_read / proc_file_write): read_proc fills one page per call, the kernel copies it out and
// moves the file position, calling again until the reader has enough or the callback sets eof.
import { EFAULT, EIO } from '../../uapi/errno.js';
import { PAGE_SIZE } from '../../uapi/mman.js';
import type { File, Loff } from '../fs.js';
import { copy_to_user, type UserPtr } from '../../mm/uaccess.js';
import { pr_err, pr_warn } from '../../kernel/printk.js';
import type { ProcDirEntry, ProcStart } from './internal.js';

/** Bytes asked of read_proc per call: a page less some slack, as 2.6 did (PROC_BLOCK_SIZE). */
export const PROC_BLOCK_SIZE = PAGE_SIZE - 1024;
const MAX_NON_LFS = 0x7fffffff;

export function proc_file_read(de: ProcDirEntry, buf: UserPtr, nbytes: number, ppos: Loff): number {
  let retval = 0;
  const pos = ppos.pos;
  if (pos > MAX_NON_LFS) return 0;
  if (nbytes > MAX_NON_LFS - pos) nbytes = MAX_NON_LFS - pos;
  const page = new Uint8Array(PAGE_SIZE);
  const eof = { value: 0 };
  let out = buf;
  while (nbytes > 0 && !eof.value) {
    const count = Math.min(PROC_BLOCK_SIZE, nbytes);
    const start: ProcStart = { value: null };
    if (!de.read_proc) break;
    page.fill(0);
    let n = de.read_proc(page, start, ppos.pos, count, eof, de.data);
    if (!Number.isInteger(n)) n = -EIO;
    if (n === 0) break;
    if (n < 0) {
      if (retval === 0) retval = n;
      break;
    }
    let from: number;
    let advance: number | null = null;
    if (start.advance !== undefined) {
      // "*start = (char *)k": the data is at page[0], the position moves by k records.
      if (n > PAGE_SIZE) {
        pr_err('proc_file_read: Apparent buffer overflow!');
        n = PAGE_SIZE;
      }
      if (n > count) pr_warn('proc_file_read: Read count exceeded');
      from = 0;
      advance = start.advance;
    } else if (start.value === null) {
      // The callback printed the whole file from page[0]: hand out the part at the position.
      if (n > PAGE_SIZE) {
        pr_err('proc_file_read: Apparent buffer overflow!');
        n = PAGE_SIZE;
      }
      n -= ppos.pos;
      if (n <= 0) break;
      if (n > count) n = count;
      from = ppos.pos;
    } else {
      const startoff = start.value;
      if (startoff < 0 || startoff > PAGE_SIZE) {
        pr_err('proc_file_read: start outside the page');
        if (retval === 0) retval = -EFAULT;
        break;
      }
      if (n > PAGE_SIZE - startoff) {
        pr_err('proc_file_read: Apparent buffer overflow!');
        n = PAGE_SIZE - startoff;
      }
      if (n > count) n = count;
      from = startoff;
    }
    n = Math.min(n, PAGE_SIZE - from);
    if (copy_to_user(out, page.subarray(from, from + n), n)) {
      if (retval === 0) retval = -EFAULT;
      break;
    }
    ppos.pos += advance ?? n;
    nbytes -= n;
    out = out.add(n);
    retval += n;
  }
  return retval;
}

export function proc_file_write(de: ProcDirEntry, file: File, buf: UserPtr, count: number): Promise<number> | number {
  if (!de.write_proc) return -EIO;
  return de.write_proc(file, buf, count, de.data);
}
