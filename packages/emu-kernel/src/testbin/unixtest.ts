// unixtest MODE [ARGS]: AF_UNIX sockets from user space, one "key=value" line per result.
//   stream DIR      bind/listen/connect/accept at DIR/s, bytes both ways, names, options, errors, hang-up
//   dgram DIR       boundaries, MSG_TRUNC, sender addresses, autobind, a full receiver, EAGAIN
//   seqpacket       boundaries and MSG_TRUNC on a pair, end of file after the peer closes
//   rights FILE     SCM_RIGHTS: a passed descriptor reads FILE; unreceived and cyclic ones are released
//   abstract        abstract names, autobind by SO_PASSCRED on connect
//   block           a blocking writer waits for a reader (a child process) to drain the queue
//   reader          (the child of block) reads stdin to end of file, reports the byte count
//   speed MiB       MiB through a stream socketpair, then a pipe, to a reader process: MB/s of each
//   more            ECONNRESET, MSG_WAITALL at end of file, SCM_CREDENTIALS, a datagram peer gone,
//                   AF_UNSPEC, MSG_CMSG_CLOEXEC, too many descriptors, a full backlog
//   sigpipe         a write to a closed peer kills with SIGPIPE; with MSG_NOSIGNAL it is EPIPE
//   serve PATH      binds and listens at PATH, says ready=1, accepts one connection, reports its peer
//   connect PATH    connects to PATH, reports the result
//   backlog PATH FIFO  listens at PATH with backlog 0 and fills it, says ready=1, accepts two connections
//                   once it has read a few bytes from FIFO
//   bind PATH       binds at PATH and exits (the socket inode stays)
//   help            usage
import {
  socket, bind, listen, accept, accept4, connect, close, read, write, malloc, free, HEAP, stat, open, unlink,
  getsockname, getpeername, getsockopt, getsockopt_int, setsockopt_int, sendto, recvfrom, sendmsg, recvmsg,
  socketpair, shutdown, poll, fcntl, signal, spawn, waitpid, writeAll, readBytes, pipe, umask, getpid,
  errno, set_errno, SIG_DFL, clock_ms, calloc, HEAPV, syscall, type PollFd,
} from '../user/libc.js';
import {
  AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_NONBLOCK, SOCK_CLOEXEC, SOL_SOCKET, SO_TYPE, SO_ERROR,
  SO_SNDBUF, SO_PEERCRED, SO_PASSCRED, SO_ACCEPTCONN, MSG_DONTWAIT, MSG_TRUNC, MSG_PEEK, MSG_NOSIGNAL, SHUT_WR, MSG_WAITALL,
  MSG_CMSG_CLOEXEC, SCM_CREDENTIALS, CMSG_LEN, CMSG_SPACE, UCRED_SIZE,
} from '../uapi/socket.js';
import { sockaddr_un, sockaddr_un_read } from '../uapi/un.js';
import { O_RDONLY, O_NONBLOCK, F_SETFL, F_GETFD } from '../uapi/fcntl.js';
import { POLLIN, POLLOUT, POLLHUP, POLLRDHUP } from '../uapi/poll.js';
import { S_ISSOCK } from '../uapi/stat.js';
import { __NR_sendmsg, __NR_recvmsg } from '../uapi/unistd.js';
import { SIGPIPE, SIG_IGN } from '../uapi/signal.js';
import { check, report } from './lib/report.js';

const enc = new TextEncoder(), dec = new TextDecoder();
const txt = (b: Uint8Array | null | undefined): string => (b ? dec.decode(b) : 'null');
const name = (a: Uint8Array | null): string => (a ? JSON.stringify(sockaddr_un_read(a).name) + `/${a.length}` : 'null');

function wr(fd: number, s: string): number {
  return writeAll(fd, s);
}
function rd(fd: number, max: number): string {
  const b = readBytes(fd, max);
  return b ? dec.decode(b) : 'ERR';
}
function events(fd: number): number {
  const p: PollFd[] = [{ fd, events: POLLIN | POLLOUT | POLLRDHUP }];
  poll(p, 0);
  return p[0].revents ?? 0;
}
function sock(type: number): number {
  return socket(AF_UNIX, type, 0);
}

function stream(dir: string): number {
  const path = `${dir}/s`;
  const srv = sock(SOCK_STREAM);
  report('poll_fresh_hup', events(srv) & POLLHUP ? 1 : 0);
  check('bind', bind(srv, sockaddr_un(path)));
  const st = stat(path);
  report('is_sock', st && S_ISSOCK(st.mode) ? 1 : 0);
  report('mode', st ? (st.mode & 0o777).toString(8) : 'null');
  check('bind_again', bind(sock(SOCK_STREAM), sockaddr_un(path)));
  check('rebind', bind(srv, sockaddr_un(`${dir}/other`)));
  const early = sock(SOCK_STREAM);
  check('connect_unlistened', connect(early, sockaddr_un(path)));
  check('listen', listen(srv, 4));
  report('acceptconn', getsockopt_int(srv, SOL_SOCKET, SO_ACCEPTCONN));
  fcntl(srv, F_SETFL, O_NONBLOCK);
  check('accept_nonblock_empty', accept4(srv, SOCK_NONBLOCK));
  fcntl(srv, F_SETFL, 0);
  set_errno(0);
  check('open', open(path, O_RDONLY));
  check('connect_missing', connect(sock(SOCK_STREAM), sockaddr_un(`${dir}/none`)));
  check('connect_wrongtype', connect(sock(SOCK_DGRAM), sockaddr_un(path)));
  const cli = sock(SOCK_STREAM);
  check('connect', connect(cli, sockaddr_un(path)));
  check('connect_again', connect(cli, sockaddr_un(path)));
  const c = accept4(srv, SOCK_CLOEXEC);
  check('accept', c < 0 ? -1 : 0);
  report('accept_cloexec', fcntl(c, F_GETFD));
  report('cli_name', name(getsockname(cli)));
  report('cli_peer', name(getpeername(cli)));
  report('srv_conn_name', name(getsockname(c)));
  report('srv_conn_peer', name(getpeername(c)));
  check('peer_unconnected', getpeername(srv) ? 0 : -1);
  const cred = getsockopt(c, SOL_SOCKET, SO_PEERCRED, 12);
  if (cred) {
    const v = new DataView(cred.buffer);
    report('peercred', `${v.getInt32(0, true) === getpid() ? 'me' : v.getInt32(0, true)},${v.getUint32(4, true)},${v.getUint32(8, true)}`);
  }
  report('so_type', getsockopt_int(cli, SOL_SOCKET, SO_TYPE));
  report('so_error', getsockopt_int(cli, SOL_SOCKET, SO_ERROR));
  report('sndbuf', getsockopt_int(cli, SOL_SOCKET, SO_SNDBUF));
  check('set_sndbuf', setsockopt_int(cli, SOL_SOCKET, SO_SNDBUF, 8192));
  report('sndbuf_set', getsockopt_int(cli, SOL_SOCKET, SO_SNDBUF));
  report('poll_idle', events(c) & (POLLIN | POLLOUT));
  check('write', wr(cli, 'hello world'));
  check('write2', wr(cli, '!'));
  report('poll_data', events(c) & (POLLIN | POLLOUT));
  report('read5', rd(c, 5));
  report('read_rest', rd(c, 100));
  check('read_empty', recvfrom(c, 10, MSG_DONTWAIT) ? 0 : -1);
  check('reply', wr(c, 'pong'));
  report('reply_read', rd(cli, 100));
  check('shutdown_wr', shutdown(cli, SHUT_WR));
  report('poll_after_shut', events(c) & (POLLIN | POLLRDHUP | POLLHUP));
  report('read_eof', rd(c, 10));
  check('write_after_shut', sendto(cli, enc.encode('x'), MSG_NOSIGNAL));
  close(cli);
  report('poll_closed', events(c) & (POLLIN | POLLRDHUP | POLLHUP));
  check('write_closed', sendto(c, enc.encode('x'), MSG_NOSIGNAL));
  check('unlink', unlink(path));
  check('connect_unlinked', connect(sock(SOCK_STREAM), sockaddr_un(path)));
  report('srv_name_after_unlink', name(getsockname(srv)));
  check('listen_dgram', listen(sock(SOCK_DGRAM), 1));
  return 0;
}

function dgram(dir: string): number {
  const a = sock(SOCK_DGRAM), b = sock(SOCK_DGRAM);
  check('bind', bind(a, sockaddr_un(`${dir}/d`)));
  check('autobind', bind(b, Uint8Array.of(AF_UNIX, 0)));
  report('auto_name', JSON.stringify(getsockname(b) ? Array.from(getsockname(b)!.subarray(2, 3)) : null) + '/' + (getsockname(b)?.length ?? 0));
  check('send1', sendto(b, enc.encode('first message'), 0, sockaddr_un(`${dir}/d`)));
  check('send2', sendto(b, enc.encode('second'), 0, sockaddr_un(`${dir}/d`)));
  const r1 = recvmsg(a, 5);
  report('trunc', r1 ? `${txt(r1.data)},${r1.n},${r1.msg_flags & MSG_TRUNC ? 'T' : ''}` : 'ERR');
  const peek = recvfrom(a, 100, MSG_PEEK | MSG_TRUNC);
  report('peek', peek ? `${txt(peek.data)},${peek.n}` : 'ERR');
  const r2 = recvfrom(a, 100);
  report('recv2', r2 ? txt(r2.data) : 'ERR');
  report('from_is_b', r2 && txt(r2.addr) === txt(getsockname(b)) ? 1 : 0);
  check('empty', recvfrom(a, 10, MSG_DONTWAIT) ? 0 : -1);
  check('send_unbound_dest', sendto(b, enc.encode('x'), 0, sockaddr_un(`${dir}/none`)));
  check('send_noaddr', sendto(b, enc.encode('x')));
  let n = 0;
  for (; n < 100; n++) if (sendto(b, enc.encode('q'), MSG_DONTWAIT, sockaddr_un(`${dir}/d`)) < 0) break;
  check('full', -1);
  report('queued_before_full', n);
  // A pair: connected both ways, never limited by the queue length, only by the bytes.
  const p = socketpair(AF_UNIX, SOCK_DGRAM);
  if (!p) return check('socketpair', -1), 1;
  check('pair_send', write(p[0], malloc(1), 0));
  report('pair_empty_msg', recvfrom(p[1], 10)?.n ?? 'ERR');
  let sent = 0;
  const big = new Uint8Array(4096);
  for (; sent < 1000; sent++) if (sendto(p[0], big, MSG_DONTWAIT) < 0) break;
  check('pair_full', -1);
  report('pair_msgs_before_full', sent);
  report('poll_pair_full', events(p[0]) & POLLOUT);
  recvfrom(p[1], 4096);
  check('pair_send_after_read', sendto(p[0], big, MSG_DONTWAIT));
  check('connect_stream_path', connect(a, sockaddr_un(`${dir}/none`)));
  const ls = sock(SOCK_STREAM);
  bind(ls, sockaddr_un(`${dir}/st`));
  check('connect_type', connect(a, sockaddr_un(`${dir}/st`)));
  check('send_big', sendto(b, new Uint8Array(300000), 0, sockaddr_un(`${dir}/d`)));
  return 0;
}

function seqpacket(): number {
  const p = socketpair(AF_UNIX, SOCK_SEQPACKET);
  if (!p) return check('socketpair', -1), 1;
  sendto(p[0], enc.encode('abcdef'));
  sendto(p[0], enc.encode('xyz'));
  const r = recvmsg(p[1], 3);
  report('first', r ? `${txt(r.data)},${r.msg_flags & MSG_TRUNC ? 'T' : ''}` : 'ERR');
  report('second', rd(p[1], 100));
  check('empty', recvfrom(p[1], 10, MSG_DONTWAIT) ? 0 : -1);
  check('send_empty', write(p[0], malloc(1), 0));
  report('empty_msg', recvfrom(p[1], 10)?.n ?? 'ERR');
  const fresh = sock(SOCK_SEQPACKET);
  check('send_unconnected', sendto(fresh, enc.encode('x')));
  close(p[0]);
  report('eof', rd(p[1], 100) === '' ? 1 : 0);
  check('send_closed', sendto(p[1], enc.encode('x'), MSG_NOSIGNAL));
  return 0;
}

function rights(file: string): number {
  const p = socketpair(AF_UNIX, SOCK_STREAM);
  if (!p) return check('socketpair', -1), 1;
  const fd = open(file, O_RDONLY);
  check('open', fd < 0 ? -1 : 0);
  check('send', sendmsg(p[0], [enc.encode('F')], 0, null, [fd]));
  close(fd);
  const r = recvmsg(p[1], 10, 0, 4);
  report('got', r ? `${txt(r.data)},${r.fds.length}` : 'ERR');
  if (r && r.fds.length) report('passed_reads', JSON.stringify(rd(r.fds[0], 100)));
  check('bad_fd', sendmsg(p[0], [enc.encode('x')], 0, null, [999]));
  // Three descriptors into CMSG_SPACE(4), which holds two ints: the third is closed, MSG_CTRUNC says so.
  sendmsg(p[0], [enc.encode('T')], 0, null, [0, 1, 2]);
  const t = recvmsg(p[1], 10, 0, 1);
  report('ctrunc', t ? `${t.fds.length},${t.msg_flags & 0x8 ? 'C' : ''}` : 'ERR');
  // A pipe's write end, in flight and never received: closing the pair releases it (the reader sees EOF).
  const pp = pipe();
  if (!pp) return check('pipe', -1), 1;
  sendmsg(p[0], [enc.encode('P')], 0, null, [pp[1]]);
  close(pp[1]);
  close(p[0]);
  close(p[1]);
  report('inflight_released', rd(pp[0], 10) === '' ? 1 : 0);
  // A socket sent over itself with a pipe end: only the garbage collector can free the cycle.
  const q = socketpair(AF_UNIX, SOCK_DGRAM);
  const pq = pipe();
  if (!q || !pq) return 1;
  sendmsg(q[0], [enc.encode('C')], 0, null, [q[1], pq[1]]);
  sendmsg(q[1], [enc.encode('C')], 0, null, [q[0]]);
  close(pq[1]);
  close(q[0]);
  close(q[1]);
  // As in Linux, the collector runs when a unix socket is released.
  const t2 = socketpair(AF_UNIX, SOCK_STREAM);
  if (t2) close(t2[0]), close(t2[1]);
  report('cycle_collected', rd(pq[0], 10) === '' ? 1 : 0);
  // read() of a message with descriptors drops them.
  const s = socketpair(AF_UNIX, SOCK_STREAM);
  const ps = pipe();
  if (!s || !ps) return 1;
  sendmsg(s[0], [enc.encode('R')], 0, null, [ps[1]]);
  close(ps[1]);
  report('read_drops', rd(s[1], 10));
  report('dropped_closed', rd(ps[0], 10) === '' ? 1 : 0);
  return 0;
}

function abstract(): number {
  const srv = sock(SOCK_STREAM);
  check('bind', bind(srv, sockaddr_un('\0urfs-test')));
  check('bind_again', bind(sock(SOCK_STREAM), sockaddr_un('\0urfs-test')));
  report('name', name(getsockname(srv)));
  listen(srv, 1);
  const cli = sock(SOCK_STREAM);
  check('passcred', setsockopt_int(cli, SOL_SOCKET, SO_PASSCRED, 1));
  check('connect', connect(cli, sockaddr_un('\0urfs-test')));
  const a = getsockname(cli);
  report('autobound', a ? `${a.length},${a[2]},${/^[0-9a-f]{5}$/.test(dec.decode(a.subarray(3))) ? 'hex' : 'no'}` : 'null');
  const c = accept(srv);
  report('peer_of_accepted', a && txt(getpeername(c)) === txt(a) ? 1 : 0);
  check('connect_missing', connect(sock(SOCK_STREAM), sockaddr_un('\0nobody-here')));
  close(srv);
  check('connect_closed', connect(sock(SOCK_STREAM), sockaddr_un('\0urfs-test')));
  check('rebind_after_close', bind(sock(SOCK_DGRAM), sockaddr_un('\0urfs-test')));
  return 0;
}

function block(): number {
  const p = socketpair(AF_UNIX, SOCK_STREAM);
  if (!p) return check('socketpair', -1), 1;
  // Non-blocking first: how much one writer may queue before EAGAIN.
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  const chunk = new Uint8Array(16384);
  let queued = 0;
  for (let i = 0; i < 1000; i++) {
    const r = sendto(p[0], chunk);
    if (r < 0) break;
    queued += r;
  }
  check('nonblock_full', -1);
  report('queued', queued);
  report('poll_full_out', events(p[0]) & POLLOUT);
  fcntl(p[0], F_SETFL, 0);
  const pid = spawn('/usr/libexec/emu-test/unixtest', ['unixtest', 'reader'], undefined, [p[1], 1, 2]);
  close(p[1]);
  const total = 1 << 20;
  const buf = malloc(total);
  HEAP.fill(7, buf, buf + total);
  report('blocking_write', write(p[0], buf, total));
  close(p[0]);
  const st = waitpid(pid);
  report('child_status', st ? st[1] : 'null');
  return 0;
}

/** Writes `mib` MiB in 64 KiB writes to a reader process on the other end of [r, w]; MB/s. */
function pump(r: number, w: number, mib: number): number {
  const pid = spawn('/usr/libexec/emu-test/unixtest', ['unixtest', 'reader'], undefined, [r, 1, 2]);
  close(r);
  const chunk = 65536, buf = malloc(chunk);
  const t0 = clock_ms();
  for (let left = mib << 20; left > 0; ) {
    const n = write(w, buf, Math.min(chunk, left));
    if (n <= 0) break;
    left -= n;
  }
  close(w);
  waitpid(pid);
  return Math.round(((mib << 20) / 1e6 / ((clock_ms() - t0) / 1000)) * 10) / 10;
}

function speed(mib: number): number {
  const p = socketpair(AF_UNIX, SOCK_STREAM);
  const q = pipe();
  if (!p || !q) return 1;
  report('unix_mb_s', pump(p[1], p[0], mib));
  report('pipe_mb_s', pump(q[0], q[1], mib));
  return 0;
}

/** sendmsg of one byte with an SCM_CREDENTIALS message claiming pid, uid, gid. */
function send_creds(fd: number, pid: number, uid: number, gid: number): number {
  const m = calloc(56 + 16 + 32), data = malloc(1);
  const iov = m + 56, c = m + 72;
  HEAPV.setBigUint64(iov, BigInt(data), true);
  HEAPV.setBigUint64(iov + 8, 1n, true);
  HEAPV.setBigUint64(m + 16, BigInt(iov), true);
  HEAPV.setBigUint64(m + 24, 1n, true);
  HEAPV.setBigUint64(c, BigInt(CMSG_LEN(UCRED_SIZE)), true);
  HEAPV.setInt32(c + 8, SOL_SOCKET, true);
  HEAPV.setInt32(c + 12, SCM_CREDENTIALS, true);
  HEAPV.setInt32(c + 16, pid, true);
  HEAPV.setUint32(c + 20, uid, true);
  HEAPV.setUint32(c + 24, gid, true);
  HEAPV.setBigUint64(m + 32, BigInt(c), true);
  HEAPV.setBigUint64(m + 40, BigInt(CMSG_SPACE(UCRED_SIZE)), true);
  return syscall(__NR_sendmsg, fd, m, 0);
}
/** recvmsg of one byte; the SCM_CREDENTIALS it carries as "pid,uid,gid", or "none". */
function recv_creds(fd: number): string {
  const m = calloc(56 + 16 + 64), data = malloc(16);
  const iov = m + 56, c = m + 72;
  HEAPV.setBigUint64(iov, BigInt(data), true);
  HEAPV.setBigUint64(iov + 8, 16n, true);
  HEAPV.setBigUint64(m + 16, BigInt(iov), true);
  HEAPV.setBigUint64(m + 24, 1n, true);
  HEAPV.setBigUint64(m + 32, BigInt(c), true);
  HEAPV.setBigUint64(m + 40, 64n, true);
  if (syscall(__NR_recvmsg, fd, m, 0) < 0) return 'ERR';
  if (Number(HEAPV.getBigUint64(m + 40, true)) < CMSG_LEN(UCRED_SIZE) || HEAPV.getInt32(c + 12, true) !== SCM_CREDENTIALS) return 'none';
  const pid = HEAPV.getInt32(c + 16, true);
  return `${pid === getpid() ? 'me' : pid},${HEAPV.getUint32(c + 20, true)},${HEAPV.getUint32(c + 24, true)}`;
}

function more(): number {
  // A peer that closes with unread data resets the connection.
  const a = socketpair(AF_UNIX, SOCK_STREAM);
  if (!a) return 1;
  wr(a[0], 'unread');
  close(a[1]);
  check('reset_read', read(a[0], malloc(8), 8));
  check('after_reset', read(a[0], malloc(8), 8));
  // MSG_WAITALL stops at end of file with what there is.
  const b = socketpair(AF_UNIX, SOCK_STREAM);
  if (!b) return 1;
  wr(b[0], 'abc');
  shutdown(b[0], SHUT_WR);
  report('waitall', recvfrom(b[1], 10, MSG_WAITALL)?.n ?? 'ERR');
  // SCM_CREDENTIALS: given to a receiver with SO_PASSCRED; a claim must be one's own unless root.
  const c = socketpair(AF_UNIX, SOCK_DGRAM);
  if (!c) return 1;
  sendto(c[0], enc.encode('x'));
  report('creds_off', recv_creds(c[1]));
  setsockopt_int(c[1], SOL_SOCKET, SO_PASSCRED, 1);
  sendto(c[0], enc.encode('x'));
  report('creds_own', recv_creds(c[1]));
  const claim = send_creds(c[0], 1, 0, 0);
  check('creds_claim', claim);
  report('creds_claimed', claim >= 0 ? recv_creds(c[1]) : 'none');
  // A connected datagram socket whose peer closed: ECONNREFUSED, then no peer at all.
  const d1 = sock(SOCK_DGRAM), d2 = sock(SOCK_DGRAM);
  bind(d1, sockaddr_un('\0more-d1'));
  check('dgram_connect', connect(d2, sockaddr_un('\0more-d1')));
  close(d1);
  check('dgram_peer_gone', sendto(d2, enc.encode('x')));
  check('dgram_forgot', sendto(d2, enc.encode('x')));
  const d3 = sock(SOCK_DGRAM);
  bind(d3, sockaddr_un('\0more-d3'));
  connect(d2, sockaddr_un('\0more-d3'));
  check('unspec', connect(d2, Uint8Array.of(0, 0)));
  check('after_unspec', getpeername(d2) ? 0 : -1);
  // MSG_CMSG_CLOEXEC, and more descriptors than one message may carry.
  const e = socketpair(AF_UNIX, SOCK_STREAM);
  if (!e) return 1;
  sendmsg(e[0], [enc.encode('f')], 0, null, [0]);
  const got = recvmsg(e[1], 1, MSG_CMSG_CLOEXEC, 1);
  report('cmsg_cloexec', got && got.fds.length ? fcntl(got.fds[0], F_GETFD) : 'ERR');
  check('too_many', sendmsg(e[0], [enc.encode('f')], 0, null, new Array(254).fill(0)));
  check('max_fds', sendmsg(e[0], [enc.encode('f')], 0, null, new Array(253).fill(0)));
  report('max_fds_got', recvmsg(e[1], 1, 0, 253)?.fds.length ?? 'ERR');
  // Backlog 0 lets one connection wait for accept; the next non-blocking connect is EAGAIN.
  const l = sock(SOCK_STREAM);
  bind(l, sockaddr_un('\0more-l'));
  listen(l, 0);
  check('backlog_first', connect(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), sockaddr_un('\0more-l')));
  check('backlog_full', connect(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), sockaddr_un('\0more-l')));
  check('accepted', accept(l) >= 0 ? 0 : -1);
  check('backlog_again', connect(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), sockaddr_un('\0more-l')));
  return 0;
}

function reader(): number {
  const buf = malloc(65536);
  let n = 0;
  for (;;) {
    const r = read(0, buf, 65536);
    if (r <= 0) break;
    n += r;
  }
  report('reader_got', n);
  return 0;
}

function sigpipe(): number {
  const p = socketpair(AF_UNIX, SOCK_STREAM);
  if (!p) return 1;
  close(p[1]);
  check('nosignal', sendto(p[0], enc.encode('x'), MSG_NOSIGNAL));
  signal(SIGPIPE, SIG_IGN);
  check('ignored', write(p[0], malloc(1), 1));
  const q = socketpair(AF_UNIX, SOCK_STREAM);
  if (!q) return 1;
  close(q[1]);
  signal(SIGPIPE, SIG_DFL);
  report('ready', 1);
  write(q[0], malloc(1), 1);
  report('survived', 1);
  return 0;
}

function serve(path: string): number {
  umask(0o022);
  const s = sock(SOCK_STREAM);
  check('bind', bind(s, sockaddr_un(path)));
  check('listen', listen(s, 1));
  report('ready', 1);
  const c = accept(s);
  const cred = getsockopt(c, SOL_SOCKET, SO_PEERCRED, 12);
  if (cred) report('peer_uid', new DataView(cred.buffer).getUint32(4, true));
  report('msg', rd(c, 100));
  return 0;
}

function backlog(path: string, fifo: string): number {
  const s = sock(SOCK_STREAM);
  check('bind', bind(s, sockaddr_un(path)));
  check('listen', listen(s, 0));
  check('first', connect(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), sockaddr_un(path)));
  check('second_nonblock', connect(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), sockaddr_un(path)));
  report('ready', 1);
  const f = open(fifo, O_RDONLY);
  check('fifo', f < 0 ? -1 : 0);
  // Take the writer's bytes first, so it never writes to a fifo this process has already closed.
  const b = malloc(8);
  check('go', read(f, b, 8) > 0 ? 0 : -1);
  free(b);
  let n = 0;
  for (let i = 0; i < 2; i++) if (accept(s) >= 0) n++;
  report('accepted', n);
  return 0;
}

function connect_to(path: string): number {
  const s = sock(SOCK_STREAM);
  const r = connect(s, sockaddr_un(path));
  check('connect', r);
  // The listener may be gone by now (backlog): no SIGPIPE for that.
  if (r === 0) sendto(s, enc.encode('hi'), MSG_NOSIGNAL);
  return 0;
}

export default function main(argv: string[]): number {
  const [mode, arg = '/tmp'] = argv.slice(1);
  switch (mode) {
    case 'stream': return stream(arg);
    case 'dgram': return dgram(arg);
    case 'seqpacket': return seqpacket();
    case 'rights': return rights(arg);
    case 'abstract': return abstract();
    case 'block': return block();
    case 'reader': return reader();
    case 'sigpipe': return sigpipe();
    case 'more': return more();
    case 'speed': return speed(Number(arg) || 16);
    case 'serve': return serve(arg);
    case 'connect': return connect_to(arg);
    case 'backlog': return backlog(arg, argv[3] ?? '/tmp/fifo');
    case 'bind': return check('bind', bind(sock(SOCK_STREAM), sockaddr_un(arg))), errno ? 1 : 0;
    case 'help': case '--help':
      writeAll(1, 'usage: unixtest stream|dgram DIR | seqpacket | rights FILE | abstract | block | sigpipe | serve|connect|bind PATH\n');
      return 0;
    default:
      report('error', `unknown mode ${mode}`);
      return 2;
  }
}
