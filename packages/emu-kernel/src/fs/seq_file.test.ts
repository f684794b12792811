// seq_file without a machine: records over several pages read with small and odd-sized buffers,
// seeks into the middle, records bigger than a page, skipped records and errors from show.
import { describe, it, expect } from 'vitest';
import { File, Inode, SuperBlock, type FileSystemType, type Path, type VfsMount, type Loff } from './fs.js';
import { root_cred } from '../kernel/cred.js';
import { kernel_ptr } from '../mm/uaccess.js';
import {
  seq_open, seq_read, seq_lseek, seq_release, seq_printf, seq_puts, single_open, SEQ_SKIP, ERR_PTR, type SeqOperations,
} from './seq_file.js';
import { SEEK_CUR, SEEK_END, SEEK_SET } from '../uapi/fcntl.js';
import { EINVAL, EIO } from '../uapi/errno.js';

const fstype: FileSystemType = { name: 't', mount: () => -1 };

function newFile(): File {
  const inode = new Inode(new SuperBlock(fstype, 0), 1);
  const path = { mnt: {} as VfsMount, dentry: null } as unknown as Path;
  return new File(path, inode, 0, 1, root_cred());
}

/** Reads everything with reads of `chunk` bytes, as sys_read does (the position lives in the file). */
function readAll(f: File, chunk: number): { text: string; reads: number } {
  let text = '';
  let reads = 0;
  for (;;) {
    const buf = new Uint8Array(chunk);
    const pos: Loff = { pos: f.f_pos };
    const n = seq_read(f, kernel_ptr(buf), chunk, pos);
    if (n < 0) throw new Error(`read ${n}`);
    reads++;
    if (n === 0) return { text, reads };
    f.f_pos = pos.pos;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
}

/** Lines "line N: xxxx...\n" for N in [0, count). */
function numbered(count: number, width = 40): SeqOperations<number> {
  return {
    start: (_m, pos) => (pos.pos < count ? pos.pos : null),
    next: (_m, _v, pos) => (++pos.pos < count ? pos.pos : null),
    stop: () => {},
    show: (m, v) => seq_printf(m, 'line %4d: %s\n', v, 'x'.repeat(width)),
  };
}
const expected = (count: number, width = 40) =>
  Array.from({ length: count }, (_, i) => `line ${String(i).padStart(4)}: ${'x'.repeat(width)}\n`).join('');

describe('seq_read', () => {
  it('hands out many pages of records through reads of any size', () => {
    for (const chunk of [1, 7, 100, 4096, 65536]) {
      const f = newFile();
      seq_open(f, numbered(500));
      const { text } = readAll(f, chunk);
      expect(text).toBe(expected(500));
      expect(text.length).toBeGreaterThan(4096 * 5);
      seq_release(f.f_inode, f);
    }
  });

  it('stops early: each read returns whole records up to the buffer, and EOF after the last', () => {
    const f = newFile();
    seq_open(f, numbered(3));
    const buf = new Uint8Array(1000);
    const pos = { pos: 0 };
    expect(seq_read(f, kernel_ptr(buf), 1000, pos)).toBe(expected(3).length);
    expect(seq_read(f, kernel_ptr(buf), 1000, pos)).toBe(0);
  });

  it('re-reads from any offset after a seek, and rejects SEEK_END', () => {
    const f = newFile();
    seq_open(f, numbered(300));
    const all = expected(300);
    readAll(f, 333);
    expect(seq_lseek(f, 5000, SEEK_SET)).toBe(5000);
    expect(readAll(f, 512).text).toBe(all.slice(5000));
    expect(seq_lseek(f, 0, SEEK_SET)).toBe(0);
    expect(seq_lseek(f, 10, SEEK_CUR)).toBe(10);
    expect(readAll(f, 4096).text).toBe(all.slice(10));
    expect(seq_lseek(f, 0, SEEK_END)).toBe(-EINVAL);
    expect(seq_lseek(f, -1, SEEK_SET)).toBe(-EINVAL);
  });

  it('serves a read at a position the file never reached (pread)', () => {
    const f = newFile();
    seq_open(f, numbered(200));
    const buf = new Uint8Array(100);
    const n = seq_read(f, kernel_ptr(buf), 100, { pos: 7000 });
    expect(new TextDecoder().decode(buf.subarray(0, n))).toBe(expected(200).slice(7000, 7000 + n));
    expect(n).toBeGreaterThan(0);
  });

  it('grows the buffer for one record bigger than a page', () => {
    const f = newFile();
    const big = 'B'.repeat(20000);
    single_open(f, (m) => seq_puts(m, big + '\n'));
    expect(readAll(f, 3000).text).toBe(big + '\n');
  });

  it('drops records whose show returns SEQ_SKIP and fails the read when show fails', () => {
    const f = newFile();
    seq_open(f, { ...numbered(10), show: (m, v) => (v % 2 ? SEQ_SKIP : seq_printf(m, '%d\n', v)) });
    expect(readAll(f, 4096).text).toBe('0\n2\n4\n6\n8\n');
    const g = newFile();
    seq_open(g, { ...numbered(10), show: () => -EIO });
    expect(seq_read(g, kernel_ptr(new Uint8Array(10)), 10, { pos: 0 })).toBe(-EIO);
    const h = newFile();
    seq_open(h, { ...numbered(10), start: () => ERR_PTR(-EINVAL) });
    expect(seq_read(h, kernel_ptr(new Uint8Array(10)), 10, { pos: 0 })).toBe(-EINVAL);
  });
});
