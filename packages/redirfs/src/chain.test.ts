import { describe, it, expect } from 'vitest';
import { takeOopses } from '@urfs/emu-kernel/testbin/lib/oops';
import { use_redirfs_machine } from './machine.fixture.js';
import { Machine, statusToCode } from '@urfs/emu-kernel/host/machine';
import { kernel_write_file } from '@urfs/emu-kernel/init/main';
import { printk_state } from '@urfs/emu-kernel/kernel/printk';
import { copy_from_user, copy_to_user, kernel_ptr } from '@urfs/emu-kernel/mm/uaccess';
import { vfs_dispatch, vfs_set_hook } from '@urfs/emu-kernel/fs/vfs_hook';
import { EACCES, EBUSY } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_STOP, RFS_CONTINUE, RFS_ERR_OK, RFS_ERR_NODATA, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, type rfs_callback,
} from './rfs.js';
import { RFS_REG_FOP_OPEN, RFS_REG_FOP_READ, RFS_REG_FOP_WRITE, RFS_REG_FOP_RELEASE, rfs_op_name } from './ops.js';
import {
  rfs_register_filter, rfs_set_operations, rfs_activate_filter, rfs_deactivate_filter, rfs_set_private_data,
  rfs_unregister_filter, type rfs_filter,
} from './filter.js';
import { rfs_set_path } from './path.js';
import {
  rfs_attach_data_context, rfs_get_data_context, rfs_get_contextflt_private_data, rfs_attach_data_file,
  rfs_get_data_file, rfs_detach_data_file,
} from './data.js';
import { redirfs_init, redirfs_exit, redirfs_running } from './chain.js';

const dec = new TextDecoder();
const enc = new TextEncoder();
let m: Machine;
let out = '';
let err = '';

async function run(argv: string[], stdio?: [string, string, string]): Promise<{ code: number; out: string; err: string }> {
  out = '';
  err = '';
  const { exited } = await m.spawn({ argv, stdio });
  const code = statusToCode(await exited);
  return { code, out, err };
}

async function put(path: string, content: string): Promise<void> {
  expect(await kernel_write_file({ path, mode: 0o644, content })).toBe(0);
}

function filter(name: string, priority: number, active = 1): rfs_filter {
  const r = rfs_register_filter({ name, priority, active });
  expect(r.err).toBe(RFS_ERR_OK);
  return r.filter!;
}

async function subtree(f: rfs_filter, path: string): Promise<void> {
  expect(await rfs_set_path(f, { path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE })).toBe(RFS_ERR_OK);
}

/** A callback that logs "tag:pre|post:OP" for calls made by processes (not the kernel's own, pid 0). */
function rec(log: string[], tag: string, then: rfs_callback = () => RFS_CONTINUE): rfs_callback {
  return (cx, a) => {
    if (cx.caller.pid !== 0) log.push(`${tag}:${a.type.call}:${rfs_op_name(a.type.id)}`);
    return then(cx, a);
  };
}

describe('RedirFS call chain', () => {
  use_redirfs_machine({ booted: (b) => (m = b), stdout: (s) => void (out += s), stderr: (s) => void (err += s) });

  it('installs one hook and gives the previous one back', () => {
    expect(redirfs_running()).toBe(true);
    expect(redirfs_init()).toBe(-EBUSY);
    redirfs_exit();
    expect(redirfs_running()).toBe(false);
    expect(vfs_set_hook(null)).toBeNull();
    expect(redirfs_init()).toBe(0);
  });

  it('calls pre-callbacks by priority, post-callbacks in reverse, skipping inactive filters', async () => {
    await put('/tmp/chain/f', 'hello\n');
    const log: string[] = [];
    const fs = [filter('c30', 30), filter('a10', 10), filter('b20', 20), filter('off15', 15, 0)];
    for (const f of fs) {
      expect(rfs_set_operations(f, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: rec(log, f.name), post_cb: rec(log, f.name) }]))
        .toBe(RFS_ERR_OK);
      await subtree(f, '/tmp/chain');
    }
    // A filter with callbacks for another operation only is not called for this one.
    const r5 = filter('readonly5', 5);
    rfs_set_operations(r5, [{ op_id: RFS_REG_FOP_READ, pre_cb: rec(log, 'readonly5') }]);
    await subtree(r5, '/tmp/chain');

    const r = await run(['/bin/cat', '/tmp/chain/f']);
    expect(r).toMatchObject({ code: 0, out: 'hello\n' });
    expect(log.filter((l) => l.endsWith('OPEN'))).toEqual([
      'a10:pre:RFS_REG_FOP_OPEN', 'b20:pre:RFS_REG_FOP_OPEN', 'c30:pre:RFS_REG_FOP_OPEN',
      'c30:post:RFS_REG_FOP_OPEN', 'b20:post:RFS_REG_FOP_OPEN', 'a10:post:RFS_REG_FOP_OPEN',
    ]);
    expect(log.filter((l) => l.startsWith('readonly5'))).toContain('readonly5:pre:RFS_REG_FOP_READ');

    log.length = 0;
    expect(rfs_activate_filter(fs[3])).toBe(RFS_ERR_OK);
    expect(rfs_deactivate_filter(fs[2])).toBe(RFS_ERR_OK);
    await run(['/bin/cat', '/tmp/chain/f']);
    expect(log.filter((l) => l.endsWith('OPEN')).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      'a10:pre', 'off15:pre', 'c30:pre', 'c30:post', 'off15:post', 'a10:post',
    ]);
  });

  it('stops at RFS_STOP: the operation is skipped, retv is returned, posts run back from the stopper', async () => {
    await put('/tmp/stop/f', 'secret\n');
    const log: string[] = [];
    const deny: rfs_callback = (_cx, a) => {
      a.retv = -EACCES;
      return RFS_STOP;
    };
    const specs: [string, number, rfs_callback | undefined][] = [['a', 1, undefined], ['b', 2, deny], ['c', 3, undefined]];
    for (const [name, prio, then] of specs) {
      const f = filter(name, prio);
      rfs_set_operations(f, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: rec(log, name, then), post_cb: rec(log, name) }]);
      await subtree(f, '/tmp/stop');
    }
    // A filter before the stopper with a post-callback only still gets its post-call.
    const p = filter('postonly', 0);
    rfs_set_operations(p, [{ op_id: RFS_REG_FOP_OPEN, post_cb: rec(log, 'postonly') }]);
    await subtree(p, '/tmp/stop');

    const r = await run(['/bin/cat', '/tmp/stop/f']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('Permission denied');
    expect(log).toEqual([
      'a:pre:RFS_REG_FOP_OPEN', 'b:pre:RFS_REG_FOP_OPEN', 'b:post:RFS_REG_FOP_OPEN', 'a:post:RFS_REG_FOP_OPEN',
      'postonly:post:RFS_REG_FOP_OPEN',
    ]);
  });

  it('keeps the order and STOP when synchronous and asynchronous callbacks are mixed', async () => {
    await put('/tmp/mixed/f', 'mixed\n');
    const log: string[] = [];
    const later = (then: rfs_callback): rfs_callback => async (cx, a) => {
      await new Promise((r) => setTimeout(r, 1));
      return then(cx, a);
    };
    const stop: rfs_callback = (_cx, a) => {
      a.retv = -EACCES;
      return RFS_STOP;
    };
    const specs: [string, number, boolean][] = [['s1', 10, false], ['a2', 20, true], ['s3', 30, false], ['a4', 40, true]];
    for (const [name, prio, async_] of specs) {
      const f = filter(name, prio);
      const pre = rec(log, name);
      const post = rec(log, name);
      rfs_set_operations(f, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: async_ ? later(pre) : pre, post_cb: async_ ? later(post) : post }]);
      await subtree(f, '/tmp/mixed');
    }
    expect(await run(['/bin/cat', '/tmp/mixed/f'])).toMatchObject({ code: 0, out: 'mixed\n' });
    expect(log.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      's1:pre', 'a2:pre', 's3:pre', 'a4:pre', 'a4:post', 's3:post', 'a2:post', 's1:post',
    ]);
    // An asynchronous STOP in the middle: the operation and the later pre-callbacks are skipped.
    const stopper = filter('astop', 35);
    log.length = 0;
    rfs_set_operations(stopper, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: later(rec(log, 'astop', stop)) }]);
    await subtree(stopper, '/tmp/mixed');
    const r = await run(['/bin/cat', '/tmp/mixed/f']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Permission denied');
    expect(log.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      's1:pre', 'a2:pre', 's3:pre', 'astop:pre', 's3:post', 'a2:post', 's1:post',
    ]);
  });

  it('lets a post-read callback change what the application reads', async () => {
    await put('/tmp/upper/f', 'hello world\n');
    const f = filter('upper', 1);
    rfs_set_operations(f, [{
      op_id: RFS_REG_FOP_READ,
      post_cb: (_cx, a) => {
        if (a.op !== 'read' || a.retv <= 0) return RFS_CONTINUE;
        const data = new Uint8Array(a.retv);
        expect(copy_from_user(data, a.args.buf, a.retv)).toBe(0);
        const upper = enc.encode(dec.decode(data).toUpperCase());
        expect(copy_to_user(a.args.buf, upper, upper.length)).toBe(0);
        return RFS_CONTINUE;
      },
    }]);
    await subtree(f, '/tmp/upper');
    expect(await run(['/bin/cat', '/tmp/upper/f'])).toMatchObject({ code: 0, out: 'HELLO WORLD\n' });
    // Outside the path the data is untouched.
    await put('/tmp/plain', 'hello world\n');
    expect((await run(['/bin/cat', '/tmp/plain'])).out).toBe('hello world\n');
  });

  it('lets a pre-write callback substitute the data written', async () => {
    await put('/tmp/wr/out', '');
    const f = filter('swap', 1);
    rfs_set_operations(f, [{
      op_id: RFS_REG_FOP_WRITE,
      pre_cb: (_cx, a) => {
        if (a.op !== 'write') return RFS_CONTINUE;
        const data = new Uint8Array(a.args.count);
        if (copy_from_user(data, a.args.buf, data.length)) return RFS_CONTINUE;
        const swapped = dec.decode(data).replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
        a.args.buf = kernel_ptr(enc.encode(swapped));
        return RFS_CONTINUE;
      },
    }]);
    await subtree(f, '/tmp/wr');
    expect((await run(['/bin/echo', 'Hello', 'World'], ['/dev/console', '/tmp/wr/out', '/dev/ttyS0'])).code).toBe(0);
    rfs_deactivate_filter(f);
    expect((await run(['/bin/cat', '/tmp/wr/out'])).out).toBe('hELLO wORLD\n');
  });

  it('survives callbacks that throw or reject: each an oops, then treated as RFS_CONTINUE', async () => {
    await put('/tmp/boom/f', 'still here\n');
    const log: string[] = [];
    const a = filter('thrower', 1);
    const b = filter('rejecter', 2);
    const c = filter('witness', 3);
    rfs_set_operations(a, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: () => { throw new Error('boom in pre'); } }]);
    rfs_set_operations(b, [{
      op_id: RFS_REG_FOP_OPEN,
      pre_cb: async () => { throw new Error('async boom'); },
      post_cb: () => { throw new Error('boom in post'); },
    }]);
    rfs_set_operations(c, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: rec(log, 'witness'), post_cb: rec(log, 'witness') }]);
    for (const f of [a, b, c]) await subtree(f, '/tmp/boom');
    const seq = printk_state().seq;
    expect(await run(['/bin/cat', '/tmp/boom/f'])).toMatchObject({ code: 0, out: 'still here\n' });
    expect(log).toEqual(['witness:pre:RFS_REG_FOP_OPEN', 'witness:post:RFS_REG_FOP_OPEN']);
    const errs = printk_state().records.filter((r) => r.seq >= seq && r.level === 3).map((r) => r.text);
    expect(errs.some((t) => t.includes('thrower') && t.includes('boom in pre'))).toBe(true);
    expect(errs.some((t) => t.includes('rejecter') && t.includes('async boom'))).toBe(true);
    expect(errs.some((t) => t.includes('rejecter') && t.includes('boom in post'))).toBe(true);
    // A kernel filter that throws is a fault in the kernel: three oopses, claimed here.
    const oopses = takeOopses();
    expect(oopses).toHaveLength(3);
    expect(oopses.every((t) => t.startsWith('BUG: kernel fault in redirfs: '))).toBe(true);
  });

  it('waits for asynchronous callbacks', async () => {
    await put('/tmp/slow/f', 'slow\n');
    const log: string[] = [];
    const f = filter('slow', 1);
    rfs_set_operations(f, [{
      op_id: RFS_REG_FOP_OPEN,
      pre_cb: async (cx, a) => {
        await new Promise((r) => setTimeout(r, 20));
        return rec(log, 'slow')(cx, a);
      },
    }]);
    await subtree(f, '/tmp/slow');
    expect(await run(['/bin/cat', '/tmp/slow/f'])).toMatchObject({ code: 0, out: 'slow\n' });
    expect(log).toEqual(['slow:pre:RFS_REG_FOP_OPEN']);
  });

  it('shares a call context between pre and post, gives the caller and the filter private data', async () => {
    await put('/tmp/cx/f', 'x\n');
    const seen: unknown[] = [];
    const f = filter('ctx', 1);
    const g = filter('other', 2);
    rfs_set_private_data(f, 'private of ctx');
    rfs_set_private_data(g, 'private of other');
    let pid = -1;
    rfs_set_operations(f, [{
      op_id: RFS_REG_FOP_READ,
      pre_cb: (cx) => {
        if (cx.caller.pid === 0) return RFS_CONTINUE;
        pid = cx.caller.pid;
        expect(cx.caller.cred.euid).toBe(0);
        expect(rfs_get_data_context(f, cx).err).toBe(RFS_ERR_NODATA);
        expect(rfs_attach_data_context(f, cx, { started: true }).err).toBe(RFS_ERR_OK);
        seen.push(rfs_get_contextflt_private_data(cx).data);
        return RFS_CONTINUE;
      },
      post_cb: (cx) => {
        if (cx.caller.pid === 0) return RFS_CONTINUE;
        seen.push(rfs_get_data_context(f, cx).data);
        // Each filter has its own slot in the context.
        seen.push(rfs_get_data_context(g, cx).err);
        return RFS_CONTINUE;
      },
    }]);
    rfs_set_operations(g, [{
      op_id: RFS_REG_FOP_READ,
      pre_cb: (cx) => {
        if (cx.caller.pid !== 0) seen.push(rfs_get_contextflt_private_data(cx).data);
        return RFS_CONTINUE;
      },
    }]);
    for (const x of [f, g]) await subtree(x, '/tmp/cx');
    const run1 = await m.spawn({ argv: ['/bin/cat', '/tmp/cx/f'] });
    await run1.exited;
    expect(pid).toBe(run1.task.pid);
    // cat reads until end of file: two reads, each with its own context.
    expect(seen).toEqual([
      'private of ctx', 'private of other', { started: true }, RFS_ERR_NODATA,
      'private of ctx', 'private of other', { started: true }, RFS_ERR_NODATA,
    ]);
  });

  it('keeps data attached to an open file from open to release', async () => {
    await put('/tmp/fd/f', 'abc\n');
    const log: string[] = [];
    const f = filter('fdata', 1);
    rfs_set_operations(f, [
      {
        op_id: RFS_REG_FOP_OPEN,
        post_cb: (cx, a) => {
          if (a.op === 'open' && cx.caller.pid !== 0 && a.retv === 0) rfs_attach_data_file(f, a.args.file, { reads: 0 });
          return RFS_CONTINUE;
        },
      },
      {
        op_id: RFS_REG_FOP_READ,
        pre_cb: (_cx, a) => {
          const d = a.op === 'read' ? rfs_get_data_file(f, a.args.file) : null;
          if (d?.err === RFS_ERR_OK) (d.data as { reads: number }).reads++;
          return RFS_CONTINUE;
        },
      },
      {
        op_id: RFS_REG_FOP_RELEASE,
        pre_cb: (_cx, a) => {
          const d = a.op === 'release' ? rfs_detach_data_file(f, a.args.file) : null;
          if (d?.err === RFS_ERR_OK) log.push(`reads=${(d.data as { reads: number }).reads}`);
          return RFS_CONTINUE;
        },
      },
    ]);
    await subtree(f, '/tmp/fd');
    await run(['/bin/cat', '/tmp/fd/f']);
    expect(log).toEqual(['reads=2']);
  });

  it('does not call a filter unregistered during the call', async () => {
    await put('/tmp/unreg/f', 'u\n');
    const log: string[] = [];
    const a = filter('a', 1);
    const b = filter('b', 2);
    rfs_set_operations(a, [{
      op_id: RFS_REG_FOP_OPEN,
      pre_cb: rec(log, 'a', () => {
        rfs_unregister_filter(b);
        return RFS_CONTINUE;
      }),
      post_cb: rec(log, 'a'),
    }]);
    rfs_set_operations(b, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: rec(log, 'b'), post_cb: rec(log, 'b') }]);
    for (const f of [a, b]) await subtree(f, '/tmp/unreg');
    expect((await run(['/bin/cat', '/tmp/unreg/f'])).out).toBe('u\n');
    expect(log).toEqual(['a:pre:RFS_REG_FOP_OPEN', 'a:post:RFS_REG_FOP_OPEN']);
  });

  it('leaves a filter deactivated during the call out of both phases, and keeps the others', async () => {
    await put('/tmp/deact/f', 'd\n');
    const log: string[] = [];
    const [a, b, c] = [filter('a', 1), filter('b', 2), filter('c', 3)];
    rfs_set_operations(a, [{
      op_id: RFS_REG_FOP_OPEN,
      pre_cb: rec(log, 'a', () => {
        rfs_deactivate_filter(b);
        return RFS_CONTINUE;
      }),
      post_cb: rec(log, 'a'),
    }]);
    for (const [f, tag] of [[b, 'b'], [c, 'c']] as const) {
      rfs_set_operations(f, [{ op_id: RFS_REG_FOP_OPEN, pre_cb: rec(log, tag), post_cb: rec(log, tag) }]);
    }
    for (const f of [a, b, c]) await subtree(f, '/tmp/deact');
    expect((await run(['/bin/cat', '/tmp/deact/f'])).out).toBe('d\n');
    expect(log.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual(['a:pre', 'c:pre', 'c:post', 'a:post']);
  });

  it('passes uncovered operations straight to the implementation', async () => {
    const f = filter('f', 1);
    let calls = 0;
    rfs_set_operations(f, [{ op_id: RFS_REG_FOP_READ, pre_cb: () => (calls++, RFS_CONTINUE) }]);
    await put('/tmp/somewhere/x', '');
    await subtree(f, '/tmp/somewhere');
    await put('/tmp/elsewhere', 'e\n');
    expect((await run(['/bin/cat', '/tmp/elsewhere'])).out).toBe('e\n');
    expect(calls).toBe(0);
    // With nothing covering, the hook returns the implementation's own (synchronous) result.
    const file = { f_path: { dentry: { d_parent: null }, mnt: null }, f_inode: { i_mode: 0o100644 } } as never;
    expect(vfs_dispatch('read', { file, buf: kernel_ptr(new Uint8Array(1)), count: 1, ppos: { pos: 0 } },
      { pid: 0, cred: { uid: 0, gid: 0, euid: 0, egid: 0, groups: [] } }, () => 42)).toBe(42);
  });
});
