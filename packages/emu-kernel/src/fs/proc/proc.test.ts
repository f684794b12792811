// procfs on a booted machine: the machine-wide files as cat prints them, entries that kernel code
// registers (seq_file past a page, the legacy read_proc paging and write_proc), modes and errors, and
// the per-process directories made from the live task list.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { kread, kwrite } from '../../testbin/lib/kfile.js';
import { TestMachine, USER, inSyscall } from '../../testbin/lib/harness.js';
import { __NR_nanosleep } from '../../uapi/unistd.js';
import { kernel_ctx } from '../../init/main.js';
import { do_filp_open } from '../open.js';
import { fput } from '../file.js';
import { kernel_read } from '../read_write.js';
import { kern_path, LOOKUP_FOLLOW } from '../namei.js';
import { vfs_getattr } from '../stat.js';
import { root_cred, type Cred } from '../../kernel/cred.js';
import { send_sig } from '../../kernel/signal.js';
import { SIGKILL } from '../../uapi/signal.js';
import { EACCES, EIO, ENOENT } from '../../uapi/errno.js';
import { O_RDONLY } from '../../uapi/fcntl.js';
import { S_IFDIR, S_IFREG } from '../../uapi/stat.js';
import { copy_from_user } from '../../mm/uaccess.js';
import { proc_create, proc_create_seq, proc_mkdir, remove_proc_entry, create_proc_entry, proc_symlink,
  proc_create_single_data } from './generic.js';
import { seq_lseek, seq_printf, seq_read, seq_release, seq_open, seq_puts } from '../seq_file.js';
import { sprintf } from '../../lib/vsprintf.js';
import type { ProcDirEntry } from './internal.js';

let tm: TestMachine;

beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

async function cat(path: string, cred?: Cred): Promise<{ code: number; out: string; err: string }> {
  const r = await tm.run(['/bin/cat', path], cred ? { cred } : {});
  return { code: r.code, out: r.stdout, err: r.stderr };
}



describe('machine-wide files', () => {
  it('/proc/devices lists character devices, then the block section', async () => {
    const r = await cat('/proc/devices');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Character devices:\n/);
    expect(r.out).toMatch(/^ {2}1 mem$/m);
    expect(r.out).toContain('\nBlock devices:\n');
  });

  it('/proc/mounts has a line per mount, in mount order', async () => {
    const r = await cat('/proc/mounts');
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('rootfs / rootfs rw 0 0');
    expect(lines).toContain('proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0');
    expect(lines).toContain('sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0');
    expect(lines).toContain('debugfs /sys/kernel/debug debugfs rw,nosuid,nodev,noexec,relatime 0 0');
    expect(lines).toContain('configfs /config configfs rw,nosuid,nodev,noexec,relatime 0 0');
    expect(lines.some((l) => /^devtmpfs \/dev devtmpfs rw/.test(l))).toBe(true);
  });

  it('/proc/filesystems, version, uptime, loadavg, cpuinfo, meminfo, cmdline, stat', async () => {
    expect((await cat('/proc/filesystems')).out).toMatch(/^nodev\tproc$/m);
    expect((await cat('/proc/version')).out).toMatch(/^Linux version 6\.\S+ /);
    expect((await cat('/proc/uptime')).out).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    expect((await cat('/proc/loadavg')).out).toMatch(/^0\.00 0\.00 0\.00 \d+\/\d+ \d+\n$/);
    const cpu = (await cat('/proc/cpuinfo')).out;
    expect(cpu).toMatch(/^processor\t: 0$/m);
    expect(cpu).toMatch(/^model name\t: .+$/m);
    expect((await cat('/proc/meminfo')).out).toMatch(/^MemTotal: +\d+ kB\nMemFree: +\d+ kB\n/);
    expect((await cat('/proc/cmdline')).out).toMatch(/root=/);
    expect((await cat('/proc/stat')).out).toMatch(/^btime \d+$/m);
  });

  it('files are 0444 root and refuse writes: EACCES for users, EIO for root', async () => {
    const p = await kern_path(kernel_ctx(), '/proc/version');
    if (typeof p === 'number') throw new Error(String(p));
    const st = vfs_getattr(p.dentry);
    expect(st.mode).toBe(S_IFREG | 0o444);
    expect(st.uid).toBe(0);
    expect(await kwrite('/proc/version', 'x', USER)).toBe(-EACCES);
    expect(await kwrite('/proc/version', 'x')).toBe(-EIO);
  });
});

describe('entries registered by kernel code', () => {
  it('proc_create with seq_operations: output of many pages, read whole by cat and in small reads', async () => {
    const N = 2000;
    const de = proc_create_seq<number>('seqtest', 0o444, null, {
      start: (_m, pos) => (pos.pos < N ? pos.pos : null),
      next: (_m, _v, pos) => (++pos.pos < N ? pos.pos : null),
      stop: () => {},
      show: (m, v) => seq_printf(m, 'record %d\n', v),
    });
    expect(de).not.toBeNull();
    const want = Array.from({ length: N }, (_, i) => `record ${i}\n`).join('');
    expect(want.length).toBeGreaterThan(4 * 4096);
    expect((await cat('/proc/seqtest')).out).toBe(want);
    expect(await kread('/proc/seqtest', root_cred(), 333)).toBe(want);
    remove_proc_entry('seqtest', null);
  });

  it('proc_create with proc_ops (single_open, a write that validates) in a proc_mkdir directory', async () => {
    let level = 1;
    const dir = proc_mkdir('ptest');
    expect(dir).not.toBeNull();
    const de = proc_create('level', 0o644, dir, {
      proc_open: (_inode, file) => {
        seq_open(file, { start: (_m, pos) => (pos.pos ? null : 1), next: (_m, _v, pos) => (pos.pos++, null), stop: () => {},
          show: (m) => seq_printf(m, 'debug_level=%d\n', level) });
        return 0;
      },
      proc_read: seq_read,
      proc_lseek: seq_lseek,
      proc_release: seq_release,
      proc_write: (_file, buf, count) => {
        const b = new Uint8Array(Math.min(count, 16));
        copy_from_user(b, buf, b.length);
        const v = Number(new TextDecoder().decode(b).trim());
        if (!Number.isInteger(v) || v < 0 || v > 2) return -22;
        level = v;
        return count;
      },
    });
    expect(de).not.toBeNull();
    expect(await kread('/proc/ptest/level')).toBe('debug_level=1\n');
    expect(await kwrite('/proc/ptest/level', '2\n')).toBe(2);
    expect(await kwrite('/proc/ptest/level', '7\n')).toBe(-22);
    expect(await kread('/proc/ptest/level')).toBe('debug_level=2\n');
    expect(await kwrite('/proc/ptest/level', '0', USER)).toBe(-EACCES);
    // A directory listing shows it; the directory is 0555.
    const r = await tm.run(['/bin/ls', '/proc/ptest']);
    expect(r.stdout.trim()).toBe('level');
    const p = await kern_path(kernel_ctx(), '/proc/ptest');
    if (typeof p === 'number') throw new Error(String(p));
    expect(vfs_getattr(p.dentry).mode).toBe(S_IFDIR | 0o555);
    remove_proc_entry('level', dir);
    expect(await kread('/proc/ptest/level')).toBe(-ENOENT);
    remove_proc_entry('ptest', null);
  });

  it('open files of a removed entry read EIO; a duplicate name is refused', async () => {
    proc_create_single_data('gone', 0o444, null, (m) => seq_puts(m, 'here\n'));
    expect(proc_create('gone', 0o444, null, null)).toBeNull();
    const f = await do_filp_open(kernel_ctx(), '/proc/gone', O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    remove_proc_entry('gone', null);
    const caller = { pid: 0, cred: root_cred() };
    expect(await kernel_read(f, new Uint8Array(10), { pos: 0 }, caller)).toBe(-EIO);
    await fput(f, caller);
  });

  it('legacy read_proc that prints the whole (small) file from page[0]; the kernel picks the offset', async () => {
    const de = create_proc_entry('legacy_small', 0o444, null) as ProcDirEntry;
    let calls = 0;
    de.data = 'payload';
    de.read_proc = (page, _start, _off, _count, eof, data) => {
      calls++;
      eof.value = 1;
      return sprintf(page, 'data=%s\n', data);
    };
    expect(await kread('/proc/legacy_small', root_cred(), 5)).toBe('data=payload\n');
    expect(calls).toBeGreaterThan(1);
    remove_proc_entry('legacy_small', null);
  });

  it('legacy read_proc with *start = page: output far bigger than a page, one block per call', async () => {
    const total = 10000;
    const content = Array.from({ length: total }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const de = create_proc_entry('legacy_big', 0o444, null) as ProcDirEntry;
    const offs: number[] = [];
    de.read_proc = (page, start, off, count, eof) => {
      offs.push(off);
      const n = Math.max(0, Math.min(count, total - off));
      page.set(new TextEncoder().encode(content.slice(off, off + n)));
      start.value = 0;
      if (off + n >= total) eof.value = 1;
      return n;
    };
    expect((await cat('/proc/legacy_big')).out).toBe(content);
    // 2.6 asked for PAGE_SIZE - 1024 bytes per call.
    expect(offs.slice(0, 3)).toEqual([0, 3072, 6144]);
    expect(await kread('/proc/legacy_big', root_cred(), 1000)).toBe(content);
    remove_proc_entry('legacy_big', null);
  });

  it('legacy read_proc with the *start = (char *)1 hack: one record per call, the position counts records', async () => {
    const de = create_proc_entry('legacy_records', 0o444, null) as ProcDirEntry;
    de.read_proc = (page, start, off, _count, eof) => {
      if (off >= 5) {
        eof.value = 1;
        return 0;
      }
      start.value = null;
      start.advance = 1;
      return sprintf(page, 'record %d\n', off);
    };
    expect(await kread('/proc/legacy_records')).toBe('record 0\nrecord 1\nrecord 2\nrecord 3\nrecord 4\n');
    remove_proc_entry('legacy_records', null);
  });

  it('legacy write_proc gets the user buffer; without one, writes are EIO', async () => {
    let got = '';
    const de = create_proc_entry('legacy_rw', 0o644, null) as ProcDirEntry;
    de.write_proc = (_file, buffer, count) => {
      const b = new Uint8Array(count);
      if (copy_from_user(b, buffer, count)) return -14;
      got = new TextDecoder().decode(b);
      return count;
    };
    expect(await kwrite('/proc/legacy_rw', 'hello proc')).toBe(10);
    expect(got).toBe('hello proc');
    expect(await kwrite('/proc/legacy_rw', 'x', USER)).toBe(-EACCES);
    // No read_proc: reads are empty, as in 2.6.
    expect(await kread('/proc/legacy_rw')).toBe('');
    de.write_proc = null;
    expect(await kwrite('/proc/legacy_rw', 'x')).toBe(-EIO);
    // Fields set after creation reach the inode (entry->mode / entry->uid as legacy code does).
    de.uid = 1000;
    expect(await kwrite('/proc/legacy_rw', 'x', USER)).toBe(-EIO);
    remove_proc_entry('legacy_rw', null);
  });

  it('proc_symlink makes a link inside /proc', async () => {
    proc_symlink('vlink', null, 'version');
    expect(await kread('/proc/vlink')).toMatch(/^Linux version/);
    remove_proc_entry('vlink', null);
  });
});

describe('/proc/<pid>', () => {
  it('shows a sleeping process: status, stat, cmdline, comm, fd links; it goes when the process does', async () => {
    const { task, exited } = await tm.start(['/bin/sleep', '30'], { cred: USER });
    try {
      await inSyscall(task, __NR_nanosleep);
      const pid = task.pid;
      const status = (await cat(`/proc/${pid}/status`)).out;
      expect(status).toMatch(/^Name:\tsleep\n/);
      expect(status).toMatch(/^State:\tS \(sleeping\)$/m);
      expect(status).toMatch(new RegExp(`^Pid:\\t${pid}$`, 'm'));
      expect(status).toMatch(/^PPid:\t0$/m);
      expect(status).toMatch(/^Uid:\t1000\t1000\t1000\t1000$/m);
      expect(status).toMatch(/^Gid:\t1000\t1000\t1000\t1000$/m);
      expect(status).toMatch(/^Threads:\t1$/m);
      expect(status).toMatch(/^VmSize:\s+\d+ kB$/m);
      const stat = (await kread(`/proc/${pid}/stat`)) as string;
      expect(stat.split(' ').slice(0, 4)).toEqual([String(pid), '(sleep)', 'S', '0']);
      expect(stat.trim().split(' ')).toHaveLength(52);
      expect(await kread(`/proc/${pid}/cmdline`)).toBe('/bin/sleep\u000030\u0000');
      expect(await kread(`/proc/${pid}/comm`)).toBe('sleep\n');
      // environ is the owner's (and root's) only.
      expect(await kread(`/proc/${pid}/environ`)).toMatch(/PATH=/);
      expect(await kread(`/proc/${pid}/environ`, { uid: 1001, gid: 1001, euid: 1001, egid: 1001, groups: [1001] })).toBe(-EACCES);
      // The directory belongs to the process's user.
      const d = await kern_path(kernel_ctx(), `/proc/${pid}`);
      if (typeof d === 'number') throw new Error(String(d));
      const st = vfs_getattr(d.dentry);
      expect(st.mode).toBe(S_IFDIR | 0o555);
      expect(st.uid).toBe(1000);
      // fd/ holds one link per descriptor, naming the file.
      const fd1 = await kern_path(kernel_ctx(), `/proc/${pid}/fd/1`, 0);
      if (typeof fd1 === 'number') throw new Error(String(fd1));
      expect(fd1.dentry.d_inode!.i_op.get_link!(fd1.dentry, { pid: 0 })).toBe('/dev/console');
      expect(await kern_path(kernel_ctx(), `/proc/${pid}/fd/9`, 0)).toBe(-ENOENT);
      const cwd = await kern_path(kernel_ctx(), `/proc/${pid}/cwd`, 0);
      if (typeof cwd === 'number') throw new Error(String(cwd));
      expect(cwd.dentry.d_inode!.i_op.get_link!(cwd.dentry, { pid: 0 })).toBe('/');
      // ls /proc lists it among the entries.
      const ls = await tm.run(['/bin/ls', '/proc']);
      expect(ls.stdout.split(/\s+/)).toContain(String(pid));
      send_sig(SIGKILL, task, 1);
      await exited;
      expect(await kern_path(kernel_ctx(), `/proc/${pid}/status`)).toBe(-ENOENT);
      expect(await kern_path(kernel_ctx(), `/proc/${pid}`)).toBe(-ENOENT);
    } finally {
      send_sig(SIGKILL, task, 1);
      await exited;
    }
  });

  it('fd links of pipes read pipe:[ino]', async () => {
    const r = await tm.run(['/bin/sh', '-c', 'readlink /proc/self/fd/1 | cat']);
    expect(r.stdout).toMatch(/^pipe:\[\d+\]\n$/);
  });

  it('/proc/self is the reader: a process sees its own pid, the kernel none', async () => {
    const { task, exited, since } = await tm.start(['/bin/cat', '/proc/self/status']);
    await exited;
    expect(tm.stdout.slice(since)).toMatch(new RegExp(`^Pid:\\t${task.pid}$`, 'm'));
    expect(tm.stdout.slice(since)).toMatch(/^State:\tR \(running\)$/m);
    expect(await kern_path(kernel_ctx(), '/proc/self', LOOKUP_FOLLOW)).toBe(-ENOENT);
    const r = await tm.run(['/bin/cat', '/proc/self/cmdline']);
    expect(r.stdout).toBe('/bin/cat\u0000/proc/self/cmdline\u0000');
  });
});
