// A test program for urfs (installed as /usr/libexec/urfs-test/urfs_probe). Subcommands:
//   malformed           bad messages through the real system calls; prints each errno, then shows the
//                       connection still works
//   limit               registers filters on one connection until refused; prints how far it got
//   filter [-b] [--two] [--off] NAME PRIO PATH MODE
//                       a ufilter on PATH's subtree; MODE inc (post-read adds 1 to every byte), hang
//                       (post-read sleeps 2 s before answering), null (pre-read
//                       answers at once without fetching the arguments), slow (post-read prints "in callback" and
//                       sleeps 60 s), stop (pre-read stops with -EPERM); --two registers NAME2 (PRIO+1) too
//                       on the same connection; --off never switches callbacks on
import {
  open, close, write, read, malloc, HEAP, HEAPV, errno, writeAll, nanosleep_ms, sigaction, dprintf, getpid,
} from '@urfs/emu-kernel/user/libc';
import { O_RDWR, O_NONBLOCK, O_WRONLY, O_CREAT, O_TRUNC } from '@urfs/emu-kernel/uapi/fcntl';
import { strerror, errname, EPERM } from '@urfs/emu-kernel/uapi/errno';
import { SIGTERM } from '@urfs/emu-kernel/uapi/signal';
import {
  urfs_open, urfs_close, urfs_main, urfs_filter_alloc, rfs_register_filter, rfs_unregister_filter,
  rfs_set_operations, rfs_set_path, rfs_activate_filter, rfs_deactivate_filter, RFS_REG_FOP_READ, RFS_CONTINUE,
  RFS_STOP, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, type rfs_callback, type urfs_filter, type urfs_conn,
} from '@urfs/liburfs/index';
import {
  URFS_CMD_FILTER_ACTIVATE, URFS_CMD_FILTER_REGISTER, URFS_OMSG_SIZE, urfs_imsg_encode,
} from '@urfs/urfs-kmod/uapi';
import { demo_background } from '../daemon.js';

function try_write(fd: number, b: Uint8Array): string {
  const p = malloc(b.length + 1);
  HEAP.set(b, p);
  const r = write(fd, p, b.length);
  return r < 0 ? errname(errno) : `ok ${r}`;
}

function malformed(): number {
  const fd = open('/dev/urfs', O_RDWR | O_NONBLOCK);
  if (fd < 0) return dprintf(2, `open: ${strerror(errno)}\n`), 1;
  const out: string[] = [];
  out.push(`short ${try_write(fd, new Uint8Array([1, 0, 0]))}`);
  const unknown = new Uint8Array(8);
  unknown[0] = 77;
  out.push(`unknown ${try_write(fd, unknown)}`);
  const wrongsize = urfs_imsg_encode({ cmd: URFS_CMD_FILTER_ACTIVATE, ufilter_id: 0 });
  out.push(`wrongsize ${try_write(fd, new Uint8Array([...wrongsize, 0, 0, 0, 0]))}`);
  out.push(`oversize ${try_write(fd, new Uint8Array(100))}`);
  out.push(`badid ${try_write(fd, urfs_imsg_encode({ cmd: URFS_CMD_FILTER_ACTIVATE, ufilter_id: 5 }))}`);
  out.push(`wild ${try_write(fd, urfs_imsg_encode({ cmd: URFS_CMD_FILTER_REGISTER, name_ptr: 0x7ffffff0, name_len: 64,
    priority: 1, active: 0, policy: 0 }))}`);
  const buf = malloc(64);
  const r1 = read(fd, buf, 8);
  out.push(`smallread ${r1 < 0 ? errname(errno) : r1}`);
  const r2 = read(fd, buf, URFS_OMSG_SIZE);
  out.push(`emptyread ${r2 < 0 ? errname(errno) : r2}`);
  // The connection still works: a real registration.
  const name = new TextEncoder().encode('probe');
  const np = malloc(8);
  HEAP.set(name, np);
  out.push(`register ${try_write(fd, urfs_imsg_encode({ cmd: URFS_CMD_FILTER_REGISTER, name_ptr: np, name_len: 5,
    priority: 4242, active: 0, policy: 0 }))}`);
  const r3 = read(fd, buf, URFS_OMSG_SIZE);
  out.push(`reply ${r3} cmd ${HEAPV.getUint32(buf, true)} err ${HEAPV.getInt32(buf + 4, true)} id ${HEAPV.getInt32(buf + 8, true)}`);
  close(fd);
  writeAll(1, out.join('\n') + '\n');
  return 0;
}

function limit(): number {
  const { conn } = urfs_open();
  if (!conn) return dprintf(2, `open: ${strerror(errno)}\n`), 1;
  let n = 0;
  for (;;) {
    const r = rfs_register_filter({ name: `lim${n}`, priority: 7000 + n, active: 0 }, urfs_filter_alloc(conn).filter!);
    if (r.err) {
      writeAll(1, `registered ${n}; refused ${errname(-r.err)}\n`);
      break;
    }
    n++;
  }
  urfs_close(conn);
  return 0;
}

function make_cb(mode: string): { op: 'pre' | 'post'; cb: rfs_callback } {
  switch (mode) {
    case 'inc':
      return { op: 'post', cb: (_cx, a) => {
        const b = a.args.buf;
        if (b) for (let i = 0; i < b.length; i++) b[i] = (b[i] + 1) & 0xff;
        return RFS_CONTINUE;
      } };
    case 'hang':
      return { op: 'post', cb: () => {
        nanosleep_ms(2000);
        return RFS_CONTINUE;
      } };
    case 'slow':
      return { op: 'post', cb: (_cx, a) => {
        writeAll(1, `in callback, ${a.args.buf?.length ?? 0} bytes mapped\n`);
        nanosleep_ms(60000);
        return RFS_CONTINUE;
      } };
    case 'null':
      return { op: 'pre', cb: () => RFS_CONTINUE };
    default:
      return { op: 'pre', cb: (_cx, a) => {
        a.retv = -EPERM;
        return RFS_STOP;
      } };
  }
}

function setup(conn: urfs_conn, name: string, prio: number, path: string, mode: string): urfs_filter | number {
  const r = rfs_register_filter({ name, priority: prio, active: 0 }, urfs_filter_alloc(conn).filter!);
  if (r.err || !r.filter) return r.err;
  const { op, cb } = make_cb(mode);
  const err = rfs_set_operations(r.filter, [{ op_id: RFS_REG_FOP_READ, [`${op}_cb`]: cb }]) ||
    rfs_set_path(r.filter, { path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE }) || rfs_activate_filter(r.filter);
  return err || r.filter;
}

async function filter(argv: string[]): Promise<number> {
  const two = argv.includes('--two');
  const off = argv.includes('--off');
  const ready = argv.find((a) => a.startsWith('--ready-fd='));
  const [name, prio, path, mode] = argv.filter((a) => !a.startsWith('-'));
  const { conn } = urfs_open({ debug: argv.includes('-d') });
  if (!conn) return dprintf(2, `open: ${strerror(errno)}\n`), 1;
  const filters: urfs_filter[] = [];
  for (const [n, p] of two ? [[name, Number(prio)], [name + '2', Number(prio) + 1]] as const : [[name, Number(prio)]] as const) {
    const f = setup(conn, n, p, path, mode);
    if (typeof f === 'number') return dprintf(2, `${n}: ${errname(-f)}\n`), 1;
    filters.push(f);
  }
  const on_ready = () => {
    writeAll(1, `${name} ready\n`);
    const pf = open(`/tmp/${name}.pid`, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
    writeAll(pf, `${getpid()}\n`);
    close(pf);
    if (ready) {
      const fd = Number(ready.slice(11));
      writeAll(fd, 'ok\n');
      close(fd);
    }
  };
  if (off) {
    let stop = false;
    sigaction(SIGTERM, () => (stop = true));
    on_ready();
    while (!stop) nanosleep_ms(1000);
  } else {
    await urfs_main(conn, null, { on_ready });
  }
  for (const f of filters) {
    rfs_deactivate_filter(f);
    rfs_unregister_filter(f);
  }
  urfs_close(conn);
  return 0;
}

export default async function main(argv: string[]): Promise<number> {
  switch (argv[1]) {
    case 'malformed': return malformed();
    case 'limit': return limit();
    case 'filter':
      if (argv.includes('-b')) return demo_background('urfs_probe', argv.filter((a) => a !== '-b'), '/usr/libexec/urfs-test/urfs_probe');
      return filter(argv.slice(2));
    default:
      dprintf(2, 'usage: urfs_probe malformed | limit | filter [-b] [--two] [--off] NAME PRIO PATH MODE\n');
      return 2;
  }
}
