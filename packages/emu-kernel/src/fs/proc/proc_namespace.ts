// /proc/mounts and /proc/<pid>/mounts (fs/proc_namespace.c): one line per mount,
// "device mountpoint type options 0 0", with blanks in names escaped as octal.
import { d_path } from '../namei.js';
import { mounts } from '../namespace.js';
import type { VfsMount } from '../fs.js';
import { seq_puts, type SeqFile } from '../seq_file.js';

function mangle(s: string): string {
  return s.replace(/[ \t\n\\]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

/** The options column: rw or ro first, then what the mount was given. */
export function mount_options(m: VfsMount): string {
  const opts = m.mnt_opts.split(',').filter((o) => o && o !== 'rw' && o !== 'ro');
  const ro = m.mnt_sb.s_readonly || m.mnt_opts.split(',').includes('ro');
  return [ro ? 'ro' : 'rw', ...opts].join(',');
}

export function mounts_show(m: SeqFile<unknown>): void {
  for (const mnt of mounts()) {
    const dir = d_path({ mnt, dentry: mnt.mnt_root });
    seq_puts(m, `${mangle(mnt.mnt_devname || 'none')} ${mangle(dir)} ${mnt.mnt_fstype} ${mount_options(mnt)} 0 0\n`);
  }
}
