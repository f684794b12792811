// A test program for urfs (installed as /usr/libexec/urfs-test/urfs_probe). Subcommands:
//   malformed           bad messages through the real system calls; prints each errno, then shows the
//                       connection still works
//   limit               registers filters on one connection until refused; prints how far it got
//   flood N             registers a filter, then sends up to N commands without reading a reply; prints
//                       how many were taken and the error of the first refused, then whether one more
//                       is taken after one reply is read
//   sigread [--restart] FILE
//                       reads FILE with a SIGUSR1 handler installed (SA_RESTART with --restart), after
//                       writing its pid to /tmp/sigread.pid; prints "handler ran" from the handler and
//                       "read N" or "read ERRNO" when the read returns
//   filter [-b] [--two] [--off] [--data-pass] NAME PRIO PATH MODE
//                       a ufilter on PATH's subtree; MODE inc (post-read adds 1 to every byte), hang
//                       (pre-read sleeps 2 s before answering), null (pre-read answers at once without
//                       fetching the arguments), slow (post-read prints "in callback" and sleeps 60 s),
//                       holdread / holdwrite (the first post-read / pre-write prints "in callback", writes
//                       the caller's pid to /tmp/NAME.held and waits until /tmp/NAME.release exists, at
//                       most 60 s; later ones answer at once),
//                       stop (pre-read stops with -EPERM), swap:MS
//                       (post-read and pre-write swap the nibbles of every byte after sleeping MS ms),
//                       answer:OP:pre|post:stop|continue:RETV (the callback of operation id OP, e.g.
//                       RFS_REG_FOP_OPEN, answers that, right or wrong); --two registers NAME2 (PRIO+1)
//                       too on the same connection; --off never switches callbacks on; --data-pass
//                       registers with data_policy pass (a missing answer to a data callback passes);
//                       --2007 speaks the 2007 protocol (read, GET_ARGS, write) instead of urfs 2
import {
  open, close, write, read, malloc, HEAP, HEAPV, errno, writeAll, nanosleep_ms, sigaction, dprintf, getpid, readFile,
} from '@urfs/emu-kernel/user/libc';
import { O_RDONLY, O_RDWR, O_NONBLOCK, O_WRONLY, O_CREAT, O_TRUNC } from '@urfs/emu-kernel/uapi/fcntl';
import { strerror, errname, EPERM } from '@urfs/emu-kernel/uapi/errno';
import { SIGTERM, SIGUSR1, SA_RESTART, SA_SIGINFO } from '@urfs/emu-kernel/uapi/signal';
import {
  urfs_open, urfs_close, urfs_main, urfs_filter_alloc, rfs_register_filter, rfs_unregister_filter,
  rfs_set_operations, rfs_set_path, rfs_activate_filter, rfs_deactivate_filter, RFS_REG_FOP_READ, RFS_REG_FOP_WRITE,
  RFS_CONTINUE, RFS_STOP, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, rfs_op_by_name, rfs_op_valid, type rfs_callback,
  type rfs_op_info, type urfs_filter, type urfs_conn,
} from '@urfs/liburfs/index';
import { urfs_background } from '@urfs/liburfs/background';
import {
  URFS_CMD_FILTER_ACTIVATE, URFS_CMD_FILTER_REGISTER, URFS_OMSG_SIZE, urfs_imsg_encode,
} from '@urfs/urfs-kmod/uapi';

function write_file(path: string, text: string): void {
  const fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
  writeAll(fd, text);
  close(fd);
}

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

function flood(n: number): number {
  const fd = open('/dev/urfs', O_RDWR);
  if (fd < 0) return dprintf(2, `open: ${strerror(errno)}\n`), 1;
  const np = malloc(8);
  HEAP.set(new TextEncoder().encode('flood'), np);
  const buf = malloc(64);
  try_write(fd, urfs_imsg_encode({ cmd: URFS_CMD_FILTER_REGISTER, name_ptr: np, name_len: 5, priority: 4343, active: 0,
    policy: 0 }));
  read(fd, buf, URFS_OMSG_SIZE);
  const activate = urfs_imsg_encode({ cmd: URFS_CMD_FILTER_ACTIVATE, ufilter_id: HEAPV.getInt32(buf + 8, true) });
  let taken = 0, refused = 'none';
  for (; taken < n; taken++) {
    const r = try_write(fd, activate);
    if (!r.startsWith('ok')) {
      refused = r;
      break;
    }
  }
  read(fd, buf, URFS_OMSG_SIZE);
  writeAll(1, `taken ${taken}; refused ${refused}; after a read ${try_write(fd, activate)}\n`);
  close(fd);
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

const swap_nibbles = (b: Uint8Array | null) => {
  if (b) for (let i = 0; i < b.length; i++) b[i] = ((b[i] & 0x0f) << 4) | (b[i] >> 4);
};

/** The callbacks of a MODE (see the usage above), or a usage error. */
function make_ops(name: string, mode: string): rfs_op_info[] | string {
  const [kind, ...rest] = mode.split(':');
  switch (kind) {
    case 'inc':
      return [{ op_id: RFS_REG_FOP_READ, post_cb: (_cx, a) => {
        const b = a.args.buf;
        if (b) for (let i = 0; i < b.length; i++) b[i] = (b[i] + 1) & 0xff;
        return RFS_CONTINUE;
      } }];
    case 'hang':
      return [{ op_id: RFS_REG_FOP_READ, pre_cb: () => {
        nanosleep_ms(2000);
        return RFS_CONTINUE;
      } }];
    case 'slow':
      return [{ op_id: RFS_REG_FOP_READ, post_cb: (_cx, a) => {
        writeAll(1, `in callback, ${a.args.buf?.length ?? 0} bytes mapped\n`);
        nanosleep_ms(60000);
        return RFS_CONTINUE;
      } }];
    case 'holdread':
    case 'holdwrite': {
      let held = false;
      const cb: rfs_callback = (cx, a) => {
        if (held) return RFS_CONTINUE;
        held = true;
        writeAll(1, `in callback, ${a.args.buf?.length ?? 0} bytes mapped, caller ${cx.caller.pid}\n`);
        write_file(`/tmp/${name}.held`, `${cx.caller.pid}\n`);
        for (let i = 0; i < 1200 && !readFile(`/tmp/${name}.release`); i++) nanosleep_ms(50);
        return RFS_CONTINUE;
      };
      return [kind === 'holdread' ? { op_id: RFS_REG_FOP_READ, post_cb: cb } : { op_id: RFS_REG_FOP_WRITE, pre_cb: cb }];
    }
    case 'null':
      return [{ op_id: RFS_REG_FOP_READ, pre_cb: () => RFS_CONTINUE }];
    case 'stop':
      return [{ op_id: RFS_REG_FOP_READ, pre_cb: (_cx, a) => {
        a.retv = -EPERM;
        return RFS_STOP;
      } }];
    case 'swap': {
      const ms = Number(rest[0] ?? 0);
      const cb: rfs_callback = (_cx, a) => {
        if (ms > 0) nanosleep_ms(ms);
        swap_nibbles(a.args.buf);
        return RFS_CONTINUE;
      };
      return [{ op_id: RFS_REG_FOP_READ, post_cb: cb }, { op_id: RFS_REG_FOP_WRITE, pre_cb: cb }];
    }
    case 'answer': {
      const [op, call, rv, retv] = rest;
      const op_id = rfs_op_by_name(op ?? '');
      if (!rfs_op_valid(op_id) || (call !== 'pre' && call !== 'post') || (rv !== 'stop' && rv !== 'continue')) {
        return `bad answer mode ${mode}`;
      }
      const cb: rfs_callback = (_cx, a) => {
        a.retv = Number(retv);
        return rv === 'stop' ? RFS_STOP : RFS_CONTINUE;
      };
      return [call === 'pre' ? { op_id, pre_cb: cb } : { op_id, post_cb: cb }];
    }
    default:
      return `unknown mode ${mode}`;
  }
}

function setup(conn: urfs_conn, name: string, prio: number, path: string, mode: string, data_pass: boolean):
  urfs_filter | string {
  const r = rfs_register_filter({ name, priority: prio, active: 0, data_policy: data_pass ? 'pass' : 'default' },
    urfs_filter_alloc(conn).filter!);
  if (r.err || !r.filter) return errname(-r.err);
  const ops = make_ops(name, mode);
  if (typeof ops === 'string') return ops;
  const err = rfs_set_operations(r.filter, ops) ||
    rfs_set_path(r.filter, { path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE }) || rfs_activate_filter(r.filter);
  return err ? errname(-err) : r.filter;
}

async function filter(argv: string[]): Promise<number> {
  const two = argv.includes('--two');
  const off = argv.includes('--off');
  const ready = argv.find((a) => a.startsWith('--ready-fd='));
  const [name, prio, path, mode] = argv.filter((a) => !a.startsWith('-'));
  const { conn } = urfs_open({ debug: argv.includes('-d'), protocol: argv.includes('--2007') ? 1 : 2 });
  if (!conn) return dprintf(2, `open: ${strerror(errno)}\n`), 1;
  const filters: urfs_filter[] = [];
  for (const [n, p] of two ? [[name, Number(prio)], [name + '2', Number(prio) + 1]] as const : [[name, Number(prio)]] as const) {
    const f = setup(conn, n, p, path, mode, argv.includes('--data-pass'));
    if (typeof f === 'string') return dprintf(2, `${n}: ${f}\n`), 1;
    filters.push(f);
  }
  const on_ready = () => {
    writeAll(1, `${name} ready\n`);
    write_file(`/tmp/${name}.pid`, `${getpid()}\n`);
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

function sigread(argv: string[]): number {
  const restart = argv.includes('--restart');
  const file = argv.find((a) => !a.startsWith('-'));
  if (!file) return dprintf(2, 'usage: urfs_probe sigread [--restart] FILE\n'), 2;
  sigaction(SIGUSR1, () => void writeAll(1, 'handler ran\n'), SA_SIGINFO | (restart ? SA_RESTART : 0));
  const fd = open(file, O_RDONLY);
  if (fd < 0) return dprintf(2, `sigread: ${file}: ${strerror(errno)}\n`), 1;
  write_file('/tmp/sigread.pid', `${getpid()}\n`);
  const buf = malloc(4096);
  const n = read(fd, buf, 4096);
  writeAll(1, `read ${n < 0 ? errname(errno) : n}\n`);
  close(fd);
  return 0;
}

export default async function main(argv: string[]): Promise<number> {
  switch (argv[1]) {
    case 'malformed': return malformed();
    case 'limit': return limit();
    case 'sigread': return sigread(argv.slice(2));
    case 'flood': return flood(Number(argv[2] ?? 0));
    case 'filter':
      if (argv.includes('-b')) return urfs_background('urfs_probe', argv.filter((a) => a !== '-b'), '/usr/libexec/urfs-test/urfs_probe');
      return filter(argv.slice(2));
    default:
      dprintf(2, 'usage: urfs_probe malformed | limit | flood N | sigread [--restart] FILE |\n' +
        '  filter [-b] [--two] [--off] [--data-pass] [--2007] NAME PRIO PATH MODE\n');
      return 2;
  }
}
