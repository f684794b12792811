// Built-in subsystems that come up at boot after the root and /dev are mounted (Linux's fs_initcall,
// device_initcall...), in order. Each mounts its file system or registers its devices.
import type { NameiCtx } from '../fs/namei.js';
import { kern_path, LOOKUP_FOLLOW } from '../fs/namei.js';
import { do_mount } from '../fs/namespace.js';
import { proc_root_init } from '../fs/proc/root.js';
import { proc_misc_init } from '../fs/proc/proc_misc.js';
import { sysfs_init } from '../fs/sysfs/mount.js';
import { sysfs_create_mount_point } from '../fs/sysfs/dir.js';
import { kernel_kobj, kobject_roots_init } from '../lib/kobject.js';
import { debugfs_init } from '../fs/debugfs/inode.js';
import { configfs_init } from '../fs/configfs/mount.js';
import { tracefs_init } from '../fs/tracefs/inode.js';
import { debugfs_create_dir } from '../fs/debugfs/inode.js';
import { tracer_init_tracefs } from '../kernel/trace/trace_fs.js';
import { event_trace_init } from '../kernel/trace/trace_events_fs.js';
import { modules_reset } from '../kernel/module.js';
import { param_sysfs_init } from '../kernel/module_sysfs.js';
import { proc_modules_init } from '../kernel/module_procfs.js';
import { syslog_init } from '../kernel/printk/syslog.js';
import { proc_sys_init } from '../fs/proc/proc_sysctl.js';
import { sock_init } from '../net/socket.js';
import { netlink_proto_init } from '../net/netlink/af_netlink.js';
import { genl_init } from '../net/netlink/genetlink.js';
import { inet_init } from '../net/ipv4/udp.js';
import { af_unix_init } from '../net/unix/af_unix.js';

export type Initcall = (ctx: NameiCtx) => Promise<void> | void;

/** Mounts a pseudo file system at boot; a failure here is a broken kernel, not a user error. */
async function kern_mount(ctx: NameiCtx, fstype: string, where: string, opts: string): Promise<void> {
  const p = await kern_path(ctx, where, LOOKUP_FOLLOW);
  if (typeof p === 'number') throw new Error(`cannot mount ${fstype}: ${where}: error ${-p}`);
  const r = do_mount(fstype, p, fstype, opts);
  if (r) throw new Error(`cannot mount ${fstype} on ${where}: error ${-r}`);
}

export const initcalls: Initcall[] = [
  // fs_initcall: procfs and sysfs with the kobjects at the top of /sys.
  async (ctx) => {
    proc_root_init();
    proc_misc_init();
    await kern_mount(ctx, 'proc', '/proc', 'nosuid,nodev,noexec,relatime');
  },
  // sysctl: /proc/sys and the kernel's own tables.
  () => proc_sys_init(),
  async (ctx) => {
    sysfs_init();
    kobject_roots_init();
    await kern_mount(ctx, 'sysfs', '/sys', 'nosuid,nodev,noexec,relatime');
  },
  async (ctx) => {
    debugfs_init();
    sysfs_create_mount_point(kernel_kobj, 'debug');
    await kern_mount(ctx, 'debugfs', '/sys/kernel/debug', 'nosuid,nodev,noexec,relatime');
  },
  // tracefs on /sys/kernel/tracing, and on debugfs's tracing directory as Linux automounts it.
  async (ctx) => {
    tracefs_init();
    tracer_init_tracefs(null);
    event_trace_init(null);
    sysfs_create_mount_point(kernel_kobj, 'tracing');
    await kern_mount(ctx, 'tracefs', '/sys/kernel/tracing', 'nosuid,nodev,noexec,relatime');
    debugfs_create_dir('tracing', null);
    await kern_mount(ctx, 'tracefs', '/sys/kernel/debug/tracing', 'nosuid,nodev,noexec,relatime');
  },
  async (ctx) => {
    configfs_init();
    sysfs_create_mount_point(kernel_kobj, 'config');
    await kern_mount(ctx, 'configfs', '/config', 'nosuid,nodev,noexec,relatime');
  },
  // The module loader: /sys/module and /proc/modules.
  () => {
    modules_reset();
    param_sysfs_init();
    proc_modules_init();
    syslog_init();
  },
  // core_initcall sock_init, then the socket families built in.
  () => sock_init([netlink_proto_init, genl_init, inet_init, af_unix_init]),
];
