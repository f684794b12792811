// Test helpers (host side): read and write a file through the kernel's own API, as `cred`, the way a
// process would with open + read/write + close, without starting one.
import { kernel_ctx } from '../../init/main.js';
import { do_filp_open } from '../../fs/open.js';
import { kernel_read, kernel_write } from '../../fs/read_write.js';
import { fput } from '../../fs/file.js';
import { root_cred, type Cred } from '../../kernel/cred.js';
import { O_RDONLY, O_WRONLY } from '../../uapi/fcntl.js';

/** Opens, reads everything in `chunk`-byte reads, closes: the text, or -errno. */
export async function kread(path: string, cred: Cred = root_cred(), chunk = 4096): Promise<string | number> {
  const f = await do_filp_open({ ...kernel_ctx(), cred, pid: 0 }, path, O_RDONLY, 0);
  if (typeof f === 'number') return f;
  const caller = { pid: 0, cred };
  let text = '';
  const pos = { pos: 0 };
  try {
    for (;;) {
      const buf = new Uint8Array(chunk);
      const n = await kernel_read(f, buf, pos, caller);
      if (n < 0) return n;
      if (n === 0) return text;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
  } finally {
    await fput(f, caller);
  }
}

/** Opens for writing, writes `data` once at offset 0, closes: bytes written, or -errno. */
export async function kwrite(path: string, data: string | Uint8Array, cred: Cred = root_cred()): Promise<number> {
  const f = await do_filp_open({ ...kernel_ctx(), cred, pid: 0 }, path, O_WRONLY, 0);
  if (typeof f === 'number') return f;
  const caller = { pid: 0, cred };
  try {
    return await kernel_write(f, typeof data === 'string' ? new TextEncoder().encode(data) : data, { pos: 0 }, caller);
  } finally {
    await fput(f, caller);
  }
}
