import { describe, it, expect } from 'vitest';
import { RFS_REG_FOP_OPEN, RFS_DIR_FOP_OPEN, RFS_CHR_FOP_OPEN, RFS_DIR_IOP_RENAME } from '@urfs/redirfs/ops';
import { RFS_CONTINUE, RFS_STOP } from '@urfs/redirfs/rfs';
import { filter_def_ops } from './filter_def.js';
import type { rfs_args } from './types.js';

const args = (over: Partial<rfs_args['args']> = {}) => ({ path: '/tmp/a', name2: '/tmp/b', mask: 0, pos: 3, count: 9,
  f_flags: 0, i_mode: 0o100644, ino: 7, dev: 0, attr: {}, fd: -1, buf: null, ...over });

describe('the operations table of a definition', () => {
  it('covers every object type an operation has unless types narrows it', () => {
    const all = filter_def_ops({ open: { pre: () => undefined } });
    if (typeof all === 'string') throw new Error(all);
    expect(all.map((o) => o.op_id)).toEqual(expect.arrayContaining([RFS_REG_FOP_OPEN, RFS_DIR_FOP_OPEN, RFS_CHR_FOP_OPEN]));
    const reg = filter_def_ops({ open: { pre: () => undefined, types: ['reg'], object_fd: true } });
    expect(reg).toEqual([expect.objectContaining({ op_id: RFS_REG_FOP_OPEN, object_fd: true, post_cb: null })]);
  });

  it('refuses what has no operation id, with the reason', () => {
    expect(filter_def_ops({ rename: { pre: () => undefined, types: ['reg'] } })).toBe('rename has no reg variant');
    expect(filter_def_ops({ open: { pre: () => undefined, types: ['nope' as 'reg'] } })).toBe('open: no object type named nope');
    expect(filter_def_ops({ nope: {} } as never)).toBe('no operation named nope');
  });

  it('gives each callback its operation\'s own arguments and turns its result into the RFS answer', async () => {
    const seen: unknown[] = [];
    const t = filter_def_ops({
      rename: { pre: (_cx, c) => void seen.push(c) },
      open: { pre: (_cx, c) => (c.args.path.endsWith('x') ? { deny: 13, cache: true } : undefined), types: ['reg'] },
    });
    if (typeof t === 'string') throw new Error(t);
    const cx = { caller: { pid: 1, uid: 0, gid: 0, comm: 'sh' }, interrupted: false };
    const a = { op: 'rename', type: { id: RFS_DIR_IOP_RENAME, call: 'pre' as const }, retv: 0, args: args(), cache: false };
    expect(await t.find((o) => o.op_id === RFS_DIR_IOP_RENAME)!.pre_cb!(cx, a)).toBe(RFS_CONTINUE);
    expect(seen).toEqual([{ op: 'rename', call: 'pre', type: 'dir', id: RFS_DIR_IOP_RENAME, retv: 0,
      args: { from: '/tmp/a', to: '/tmp/b', mode: 0o100644, ino: 7 } }]);
    const o = { op: 'open', type: { id: RFS_REG_FOP_OPEN, call: 'pre' as const }, retv: 0, args: args({ path: '/x' }),
      cache: false };
    expect(await t.find((e) => e.op_id === RFS_REG_FOP_OPEN)!.pre_cb!(cx, o)).toBe(RFS_STOP);
    expect(o.retv).toBe(-13);
    expect(o.cache).toBe(true);
  });
});
