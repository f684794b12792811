// AF_UNIX sockets as processes use them (testbin/unixtest), and socket inodes as objects of the name
// operations and of permission checks, by root, uid 1000 and nobody (65534).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER, inSyscall } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { do_mknod } from '../../fs/namei.js';
import { S_IFIFO } from '../../uapi/stat.js';
import { __NR_connect } from '../../uapi/unistd.js';
import type { Cred } from '../../kernel/cred.js';
import { SIGPIPE } from '../../uapi/signal.js';

const NOBODY: Cred = { uid: 65534, gid: 65534, euid: 65534, egid: 65534, groups: [65534] };
let tm: TestMachine;

beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

/** A shell command line as `cred`: its exit code and output. */
const sh = (line: string, cred?: Cred) => tm.run(['/bin/sh', '-c', line], cred ? { cred } : {});

describe('AF_UNIX stream sockets', () => {
  it('bind makes a socket inode; connect, accept, bytes, names, options, shutdown and hang-up', async () => {
    await sh('mkdir -p /tmp/st');
    const r = await tm.run(['unixtest', 'stream', '/tmp/st']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({
      poll_fresh_hup: '1', bind: '0', is_sock: '1', mode: '755', bind_again: 'EADDRINUSE', rebind: 'EINVAL',
      connect_unlistened: 'ECONNREFUSED', listen: '0', acceptconn: '1', accept_nonblock_empty: 'EAGAIN',
      open: 'ENXIO', connect_missing: 'ENOENT', connect_wrongtype: 'EPROTOTYPE', connect: '0',
      connect_again: 'EISCONN', accept: '0', accept_cloexec: '1',
      cli_name: '""/2', cli_peer: '"/tmp/st/s"/12', srv_conn_name: '"/tmp/st/s"/12', srv_conn_peer: '""/2',
      peer_unconnected: 'ENOTCONN', peercred: 'me,0,0', so_type: '1', so_error: '0', sndbuf: '212992',
      set_sndbuf: '0', sndbuf_set: '16384',
      poll_idle: '4', write: '11', write2: '1', poll_data: '5', read5: 'hello', read_rest: ' world!',
      read_empty: 'EAGAIN', reply: '4', reply_read: 'pong', shutdown_wr: '0',
      // POLLIN | POLLRDHUP once the peer shut down writing; POLLHUP too once it closed.
      poll_after_shut: String(0x2001), read_eof: '', write_after_shut: 'EPIPE', poll_closed: String(0x2011),
      write_closed: 'EPIPE', unlink: '0', connect_unlinked: 'ENOENT', srv_name_after_unlink: '"/tmp/st/s"/12',
      listen_dgram: 'EOPNOTSUPP',
    });
  });

  it('a writer blocks while its queue is full and goes on as the reader drains it', async () => {
    const r = await tm.run(['unixtest', 'block']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ nonblock_full: 'EAGAIN', queued: '212992', poll_full_out: '0',
      blocking_write: String(1 << 20), reader_got: String((1 << 20) + 212992), child_status: '0' });
  });

  it('writing to a closed peer is EPIPE with MSG_NOSIGNAL or SIGPIPE ignored, and kills otherwise', async () => {
    const r = await tm.run(['unixtest', 'sigpipe']);
    expect(r.report).toMatchObject({ nosignal: 'EPIPE', ignored: 'EPIPE', ready: '1' });
    expect(r.report.survived).toBeUndefined();
    expect(r.code).toBe(128 + SIGPIPE);
  });

  it('a blocking connect waits while the backlog is full, and completes when the listener accepts', async () => {
    expect(await do_mknod(kernel_ctx(), '/tmp/bl.fifo', S_IFIFO | 0o666, 0)).toBe(0);
    const srv = await tm.start(['unixtest', 'backlog', '/tmp/bl.sock', '/tmp/bl.fifo']);
    await tm.waitOutput('ready=1', srv.since);
    expect(tm.reportSince(srv.since)).toMatchObject({ listen: '0', first: '0', second_nonblock: 'EAGAIN' });
    const cli = await tm.start(['unixtest', 'connect', '/tmp/bl.sock']);
    await inSyscall(cli.task, __NR_connect);
    expect(tm.reportSince(cli.since).connect).toBeUndefined();
    // A writer on the fifo lets the listener go on to accept (sysprobe's own report may land after its exit).
    expect((await tm.run(['sysprobe', 'write:/tmp/bl.fifo:go'])).code).toBe(0);
    expect(await cli.exited).toBe(0);
    expect(await srv.exited).toBe(0);
    expect(tm.reportSince(cli.since).connect).toBe('0');
    expect(tm.reportSince(srv.since).accepted).toBe('2');
  });

  it('abstract names are their own namespace; SO_PASSCRED autobinds on connect', async () => {
    const r = await tm.run(['unixtest', 'abstract']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ bind: '0', bind_again: 'EADDRINUSE', name: '"\\u0000urfs-test"/12',
      passcred: '0', connect: '0', autobound: '8,0,hex', peer_of_accepted: '1', connect_missing: 'ECONNREFUSED',
      connect_closed: 'ECONNREFUSED', rebind_after_close: '0' });
  });
});

describe('AF_UNIX datagram and seqpacket sockets', () => {
  it('datagrams keep boundaries, report truncation and the sender; a full receiver is EAGAIN', async () => {
    await sh('mkdir -p /tmp/dg');
    const r = await tm.run(['unixtest', 'dgram', '/tmp/dg']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ bind: '0', autobind: '0', auto_name: '[0]/8', send1: '13', send2: '6',
      trunc: 'first,5,T', peek: 'second,6', recv2: 'second', from_is_b: '1', empty: 'EAGAIN',
      send_unbound_dest: 'ENOENT', send_noaddr: 'ENOTCONN', full: 'EAGAIN', queued_before_full: '10',
      pair_send: '0', pair_empty_msg: '0', pair_full: 'EAGAIN', poll_pair_full: '0', pair_send_after_read: '4096',
      connect_stream_path: 'ENOENT', connect_type: 'EPROTOTYPE', send_big: 'EMSGSIZE' });
    // A pair is bounded by the bytes its writer has queued (SO_SNDBUF), not by a message count.
    expect(Number(r.report.pair_msgs_before_full) * 4096).toBeLessThanOrEqual(212992 + 4096);
    expect(Number(r.report.pair_msgs_before_full)).toBeGreaterThan(10);
  });

  it('seqpacket keeps boundaries, truncates with MSG_TRUNC, reads end of file after the peer closes', async () => {
    const r = await tm.run(['unixtest', 'seqpacket']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ first: 'abc,T', second: 'xyz', empty: 'EAGAIN', send_empty: '0', empty_msg: '0',
      send_unconnected: 'ENOTCONN', eof: '1', send_closed: 'EPIPE' });
  });
});

describe('resets, credentials, disconnection, descriptor limits, backlog', () => {
  it('as root', async () => {
    const r = await tm.run(['unixtest', 'more']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ reset_read: 'ECONNRESET', after_reset: '0', waitall: '3', creds_off: 'none',
      creds_own: 'me,0,0', creds_claim: '1', creds_claimed: '1,0,0', dgram_connect: '0',
      dgram_peer_gone: 'ECONNREFUSED', dgram_forgot: 'ENOTCONN', unspec: '0', after_unspec: 'ENOTCONN',
      cmsg_cloexec: '1', too_many: 'EINVAL', max_fds: '1', max_fds_got: '253', backlog_first: '0',
      backlog_full: 'EAGAIN', accepted: '0', backlog_again: '0' });
  });

  it('a user may not claim credentials that are not its own', async () => {
    const r = await tm.run(['unixtest', 'more'], { cred: USER });
    expect(r.report).toMatchObject({ creds_own: 'me,1000,1000', creds_claim: 'EPERM', creds_claimed: 'none' });
  });
});

describe('SCM_RIGHTS', () => {
  it('passes descriptors; unreceived, truncated, dropped and cyclic ones are released', async () => {
    const r = await tm.run(['unixtest', 'rights', '/etc/hostname']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ open: '0', send: '1', got: 'F,1', passed_reads: '"urfs\\n"', bad_fd: 'EBADF',
      ctrunc: '2,C', inflight_released: '1', cycle_collected: '1', read_drops: 'R', dropped_closed: '1' });
  });
});

describe('socket inodes and their permissions', () => {
  it('connect needs write permission on the socket inode', async () => {
    const srv = await tm.start(['unixtest', 'serve', '/tmp/perm.sock']);
    await tm.waitOutput('ready=1', srv.since);
    const u = await tm.run(['unixtest', 'connect', '/tmp/perm.sock'], { cred: USER });
    expect(u.report.connect).toBe('EACCES');
    const n = await tm.run(['unixtest', 'connect', '/tmp/perm.sock'], { cred: NOBODY });
    expect(n.report.connect).toBe('EACCES');
    expect((await sh('chmod 777 /tmp/perm.sock')).code).toBe(0);
    expect((await tm.run(['unixtest', 'connect', '/tmp/perm.sock'], { cred: USER })).report.connect).toBe('0');
    expect(await srv.exited).toBe(0);
    expect(tm.reportSince(srv.since)).toMatchObject({ peer_uid: '1000', msg: 'hi' });
  });

  it('a renamed or linked socket inode is still the socket; unlinked under every name it is gone', async () => {
    const srv = await tm.start(['unixtest', 'serve', '/tmp/ren.sock']);
    await tm.waitOutput('ready=1', srv.since);
    expect((await sh('chmod 777 /tmp/ren.sock && mv /tmp/ren.sock /tmp/ren2.sock && ln /tmp/ren2.sock /tmp/ren3.sock'
      + ' && rm /tmp/ren2.sock')).code).toBe(0);
    expect((await tm.run(['unixtest', 'connect', '/tmp/ren.sock'])).report.connect).toBe('ENOENT');
    expect((await tm.run(['unixtest', 'connect', '/tmp/ren3.sock'], { cred: USER })).report.connect).toBe('0');
    expect(await srv.exited).toBe(0);
    expect((await sh('rm /tmp/ren3.sock')).code).toBe(0);
    expect((await tm.run(['unixtest', 'connect', '/tmp/ren3.sock'])).report.connect).toBe('ENOENT');
  });

  it('rename, link, unlink and chown of socket inodes by root, a user and nobody', async () => {
    expect((await sh('mkdir -m 1777 /tmp/s8')).code).toBe(0);
    expect((await tm.run(['unixtest', 'bind', '/tmp/s8/user.sock'], { cred: USER })).report.bind).toBe('0');
    expect((await tm.run(['unixtest', 'bind', '/tmp/s8/nobody.sock'], { cred: NOBODY })).report.bind).toBe('0');
    const ls = await sh('ls -l /tmp/s8');
    expect(ls.stdout).toMatch(/^srwxr-xr-x 1 user +user .* user\.sock$/m);
    expect(ls.stdout).toMatch(/^srwxr-xr-x 1 nobody +nogroup .* nobody\.sock$/m);
    expect((await sh('stat -c "%F %U" /tmp/s8/user.sock')).stdout).toBe('socket user\n');

    // nobody may not touch another's socket in a sticky directory, nor give one away.
    const n = await sh('mv /tmp/s8/user.sock /tmp/s8/x; echo mv=$?; rm /tmp/s8/user.sock; echo rm=$?;'
      + ' chown nobody /tmp/s8/user.sock; echo chown=$?; chown user /tmp/s8/nobody.sock; echo give=$?;'
      + ' mv /tmp/s8/nobody.sock /tmp/s8/nobody2.sock; echo own_mv=$?', NOBODY);
    expect(n.stdout).toBe('mv=1\nrm=1\nchown=1\ngive=1\nown_mv=0\n');
    expect(n.stderr).toMatch(/Operation not permitted/);

    // The user renames and links its own socket; a link is the same inode (two links).
    const u = await sh('mv /tmp/s8/user.sock /tmp/s8/u2.sock && ln /tmp/s8/u2.sock /tmp/s8/u3.sock'
      + ' && stat -c "%h %i" /tmp/s8/u2.sock && stat -c "%h %i" /tmp/s8/u3.sock; rm /tmp/s8/nobody2.sock; echo rm_other=$?',
    USER);
    const [a, b] = u.stdout.split('\n');
    expect(a).toMatch(/^2 \d+$/);
    expect(b).toBe(a);
    expect(u.stdout).toMatch(/rm_other=1\n$/);

    // Root gives the user's socket away, then removes everything.
    const r = await sh('chown nobody:nogroup /tmp/s8/u2.sock && stat -c "%U %G %F" /tmp/s8/u3.sock'
      + ' && rm /tmp/s8/u2.sock /tmp/s8/u3.sock /tmp/s8/nobody2.sock && ls /tmp/s8 | wc -l');
    expect(r.stdout).toMatch(/^nobody nogroup socket\n\s*0\n$/);
  });
});
