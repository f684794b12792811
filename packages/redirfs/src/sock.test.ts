// Socket inodes as RedirFS objects: a socket bound under a filter's path is an RFS_SOCK object whose
// permission callbacks run when a process connects to it (MAY_WRITE, as Linux checks) and whose setattr
// callbacks run on chmod; a filter that denies the permission refuses the connect, and an open of the
// inode is ENXIO with no open callback (sockets have none).
import { describe, it, expect } from 'vitest';
import { use_redirfs_machine } from './machine.fixture.js';
import type { Machine } from '@urfs/emu-kernel/host/machine';
import { kread } from '@urfs/emu-kernel/testbin/lib/kfile';
import { parseReport } from '@urfs/emu-kernel/testbin/lib/report';
import { EACCES, ENXIO } from '@urfs/emu-kernel/uapi/errno';
import { MAY_WRITE } from '@urfs/emu-kernel/fs/namei';
import { RFS_STOP, RFS_CONTINUE, RFS_ERR_OK, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, type rfs_callback } from './rfs.js';
import { RFS_SOCK_IOP_PERMISSION, RFS_SOCK_IOP_SETATTR, RFS_REG_FOP_OPEN, rfs_op_name } from './ops.js';
import { rfs_register_filter, rfs_set_operations } from './filter.js';
import { rfs_set_path } from './path.js';

const TESTBIN = '/usr/libexec/emu-test/unixtest';
let m: Machine;
let out = '';

async function run(argv: string[]): Promise<{ code: number; report: Record<string, string> }> {
  const since = out.length;
  const { exited } = await m.spawn({ argv: [TESTBIN, ...argv] });
  const code = await exited;
  return { code, report: parseReport(out.slice(since)) };
}

async function until(text: string, since: number): Promise<void> {
  const end = Date.now() + 10000;
  while (out.indexOf(text, since) < 0) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${text}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('socket inodes under a filter', () => {
  use_redirfs_machine({ booted: (mm) => (m = mm), stdout: (s) => void (out += s) });

  it('connect fires RFS_SOCK_IOP_PERMISSION, chmod RFS_SOCK_IOP_SETATTR; a denied permission refuses connect', async () => {
    const r = rfs_register_filter({ name: 'sockwatch', priority: 10, active: 1 });
    expect(r.err).toBe(RFS_ERR_OK);
    const calls: string[] = [];
    let deny = false;
    const pre: rfs_callback = (_cx, a) => {
      calls.push(`${rfs_op_name(a.type.id)}${a.op === 'permission' ? `:${a.args.mask & MAY_WRITE ? 'w' : 'r'}` : ''}`);
      if (deny && a.type.id === RFS_SOCK_IOP_PERMISSION) {
        a.retv = -EACCES;
        return RFS_STOP;
      }
      return RFS_CONTINUE;
    };
    expect(rfs_set_operations(r.filter!, [RFS_SOCK_IOP_PERMISSION, RFS_SOCK_IOP_SETATTR, RFS_REG_FOP_OPEN]
      .map((op_id) => ({ op_id, pre_cb: pre })))).toBe(RFS_ERR_OK);
    const mk = await m.sh('mkdir -p /tmp/rs');
    expect(mk).toBe(0);
    expect(await rfs_set_path(r.filter!, { path: '/tmp/rs', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE })).toBe(RFS_ERR_OK);

    const since = out.length;
    const srv = m.spawn({ argv: [TESTBIN, 'serve', '/tmp/rs/a.sock'] });
    await until('ready=1', since);
    calls.length = 0;
    deny = true;
    expect((await run(['connect', '/tmp/rs/a.sock'])).report.connect).toBe('EACCES');
    expect(calls).toEqual(['RFS_SOCK_IOP_PERMISSION:w']);
    deny = false;
    calls.length = 0;
    expect(await kread('/tmp/rs/a.sock')).toBe(-ENXIO);
    expect(calls).toEqual(['RFS_SOCK_IOP_PERMISSION:r']);
    calls.length = 0;
    expect(await m.sh('chmod 700 /tmp/rs/a.sock')).toBe(0);
    expect(calls).toContain('RFS_SOCK_IOP_SETATTR');
    calls.length = 0;
    expect((await run(['connect', '/tmp/rs/a.sock'])).report.connect).toBe('0');
    expect(calls).toEqual(['RFS_SOCK_IOP_PERMISSION:w']);
    expect(await (await srv).exited).toBe(0);
  });
});
