// Loading programs (fs/exec.c with binfmt_emu and binfmt_script). A program file on this machine starts
// with the magic "\x7fEMU " and the URL of the JavaScript module holding its main, the way an ELF file
// starts with "\x7fELF"; "#!" scripts run their interpreter.
import { E2BIG, EACCES, EFAULT, ENOEXEC, ENOENT, ELOOP, EINVAL, ENAMETOOLONG } from '../uapi/errno.js';
import { S_ISREG } from '../uapi/stat.js';
import { O_RDONLY } from '../uapi/fcntl.js';
import type { Task } from '../kernel/task.js';
import { kern_path, inode_permission, MAY_EXEC, LOOKUP_FOLLOW, PATH_MAX, type NameiCtx } from './namei.js';
import type { Path } from './fs.js';
import { vfs_open } from './open.js';
import { kernel_read } from './read_write.js';
import { fput, FilesStruct } from './file.js';
import { nctx, vcaller } from './fs_struct.js';
import { UserPtr, copy_from_user, strndup_user } from '../mm/uaccess.js';
import { copy_process, start_thread, task_size, mm_alloc, mmput, trace_exec } from '../kernel/fork.js';
import { NORETURN } from '../kernel/syscall.js';
import { EBADF } from '../uapi/errno.js';
import { CTRL_BYTES } from '../uapi/syscall_abi.js';
import { exit_mmap } from '../mm/mmap.js';
import { get_file, filp_close } from './file.js';

export const BINFMT_EMU_MAGIC = '\x7fEMU ';
const MAX_ARG_STRLEN = 131072;
const MAX_ARGS = 4096;
const BINPRM_BUF_SIZE = 512;

export interface Binprm {
  /** URL of the module to run. */
  entry: string;
  argv: string[];
}

/** The mount was made noexec (proc, sysfs, debugfs, tracefs...). */
function path_noexec(p: Path): boolean {
  return p.mnt.mnt_opts.split(',').includes('noexec');
}

/** Resolves `filename` to something runnable: a binfmt_emu image, or a script's interpreter. */
export async function prepare_binprm(ctx: NameiCtx, filename: string, argv: string[], depth = 0): Promise<Binprm | number> {
  if (depth > 4) return -ELOOP;
  const p = await kern_path(ctx, filename, LOOKUP_FOLLOW);
  if (typeof p === 'number') return p;
  const inode = p.dentry.d_inode!;
  // do_open_execat: only a regular file, and none on a mount that forbids running programs.
  if (!S_ISREG(inode.i_mode) || path_noexec(p)) return -EACCES;
  const perm = await inode_permission(ctx, inode, p.dentry, MAY_EXEC, p);
  if (perm) return perm;
  const caller = { pid: ctx.pid, cred: ctx.cred, path: p };
  const f = await vfs_open(p, O_RDONLY, ctx.cred, caller);
  if (typeof f === 'number') return f;
  const buf = new Uint8Array(BINPRM_BUF_SIZE);
  const n = await kernel_read(f, buf, { pos: 0 }, caller);
  await fput(f, caller);
  if (n < 0) return n;
  const head = new TextDecoder().decode(buf.subarray(0, n));
  const line = head.split('\n')[0];
  if (line.startsWith(BINFMT_EMU_MAGIC)) {
    const entry = line.slice(BINFMT_EMU_MAGIC.length).trim();
    if (!entry) return -ENOEXEC;
    return { entry, argv };
  }
  if (line.startsWith('#!')) {
    const m = /^#!\s*(\S+)(?:\s+(.*\S))?/.exec(line);
    if (!m) return -ENOEXEC;
    const interp = [m[1], ...(m[2] ? [m[2]] : []), filename, ...argv.slice(1)];
    return prepare_binprm(ctx, m[1], interp, depth + 1);
  }
  return -ENOEXEC;
}

/** Reads a NULL-terminated array of string pointers (argv, envp). */
export function copy_strings(task: Task, addr: number): string[] | number {
  if (!addr) return [];
  const out: string[] = [];
  const b = new Uint8Array(8);
  for (let i = 0; ; i++) {
    if (i >= MAX_ARGS) return -E2BIG;
    if (copy_from_user(b, new UserPtr(task.mm, addr + i * 8), 8)) return -EFAULT;
    const p = Number(new DataView(b.buffer).getBigUint64(0, true));
    if (!p) return out;
    const s = strndup_user(new UserPtr(task.mm, p), MAX_ARG_STRLEN, E2BIG);
    if (typeof s === 'number') return s;
    out.push(s);
  }
}

/** The path, argv and envp of an execve or spawn, copied from user space; -errno for a bad one. */
function copy_exec_args(task: Task, filename: number, argvp: number, envpp: number):
  { name: string; argv: string[]; envp: string[] } | number {
  const name = strndup_user(new UserPtr(task.mm, filename), PATH_MAX, ENAMETOOLONG);
  if (typeof name === 'number') return name;
  const argv = copy_strings(task, argvp);
  if (typeof argv === 'number') return argv;
  const envp = copy_strings(task, envpp);
  if (typeof envp === 'number') return envp;
  return { name, argv, envp };
}

/** execve(2): replaces the program of the calling process; never returns on success. */
export async function sys_execve(task: Task, filename: number, argvp: number, envpp: number): Promise<number | typeof NORETURN> {
  const args = copy_exec_args(task, filename, argvp, envpp);
  if (typeof args === 'number') return args;
  const { name, argv, envp } = args;
  const bprm = await prepare_binprm(nctx(task), name, argv.length ? argv : [name]);
  if (typeof bprm === 'number') return bprm;
  if (task.exit_state !== 'running') return NORETURN;
  // Point of no return: the old thread goes, close-on-exec descriptors close, a fresh address space.
  const old = task.thread;
  task.thread = null;
  task.ctrl_i32 = new Int32Array(new SharedArrayBuffer(CTRL_BYTES));
  old?.terminate();
  const caller = vcaller(task);
  for (let fd = 0; fd < task.files.fds.length; fd++) {
    const e = task.files.entry(fd);
    if (e?.cloexec) {
      task.files.remove(fd);
      await filp_close(e.file, caller);
    }
  }
  const old_mm = task.mm;
  exit_mmap(task);
  for (const hook of task.exit_hooks.splice(0)) hook();
  task.mm = mm_alloc(task_size);
  mmput(old_mm);
  task.sighand = task.sighand.map((a) => (a.handler > 1 ? { handler: 0, flags: 0, mask: 0n } : a));
  start_thread(task, bprm.entry, bprm.argv, envp);
  trace_exec(task, name);
  return NORETURN;
}

/**
 * Not Linux (emu_spawn): fork + execve in one call. `fdmap` holds `nfds` int32s: descriptor i of the
 * child is descriptor fdmap[i] of the parent (-1: closed). Returns the child's pid.
 */
export async function sys_emu_spawn(task: Task, filename: number, argvp: number, envpp: number, fdmap: number,
  nfds: number): Promise<number> {
  const args = copy_exec_args(task, filename, argvp, envpp);
  if (typeof args === 'number') return args;
  const { name, argv, envp } = args;
  if (nfds < 0 || nfds > task.files.max) return -EINVAL;
  const map = new Uint8Array(nfds * 4);
  if (nfds && copy_from_user(map, new UserPtr(task.mm, fdmap))) return -EFAULT;
  const mv = new DataView(map.buffer);
  const files = new FilesStruct(task.files.max);
  for (let i = 0; i < nfds; i++) {
    const src = mv.getInt32(i * 4, true);
    if (src < 0) continue;
    const f = task.files.lookup_fd_raw(src);
    if (!f) {
      for (const e of files.fds) if (e) e.file.f_count--;
      return -EBADF;
    }
    files.fd_install(i, get_file(f));
  }
  const bprm = await prepare_binprm(nctx(task), name, argv.length ? argv : [name]);
  if (typeof bprm === 'number' || task.exit_state !== 'running') {
    const caller = vcaller(task);
    for (const e of files.fds) if (e) await fput(e.file, caller);
    return typeof bprm === 'number' ? bprm : -ENOENT;
  }
  const child = copy_process({ parent: task, cred: task.cred, files, fs: task.fs, argv: bprm.argv, envp,
    umask: task.umask });
  start_thread(child, bprm.entry, bprm.argv, envp);
  trace_exec(child, name);
  return child.pid;
}
