// Boot (init/main.c): start_kernel brings every subsystem up in order, mounts the root file system and
// the pseudo file systems, installs the programs of the image, then starts init.
import { trace_init, type TraceSink } from '../kernel/trace/trace.js';
import type { HostAdapter } from '../host/adapter.js';
import { set_host, host } from '../kernel/host.js';
import { printk_init, pr_info, pr_err } from '../kernel/printk.js';
import { tasks_init, Task } from '../kernel/task.js';
import { namespace_init, register_filesystem, mount_root, do_mount, root_mount } from '../fs/namespace.js';
import { syscall_table_setup, type ExtraSyscalls } from '../kernel/syscall_table.js';
import { chrdev_init } from '../drivers/char/chrdev.js';
import { misc_init } from '../drivers/char/misc.js';
import { chr_dev_init } from '../drivers/char/mem.js';
import { console_init } from '../drivers/tty/console.js';
import { hvc_init } from '../drivers/tty/hvc.js';
import { pipe_init } from '../fs/pipe.js';
import { exit_init } from '../kernel/exit.js';
import { panic_init } from '../kernel/panic.js';
import { workqueue_init } from '../kernel/workqueue.js';
import { timer_init } from '../kernel/timer.js';
import { inode_init } from '../fs/inode.js';
import { devtmpfs_init, devtmpfs_create_node } from '../fs/devtmpfs.js';
import { rootfs_fs_type } from '../fs/rootfs/rootfs.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import { FilesStruct } from '../fs/file.js';
import { do_filp_open, notify_change } from '../fs/open.js';
import { kernel_write } from '../fs/read_write.js';
import { do_mkdir, do_symlink, kern_path, LOOKUP_FOLLOW, type NameiCtx } from '../fs/namei.js';
import { fput } from '../fs/file.js';
import { O_CREAT, O_RDWR, O_TRUNC, O_WRONLY } from '../uapi/fcntl.js';
import { copy_process, start_thread, set_task_size, mm_alloc, mm_stats_init, trace_exec } from '../kernel/fork.js';
import { prepare_binprm } from '../fs/exec.js';
import { UTS } from '../kernel/sys.js';
import { initcalls } from './initcalls.js';
import { sysctl_load_conf } from '../fs/proc/proc_sysctl.js';

/** A file the host puts into the root file system at boot (programs, /etc files, module images). */
export interface ImageFile {
  path: string;
  mode: number;
  content: string | Uint8Array;
  uid?: number;
  gid?: number;
  /** Makes a symlink to `content` instead of a file. */
  symlink?: boolean;
}

export interface BootOptions {
  image: ImageFile[];
  /** Address-space size of each process in bytes. */
  task_size?: number;
  /** System calls the kernel configuration adds (see kernel/syscall_table.ts). */
  extra_syscalls?: ExtraSyscalls;
  hostname?: string;
  /** Every trace record as a line, with every event enabled from boot (emu --trace). */
  trace_sink?: TraceSink | null;
}

let init_task: Task | null = null;

/** A kernel-context walker: root credentials, the real root. */
export function kernel_ctx(): NameiCtx {
  const root = { mnt: root_mount(), dentry: root_mount().mnt_root };
  return { pid: 0, cred: root_cred(), root, pwd: root, umask: 0 };
}

async function mkdir_p(ctx: NameiCtx, path: string, mode: number): Promise<void> {
  let cur = '';
  for (const part of path.split('/').filter(Boolean)) {
    cur += '/' + part;
    const r = await do_mkdir(ctx, cur, mode);
    if (r < 0 && r !== -17) throw new Error(`mkdir ${cur}: ${r}`);
  }
}

/** Writes a file as the kernel (no permission checks apply to root's kernel context but read-only fs). */
export async function kernel_write_file(f: ImageFile): Promise<number> {
  const ctx = kernel_ctx();
  const dir = f.path.slice(0, f.path.lastIndexOf('/')) || '/';
  await mkdir_p(ctx, dir, 0o755);
  if (f.symlink) return do_symlink(ctx, String(f.content), f.path);
  const file = await do_filp_open(ctx, f.path, O_CREAT | O_WRONLY | O_TRUNC, f.mode & 0o7777);
  if (typeof file === 'number') return file;
  const caller = { pid: 0, cred: ctx.cred };
  const data = typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content;
  const n = await kernel_write(file, data, { pos: 0 }, caller);
  await fput(file, caller);
  if (n < 0) return n;
  const p = await kern_path(ctx, f.path, LOOKUP_FOLLOW);
  if (typeof p === 'number') return p;
  return notify_change(ctx, p, { mode: f.mode & 0o7777, uid: f.uid ?? 0, gid: f.gid ?? 0 });
}

export async function start_kernel(h: HostAdapter, opts: BootOptions): Promise<void> {
  set_host(h);
  const t0 = h.now();
  printk_init(() => h.now() - t0, (line) => h.consoleWrite('stderr', new TextEncoder().encode(line)));
  UTS.nodename = opts.hostname ?? 'urfs';
  panic_init();
  trace_init({ sink: opts.trace_sink ?? null });
  tasks_init();
  mm_stats_init();
  namespace_init();
  timer_init();
  workqueue_init();
  inode_init(() => h.wallclock() / 1000);
  syscall_table_setup(opts.extra_syscalls);
  exit_init();
  chrdev_init();
  misc_init();
  pipe_init();
  if (opts.task_size) set_task_size(opts.task_size);
  pr_info(`Linux version ${UTS.release} (urfs emulated kernel) ${UTS.version}`);
  register_filesystem(rootfs_fs_type);
  devtmpfs_init();
  const root = mount_root('rootfs', 'rootfs');
  if (typeof root === 'number') throw new Error(`cannot mount root: ${root}`);
  const ctx = kernel_ctx();
  for (const [d, mode] of [['/bin', 0o755], ['/sbin', 0o755], ['/usr/bin', 0o755], ['/etc', 0o755], ['/dev', 0o755],
    ['/proc', 0o555], ['/sys', 0o555], ['/config', 0o755], ['/tmp', 0o1777], ['/root', 0o700], ['/home', 0o755],
    ['/lib/modules', 0o755], ['/srv', 0o755], ['/var/log', 0o755]] as const) {
    await mkdir_p(ctx, d, mode);
  }
  const devp = await kern_path(ctx, '/dev');
  if (typeof devp === 'number') throw new Error('no /dev');
  do_mount('devtmpfs', devp, 'devtmpfs', 'mode=755');
  console_init();
  hvc_init();
  chr_dev_init();
  devtmpfs_create_node('null', 1, 3, 0o666);
  devtmpfs_create_node('zero', 1, 5, 0o666);
  devtmpfs_create_node('random', 1, 8, 0o666);
  devtmpfs_create_node('urandom', 1, 9, 0o666);
  devtmpfs_create_node('console', 5, 1, 0o620);
  devtmpfs_create_node('tty', 5, 0, 0o666);
  devtmpfs_create_node('ttyS0', 4, 64, 0o620);
  // As udev's static nodes: the standard streams and /dev/fd name the caller's own descriptors.
  for (const [name, target] of [['fd', '/proc/self/fd'], ['stdin', '/proc/self/fd/0'], ['stdout', '/proc/self/fd/1'],
    ['stderr', '/proc/self/fd/2']]) {
    const r = await do_symlink(ctx, target, `/dev/${name}`);
    if (r < 0) pr_err(`/dev/${name}: error ${-r}`);
  }
  for (const call of initcalls) await call(ctx);
  for (const f of opts.image) {
    const r = await kernel_write_file(f);
    if (r < 0) pr_err(`image: cannot install ${f.path}: error ${-r}`);
  }
  // Like the boot scripts of a distribution: apply /etc/sysctl.conf once the image is in place.
  await sysctl_load_conf(ctx);
  await mkdir_p(ctx, '/home/user', 0o755);
  const hp = await kern_path(ctx, '/home/user');
  if (typeof hp !== 'number') await notify_change(ctx, hp, { uid: 1000, gid: 1000 });
  init_task = new Task(0, null, root_cred(), mm_alloc(4096), new FilesStruct(), { root: ctx.root, pwd: ctx.root },
    ['swapper'], [], h.now());
  pr_info('Run /sbin/init as init process');
}

/** The idle task (pid 0): the context of kernel work such as call_usermodehelper. */
export function get_init_task(): Task {
  if (!init_task) throw new Error('kernel not booted');
  return init_task;
}

export interface SpawnOptions {
  argv: string[];
  envp?: string[];
  cred?: Cred;
  cwd?: string;
  /** Paths opened as descriptors 0, 1, 2 (default: console, console, ttyS0). */
  stdio?: [string, string, string];
  parent?: Task | null;
}

/** Starts a process from kernel context (init, usermode helpers, host-attached commands). */
export async function kernel_spawn(o: SpawnOptions): Promise<Task | number> {
  const ctx = kernel_ctx();
  const cred = o.cred ?? root_cred();
  const files = new FilesStruct();
  const stdio = o.stdio ?? ['/dev/console', '/dev/console', '/dev/ttyS0'];
  const caller = { pid: 0, cred };
  // The kernel opens the terminals (as getty would), whoever the process will run as.
  for (let fd = 0; fd < 3; fd++) {
    const f = await do_filp_open(ctx, stdio[fd], O_RDWR, 0);
    if (typeof f === 'number') {
      for (const e of files.fds) if (e) await fput(e.file, caller);
      return f;
    }
    files.fd_install(fd, f);
  }
  const uctx = { ...ctx, cred };
  const bprm = await prepare_binprm(uctx, o.argv[0], o.argv);
  if (typeof bprm === 'number') {
    for (const e of files.fds) if (e) await fput(e.file, caller);
    return bprm;
  }
  let pwd = ctx.root;
  if (o.cwd) {
    const p = await kern_path(uctx, o.cwd);
    if (typeof p !== 'number') pwd = p;
  }
  const envp = o.envp ?? ['PATH=/usr/local/bin:/bin:/sbin:/usr/bin', `HOME=${cred.uid === 0 ? '/root' : '/home/user'}`, 'TERM=dumb'];
  const t = copy_process({ parent: o.parent ?? null, cred, files, fs: { root: ctx.root, pwd }, argv: bprm.argv, envp,
    umask: 0o022 });
  start_thread(t, bprm.entry, bprm.argv, envp);
  trace_exec(t, o.argv[0]);
  return t;
}
