// The machine-wide files of /proc (Linux 2.6's fs/proc/proc_misc.c; today spread over fs/proc/*.c):
// devices, filesystems, mounts, uptime, loadavg, stat, cpuinfo, meminfo, version, cmdline, and the
// emulator's own /proc/emu (system call counts, the memory the kernel holds).
import { chrdev_show } from '../../drivers/char/chrdev.js';
import { filesystems } from '../namespace.js';
import { for_each_process, task_reclaim } from '../../kernel/task.js';
import { host } from '../../kernel/host.js';
import { UTS } from '../../kernel/sys.js';
import { syscall_counts, syscall_name } from '../../kernel/syscall.js';
import { seq_printf, seq_puts, type SeqFile } from '../seq_file.js';
import { proc_create_single, proc_mkdir } from './generic.js';
import { mounts_show } from './proc_namespace.js';
import { uptime_ms, USER_HZ } from './array.js';
import { mm_stats } from '../../kernel/fork.js';

/** The kernel command line /proc/cmdline shows (saved_command_line). */
export const saved_command_line = { value: 'console=ttyS0 root=rootfs rw' };

/** Memory the machine reports in /proc/meminfo: the address spaces of its processes come out of it. */
const MEM_TOTAL_KB = 1024 * 1024;

type Show = (m: SeqFile<unknown>) => void;

const devices_show: Show = (m) => {
  seq_puts(m, 'Character devices:\n' + chrdev_show() + '\nBlock devices:\n');
};

const filesystems_show: Show = (m) => {
  for (const fs of filesystems()) seq_puts(m, `nodev\t${fs.name}\n`);
};

const uptime_show: Show = (m) => {
  const up = uptime_ms() / 1000;
  // Idle time is summed over CPUs, as Linux does; this machine counts every CPU as idle.
  seq_printf(m, '%s %s\n', up.toFixed(2), (up * host().info.cpus).toFixed(2));
};

const loadavg_show: Show = (m) => {
  const tasks = [...for_each_process()].filter((t) => t.exit_state === 'running');
  const running = tasks.filter((t) => !t.in_syscall).length;
  const last = tasks.reduce((a, t) => Math.max(a, t.pid), 0);
  seq_printf(m, '0.00 0.00 0.00 %d/%d %d\n', Math.max(1, running), tasks.length, last);
};

const stat_show: Show = (m) => {
  const cpus = host().info.cpus;
  const idle = Math.round((uptime_ms() / 1000) * USER_HZ);
  seq_printf(m, 'cpu  0 0 0 %d 0 0 0 0 0 0\n', idle * cpus);
  for (let i = 0; i < cpus; i++) seq_printf(m, 'cpu%d 0 0 0 %d 0 0 0 0 0 0\n', i, idle);
  const tasks = [...for_each_process()];
  seq_printf(m, 'intr 0\nctxt 0\nbtime %d\nprocesses %d\nprocs_running %d\nprocs_blocked 0\nsoftirq 0\n',
    Math.floor((host().wallclock() - uptime_ms()) / 1000), tasks.length,
    Math.max(1, tasks.filter((t) => t.exit_state === 'running' && !t.in_syscall).length));
};

const cpuinfo_show: Show = (m) => {
  const { cpus, model } = host().info;
  for (let i = 0; i < cpus; i++) {
    seq_printf(m, 'processor\t: %d\nvendor_id\t: urfs\ncpu family\t: 6\nmodel\t\t: 0\nmodel name\t: %s\n' +
      'stepping\t: 0\ncpu MHz\t\t: 0.000\ncache size\t: 0 KB\nphysical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\n' +
      'cpu cores\t: %d\napicid\t\t: %d\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 0\nwp\t\t: yes\n' +
      'flags\t\t: fpu\nbogomips\t: 0.00\nclflush size\t: 64\ncache_alignment\t: 64\n' +
      'address sizes\t: 48 bits physical, 48 bits virtual\npower management:\n\n', i, model, cpus, i, cpus, i);
  }
};

const meminfo_show: Show = (m) => {
  const used = Math.ceil(mm_stats.bytes / 1024);
  const free = Math.max(0, MEM_TOTAL_KB - used);
  const line = (k: string, v: number) => seq_printf(m, '%-16s%8d kB\n', k + ':', v);
  line('MemTotal', MEM_TOTAL_KB);
  line('MemFree', free);
  line('MemAvailable', free);
  for (const k of ['Buffers', 'Cached', 'SwapCached', 'Active', 'Inactive', 'Unevictable', 'Mlocked']) line(k, 0);
  line('SwapTotal', 0);
  line('SwapFree', 0);
  for (const k of ['Dirty', 'Writeback', 'AnonPages', 'Mapped', 'Shmem', 'Slab']) line(k, k === 'AnonPages' ? used : 0);
};

/**
 * /proc/emu/memory: the task structs on the task list (zombies among them), the address spaces the kernel
 * holds and their bytes; then the tasks reaped and spaces given back since boot, each with how many of
 * them the host has reclaimed since.
 */
const memory_show: Show = (m) => {
  let tasks = 0, zombies = 0;
  for (const t of for_each_process()) {
    tasks++;
    if (t.exit_state === 'zombie') zombies++;
  }
  seq_printf(m, 'tasks %d\nzombies %d\nmm_structs %d\nmm_bytes %d\n', tasks, zombies, mm_stats.nr, mm_stats.bytes);
  seq_printf(m, 'tasks_reaped %d\ntasks_collected %d\nmm_freed %d\nmm_collected %d\n', task_reclaim.released,
    task_reclaim.collected, mm_stats.reclaim.released, mm_stats.reclaim.collected);
};

const version_show: Show = (m) => {
  seq_printf(m, '%s version %s (root@%s) (tsc, TypeScript) %s\n', UTS.sysname, UTS.release, UTS.nodename, UTS.version);
};

const cmdline_show: Show = (m) => {
  seq_printf(m, '%s\n', saved_command_line.value);
};

const syscalls_show: Show = (m) => {
  syscall_counts.forEach((n, nr) => n && seq_printf(m, '%4d %-20s %d\n', nr, syscall_name(nr), n));
};

/** Creates the machine-wide files (proc_misc_init). */
export function proc_misc_init(): void {
  // Linux's /proc/mounts is a link to self/mounts; a plain file here also serves readers in kernel context.
  const files: [string, Show][] = [
    ['devices', devices_show], ['filesystems', filesystems_show], ['mounts', mounts_show], ['uptime', uptime_show],
    ['loadavg', loadavg_show], ['stat', stat_show], ['cpuinfo', cpuinfo_show], ['meminfo', meminfo_show],
    ['version', version_show], ['cmdline', cmdline_show],
  ];
  for (const [name, show] of files) proc_create_single(name, 0o444, null, show);
  const emu = proc_mkdir('emu');
  proc_create_single('syscalls', 0o444, emu, syscalls_show);
  proc_create_single('memory', 0o444, emu, memory_show);
}
