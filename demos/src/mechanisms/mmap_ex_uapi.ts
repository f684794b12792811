// The interface of mmap_ex's debugfs file, shared by the module and mmap_user.
import { _IO } from '@urfs/emu-kernel/uapi/ioctl';

/** The file, under debugfs's mount point. */
export const MMAP_EX_PATH = '/sys/kernel/debug/mmap_ex/buf';
/** Bytes the driver shares: one page. */
export const MMAP_EX_SIZE = 4096;
/** Asks the driver to look at the shared page (it prints what it finds and answers in the page). */
export const MMAP_EX_PEEK = _IO('m', 1);
export const MMAP_EX_KERNEL_MSG = 'Hello from the kernel (mmap_ex)';

/** The NUL-terminated text at the start of `page`. */
export function page_text(page: Uint8Array): string {
  const nul = page.indexOf(0);
  return new TextDecoder().decode(page.subarray(0, nul < 0 ? page.length : nul));
}
/** Puts `s` and a NUL at the start of `page` (cut to fit). */
export function page_put(page: Uint8Array, s: string): void {
  const b = new TextEncoder().encode(s).subarray(0, page.length - 1);
  page.set(b);
  page[b.length] = 0;
}
