// Decoding from the table: a call's arguments read from (a stand-in for) the tracee's memory, netlink
// messages, and the urfs and redirctl device messages.
import { describe, it, expect } from 'vitest';
import { arg_shown, format_arg, format_arg_update, type DecodeCtx, type FdInfo } from './args.js';
import { array_memory } from './memory.js';
import { format_netlink, GenlFamilies } from './netlink.js';
import { syscall_desc } from '../syscalls.js';
import * as NR from '@urfs/emu-kernel/uapi/unistd';
import { nlmsg_build, NLM_F_REQUEST, NLM_F_ACK, NETLINK_GENERIC } from '@urfs/emu-kernel/uapi/netlink';
import { genlmsghdr, nla_string, nla_u16, concat, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_CMD_NEWFAMILY,
  CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_FAMILY_ID } from '@urfs/emu-kernel/uapi/genetlink';
import { urfs_imsg_encode, URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_SET_PATH } from '@urfs/urfs-kmod/uapi';
import { redirctl_pack, redirctl_pack_filters, REDIRCTL_CMD_SET_FILTER_PATH, REDIRCTL_CMD_GET_FILTERS_INFO_DATA } from '@urfs/redirfs/redirctl_abi';

const enc = new TextEncoder();

/** A little address space: bytes placed at fixed addresses. */
function space(items: [number, Uint8Array | string][]): Uint8Array {
  const mem = new Uint8Array(0x10000);
  for (const [addr, v] of items) mem.set(typeof v === 'string' ? enc.encode(v + '\0') : v, addr);
  return mem;
}

function call(nr: number, args: number[], mem: Uint8Array, opts: { ret?: number; fds?: Record<number, FdInfo> } = {}): string {
  const d = syscall_desc(nr);
  const ctx: DecodeCtx = { mem: array_memory(mem), args, ret: opts.ret ?? 0, exiting: opts.ret !== undefined, strsize: 32,
    fd: (fd) => opts.fds?.[fd], families: new GenlFamilies() };
  const parts = d.args.map((k, i) => (arg_shown(k, i, d.args, args) ? format_arg(k, i, ctx) : null)).filter((p) => p !== null);
  const upd = d.args.map((k, i) => format_arg_update(k, i, ctx)).filter((u) => u !== null);
  return `${d.name}(${parts.join(', ')}${upd.map((u) => ` => ${u}`).join('')})`;
}

describe('file calls', () => {
  it('openat with and without O_CREAT, read with the bytes the call returned', () => {
    const mem = space([[0x100, '/tmp/a'], [0x200, 'hello\n']]);
    expect(call(NR.__NR_openat, [-100, 0x100, 0, 0], mem)).toBe('openat(AT_FDCWD, "/tmp/a", O_RDONLY)');
    expect(call(NR.__NR_openat, [-100, 0x100, 0o1101, 0o666], mem)).toBe('openat(AT_FDCWD, "/tmp/a", O_WRONLY|O_CREAT|O_TRUNC, 0666)');
    expect(call(NR.__NR_read, [3, 0x200, 4096], mem, { ret: 6 })).toBe('read(3, "hello\\n", 4096)');
    expect(call(NR.__NR_write, [1, 0x200, 6], mem)).toBe('write(1, "hello\\n", 6)');
  });
  it('execve: the argument strings, and the environment counted', () => {
    const argv = new Uint8Array(24);
    new DataView(argv.buffer).setBigUint64(0, 0x300n, true);
    new DataView(argv.buffer).setBigUint64(8, 0x310n, true);
    const mem = space([[0x100, '/bin/cat'], [0x300, 'cat'], [0x310, '/etc/hostname'], [0x400, argv], [0x500, argv]]);
    expect(call(NR.__NR_execve, [0x100, 0x400, 0x500], mem)).toBe('execve("/bin/cat", ["cat", "/etc/hostname"], 0x500 /* 2 vars */)');
  });
  it('the *at calls with their flags, statfs\'s structure, fallocate\'s modes, socketpair\'s descriptors', () => {
    const sfs = new Uint8Array(120);
    const v = new DataView(sfs.buffer);
    v.setBigUint64(0, 0x01021994n, true);
    v.setBigUint64(8, 4096n, true);
    v.setBigUint64(64, 255n, true);
    v.setBigUint64(80, 0x21n, true);
    const pair = new Uint8Array(8);
    new DataView(pair.buffer).setInt32(0, 3, true);
    new DataView(pair.buffer).setInt32(4, 4, true);
    const mem = space([[0x100, 'd'], [0x180, 'e'], [0x200, sfs], [0x300, pair]]);
    expect(call(NR.__NR_unlinkat, [5, 0x100, 0x200], mem)).toBe('unlinkat(5, "d", AT_REMOVEDIR)');
    expect(call(NR.__NR_renameat2, [-100, 0x100, 7, 0x180, 1], mem)).toBe('renameat2(AT_FDCWD, "d", 7, "e", RENAME_NOREPLACE)');
    expect(call(NR.__NR_mknodat, [-100, 0x100, 0o20644, 0x102], mem)).toBe('mknodat(AT_FDCWD, "d", 020644, makedev(0x1, 0x2))');
    expect(call(NR.__NR_statfs, [0x100, 0x200], mem, { ret: 0 })).toBe('statfs("d", {f_type=TMPFS_MAGIC, f_bsize=4096, ' +
      'f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0x0, 0x0]}, f_namelen=255, f_frsize=0, ' +
      'f_flags=ST_RDONLY|ST_VALID})');
    expect(call(NR.__NR_fallocate, [3, 3, 0, 4096], mem)).toBe('fallocate(3, FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE, 0, 4096)');
    expect(call(NR.__NR_socketpair, [1, 1, 0, 0x300], mem, { ret: 0 })).toBe('socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4])');
  });
});

describe('netlink', () => {
  it('generic netlink: the header, the controller command and its attributes; a family learnt from the answer', () => {
    const fam = new GenlFamilies();
    const req = nlmsg_build({ nlmsg_type: GENL_ID_CTRL, nlmsg_flags: NLM_F_REQUEST | NLM_F_ACK, nlmsg_seq: 1, nlmsg_pid: 0 },
      concat([genlmsghdr(CTRL_CMD_GETFAMILY, 1), nla_string(CTRL_ATTR_FAMILY_NAME, 'CONTROL_EXMPL')]));
    expect(format_netlink(req, NETLINK_GENERIC, fam, 32)).toBe(
      '[{nlmsg_len=40, nlmsg_type=nlctrl, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, nlmsg_seq=1, nlmsg_pid=0}, ' +
      '{cmd=CTRL_CMD_GETFAMILY, version=1}, [[{nla_len=18, nla_type=CTRL_ATTR_FAMILY_NAME}, "CONTROL_EXMPL"]]]');
    const answer = nlmsg_build({ nlmsg_type: GENL_ID_CTRL, nlmsg_flags: 0, nlmsg_seq: 1, nlmsg_pid: 7 },
      concat([genlmsghdr(CTRL_CMD_NEWFAMILY, 2), nla_u16(CTRL_ATTR_FAMILY_ID, 0x17), nla_string(CTRL_ATTR_FAMILY_NAME, 'CONTROL_EXMPL')]));
    format_netlink(answer, NETLINK_GENERIC, fam, 32);
    expect(fam.name(0x17)).toBe('CONTROL_EXMPL');
    const mine = nlmsg_build({ nlmsg_type: 0x17, nlmsg_flags: NLM_F_REQUEST, nlmsg_seq: 2, nlmsg_pid: 0 }, genlmsghdr(1, 1));
    expect(format_netlink(mine, NETLINK_GENERIC, fam, 32)).toContain('nlmsg_type=CONTROL_EXMPL');
  });
  it('a plain netlink message: an unknown type with the NLMSG_??? comment, then the payload', () => {
    const m = nlmsg_build({ nlmsg_type: 0x10, nlmsg_flags: 0, nlmsg_seq: 0, nlmsg_pid: 3 }, enc.encode('hi'));
    expect(format_netlink(m, 31, new GenlFamilies(), 32))
      .toBe('[{nlmsg_len=18, nlmsg_type=0x10 /* NLMSG_??? */, nlmsg_flags=0, nlmsg_seq=0, nlmsg_pid=3}, "hi"]');
  });
});

describe('devices', () => {
  it('a urfs message written to /dev/urfs, its strings read from the writer', () => {
    const msg = urfs_imsg_encode({ cmd: URFS_CMD_FILTER_REGISTER, name_ptr: 0x100, name_len: 11, priority: 500, active: 0, policy: 0 });
    const path = urfs_imsg_encode({ cmd: URFS_CMD_FILTER_SET_PATH, ufilter_id: 0, path_ptr: 0x180, path_len: 13, flags: 6 });
    const mem = space([[0x100, 'scrambleflt'], [0x180, '/tmp/scramble'], [0x200, msg], [0x300, path]]);
    const fds = { 4: { path: '/dev/urfs' } };
    expect(call(NR.__NR_write, [4, 0x200, msg.length], mem, { fds }))
      .toBe('write(4, {cmd=URFS_CMD_FILTER_REGISTER, name="scrambleflt", priority=500, active=0, policy=0}, 32)');
    expect(call(NR.__NR_write, [4, 0x300, path.length], mem, { fds }))
      .toBe('write(4, {cmd=URFS_CMD_FILTER_SET_PATH, ufilter_id=0, path="/tmp/scramble", flags=6}, 24)');
  });
  it('/dev/redirctl ioctls: the command by name, its packed argument, the records it returned', () => {
    const set = redirctl_pack('scrambleflt', '/tmp/x', 6);
    const list = redirctl_pack_filters([{ name: 'scrambleflt', priority: 500, active: 1 }]);
    const mem = space([[0x100, set], [0x400, list]]);
    const fds = { 3: { path: '/dev/redirctl' } };
    expect(call(NR.__NR_ioctl, [3, REDIRCTL_CMD_SET_FILTER_PATH, 0x100], mem, { fds }))
      .toBe('ioctl(3, REDIRCTL_CMD_SET_FILTER_PATH, {filter="scrambleflt", path="/tmp/x", flags=6})');
    expect(call(NR.__NR_ioctl, [3, REDIRCTL_CMD_GET_FILTERS_INFO_DATA, 0x400], mem, { fds, ret: list.length }))
      .toBe('ioctl(3, REDIRCTL_CMD_GET_FILTERS_INFO_DATA, 0x400 => [{name="scrambleflt", priority=500, active=1}])');
    // The same number on another device is not a redirctl command.
    expect(call(NR.__NR_ioctl, [5, REDIRCTL_CMD_SET_FILTER_PATH, 0x100], mem)).toBe('ioctl(5, 0x4, 0x100)');
  });
});
