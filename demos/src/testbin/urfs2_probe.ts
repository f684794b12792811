// A test program for urfs 2 (installed as /usr/libexec/urfs-test/urfs2_probe):
//   urfs2_probe [-b] [-d] [--workers N] NAME PRIO PATH MODE
//     a ufilter on PATH's subtree, served by N processes (default 1). MODE:
//       allow       pre-open allows at once, logging nothing
//       args        logs every pre-callback of the name, attribute and file operations of regular files
//                   and directories with the arguments the event carried, one line each
//       cache       pre-open logs "judged PATH" and answers with the verdict cached: files whose name
//                   ends in .bad are refused (EACCES), others allowed
//       fd          pre-open reads the object through the descriptor the event carries: refuses (EACCES)
//                   a file containing EVIL; logs "scanned PATH fd=N bytes=M"
//       gather:K    pre-open awaits until K callbacks are in flight at once (at most 20 s), then allows;
//                   logs "overlap K" when they were
//       hang        pre-open of a file named hang never answers; others are allowed at once
//       cpu:MS      pre-open spends MS ms of CPU, allows, and logs "scanned PATH" in /tmp/NAME.PID.log (a file
//                   of each serving process's own); a file named hang is never answered
//     Writes its pid to /tmp/NAME.pid once active (-b returns then); each worker creates
//     /tmp/NAME.PID.worker once it serves.
//   urfs2_probe open FILE...
//     opens and closes each FILE; prints "FILE ok" or "FILE ERRNO"
import {
  open, close, read, malloc, free, HEAP, errno, writeAll, dprintf, getpid,
} from '@urfs/emu-kernel/user/libc';
import { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC } from '@urfs/emu-kernel/uapi/fcntl';
import { EACCES, errname, strerror } from '@urfs/emu-kernel/uapi/errno';
import {
  urfs_open, urfs_close, urfs_main, urfs_filter_alloc, urfs_spawn_workers, rfs_register_filter,
  rfs_unregister_filter, rfs_set_operations, rfs_set_path, rfs_activate_filter, rfs_deactivate_filter,
  rfs_op_name, RFS_CONTINUE, RFS_STOP, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_REG_FOP_OPEN, RFS_REG_FOP_READ,
  RFS_REG_FOP_WRITE, RFS_REG_FOP_LLSEEK, RFS_REG_IOP_PERMISSION, RFS_REG_IOP_SETATTR, RFS_DIR_IOP_CREATE,
  RFS_DIR_IOP_MKDIR, RFS_DIR_IOP_MKNOD, RFS_DIR_IOP_UNLINK, RFS_DIR_IOP_RENAME, RFS_DIR_IOP_LINK,
  RFS_DIR_IOP_SYMLINK, type rfs_callback, type rfs_op_info, type rfs_args,
} from '@urfs/liburfs/index';
import { urfs_background } from '@urfs/liburfs/background';

const EXE = '/usr/libexec/urfs-test/urfs2_probe';
const log = (s: string) => void writeAll(1, s + '\n');
const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function args_line(a: rfs_args): string {
  const x = a.args;
  const attr = Object.entries(x.attr).map(([k, v]) => `${k}:${v}`).join(',');
  return `pre ${rfs_op_name(a.type.id)} path=${x.path} name2=${x.name2} f_flags=${x.f_flags} mode=${x.i_mode.toString(8)} ` +
    `pos=${x.pos} count=${x.count} mask=${x.mask} dev=${x.dev} ino=${x.ino} attr=${attr} buf=${x.buf?.length ?? 0}`;
}

function make_ops(name: string, mode: string): rfs_op_info[] | string {
  const [kind, arg] = mode.split(':');
  switch (kind) {
    case 'args': {
      const cb: rfs_callback = (cx, a) => {
        log(`${args_line(a)} pid=${cx.caller.pid} uid=${cx.caller.uid} gid=${cx.caller.gid} comm=${cx.caller.comm}`);
        return RFS_CONTINUE;
      };
      return [RFS_REG_FOP_OPEN, RFS_REG_FOP_READ, RFS_REG_FOP_WRITE, RFS_REG_FOP_LLSEEK, RFS_REG_IOP_PERMISSION,
        RFS_REG_IOP_SETATTR, RFS_DIR_IOP_CREATE, RFS_DIR_IOP_MKDIR, RFS_DIR_IOP_MKNOD, RFS_DIR_IOP_UNLINK,
        RFS_DIR_IOP_RENAME, RFS_DIR_IOP_LINK, RFS_DIR_IOP_SYMLINK].map((op_id) => ({ op_id, pre_cb: cb }));
    }
    case 'allow':
      return [{ op_id: RFS_REG_FOP_OPEN, pre_cb: () => RFS_CONTINUE }];
    case 'cache':
      return [{ op_id: RFS_REG_FOP_OPEN, pre_cb: (_cx, a) => {
        log(`judged ${a.args.path}`);
        a.cache = true;
        if (!a.args.path.endsWith('.bad')) return RFS_CONTINUE;
        a.retv = -EACCES;
        return RFS_STOP;
      } }];
    case 'fd':
      return [{ op_id: RFS_REG_FOP_OPEN, object_fd: true, pre_cb: (_cx, a) => {
        const buf = malloc(4096);
        const n = read(a.args.fd, buf, 4096);
        const text = n > 0 ? new TextDecoder().decode(HEAP.subarray(buf, buf + n)) : '';
        free(buf);
        log(`scanned ${a.args.path} fd=${a.args.fd} bytes=${n}`);
        if (!text.includes('EVIL')) return RFS_CONTINUE;
        a.retv = -EACCES;
        return RFS_STOP;
      } }];
    case 'gather': {
      const k = Number(arg);
      let inflight = 0;
      const waiters: (() => void)[] = [];
      return [{ op_id: RFS_REG_FOP_OPEN, pre_cb: async () => {
        inflight++;
        if (inflight === k) {
          log(`overlap ${k}`);
          for (const w of waiters.splice(0)) w();
        } else {
          await new Promise<void>((r) => {
            waiters.push(r);
            setTimeout(r, 20_000);
          });
        }
        inflight--;
        return RFS_CONTINUE;
      } }];
    }
    case 'hang':
      return [{ op_id: RFS_REG_FOP_OPEN, pre_cb: (_cx, a) =>
        base(a.args.path) === 'hang' ? new Promise<typeof RFS_CONTINUE>(() => undefined) : RFS_CONTINUE }];
    case 'cpu': {
      const ms = Number(arg);
      let fd = -1;
      return [{ op_id: RFS_REG_FOP_OPEN, pre_cb: (_cx, a) => {
        if (base(a.args.path) === 'hang') return new Promise<typeof RFS_CONTINUE>(() => undefined);
        // The scanner's work: computation only. (clock_ms is a system call here; Linux's clock_gettime goes
        // through the vDSO and enters no kernel, which performance.now() stands for.)
        const end = performance.now() + ms;
        while (performance.now() < end) { /* scanning */ }
        if (fd < 0) fd = open(`/tmp/${name}.${getpid()}.log`, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
        writeAll(fd, `scanned ${a.args.path}\n`);
        return RFS_CONTINUE;
      } }];
    }
    default:
      return `unknown mode ${mode}`;
  }
}

async function filter(argv: string[]): Promise<number> {
  const wi = argv.indexOf('--workers');
  const workers = wi >= 0 ? Number(argv[wi + 1]) : 1;
  const ready = argv.find((a) => a.startsWith('--ready-fd='));
  const rest = argv.filter((a, i) => !a.startsWith('-') && !(wi >= 0 && i === wi + 1));
  const [name, prio, path, mode] = rest;
  if (!mode || !Number.isInteger(workers) || workers < 1) return dprintf(2, 'usage: urfs2_probe [-b] [-d] [--workers N] NAME PRIO PATH MODE\n'), 2;
  const ops = make_ops(name, mode);
  if (typeof ops === 'string') return dprintf(2, `urfs2_probe: ${ops}\n`), 2;
  const { err, conn } = urfs_open({ debug: argv.includes('-d') });
  if (!conn) return dprintf(2, `urfs2_probe: /dev/urfs: ${strerror(-err)}\n`), 1;
  const r = rfs_register_filter({ name, priority: Number(prio), active: 0 }, urfs_filter_alloc(conn).filter!);
  if (r.err || !r.filter) return dprintf(2, `urfs2_probe: register: ${r.err}\n`), 1;
  const f = r.filter;
  const e = rfs_set_operations(f, ops) || rfs_set_path(f, { path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE }) ||
    rfs_activate_filter(f);
  if (e) return dprintf(2, `urfs2_probe: set-up: ${e}\n`), 1;
  if (workers > 1) {
    const args = argv.filter((a) => !a.startsWith('--ready-fd='));
    const pids = urfs_spawn_workers(conn, workers - 1, EXE, ['urfs2_probe', ...args]);
    if (typeof pids === 'number') return dprintf(2, `urfs2_probe: workers: ${strerror(-pids)}\n`), 1;
  }
  const on_ready = () => {
    if (conn.worker) {
      const fd = open(`/tmp/${name}.${getpid()}.worker`, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
      close(fd);
      return;
    }
    const fd = open(`/tmp/${name}.pid`, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
    writeAll(fd, `${getpid()}\n`);
    close(fd);
    log(`${name} ready`);
    if (ready) {
      const rfd = Number(ready.slice(11));
      writeAll(rfd, 'ok\n');
      close(rfd);
    }
  };
  const ret = await urfs_main(conn, f, { on_ready });
  rfs_deactivate_filter(f);
  rfs_unregister_filter(f);
  urfs_close(conn);
  return ret ? 1 : 0;
}

function open_files(files: string[]): number {
  for (const file of files) {
    const fd = open(file, O_RDONLY);
    log(`${file} ${fd < 0 ? errname(errno) : 'ok'}`);
    if (fd >= 0) close(fd);
  }
  return 0;
}

export default async function main(argv: string[]): Promise<number> {
  if (argv[1] === 'open') return open_files(argv.slice(2));
  const args = argv.slice(1);
  if (args.includes('-b')) return urfs_background('urfs2_probe', argv.filter((a) => a !== '-b'), EXE);
  return filter(args);
}
