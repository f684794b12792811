// (e) What RedirFS costs a VFS operation, measured in-kernel: kernel API calls from the host on the
// booted machine (no process, no system call), so only the VFS and the hook are timed:
//   open+read+close  do_filp_open + kernel_read (16 bytes) + filp_close of a small file
//   lookup (stat)    kern_path of a file three levels down + vfs_getattr
// in five set-ups, alternated batch by batch so drift hits them alike:
//   no redirfs                   the VFS hook not installed
//   redirfs, no filters          redirfs_init only
//   redirfs, no filter on path   one active filter with empty callbacks on every operation, its path
//                                elsewhere: the hook finds the operation filtered and walks the path
//   1 / 8 filters on path        1 or 8 active filters with empty pre- and post-callbacks on every
//                                operation, each including the file's directory tree
// Targets (issue 3): redirfs with no filter on the path <= 1.10x no redirfs; each filter adds <= 10%
// (1 filter <= 1.10x, 8 filters <= 1.80x the no-filter-on-path cost).
// Schedule: each round measures one operation in every set-up before the next operation, with the set-ups
// ordered so that each one sits next to its baseline (loaded, none, elsewhere, one, eight), and every other
// round in reverse order; a paired ratio then compares batches run back to back, which keeps the load of a
// shared machine from landing on one side of a pair more often than on the other.
import { bootMachine } from '../lib/machine.mjs';
import { median, spread } from '../lib/stats.mjs';
import { kernel_ctx, kernel_write_file } from '../../packages/emu-kernel/dist/init/main.js';
import { do_filp_open } from '../../packages/emu-kernel/dist/fs/open.js';
import { filp_close } from '../../packages/emu-kernel/dist/fs/file.js';
import { kernel_read } from '../../packages/emu-kernel/dist/fs/read_write.js';
import { kern_path } from '../../packages/emu-kernel/dist/fs/namei.js';
import { vfs_getattr } from '../../packages/emu-kernel/dist/fs/stat.js';
import { O_RDONLY } from '../../packages/emu-kernel/dist/uapi/fcntl.js';
import { redirfs_init, redirfs_exit, redirfs_running } from '../../packages/redirfs/dist/chain.js';
import { rfs_register_filter, rfs_set_operations } from '../../packages/redirfs/dist/filter.js';
import { rfs_set_path } from '../../packages/redirfs/dist/path.js';
import { RFS_OP_END } from '../../packages/redirfs/dist/ops.js';
import { RFS_CONTINUE, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE } from '../../packages/redirfs/dist/rfs.js';

const DIR = '/bench-redirfs/a/b';
const FILE = `${DIR}/f`;
const OTHER = '/bench-redirfs-other';

const empty = () => RFS_CONTINUE;
const ALL_OPS = Array.from({ length: RFS_OP_END }, (_, op_id) => ({ op_id, pre_cb: empty, post_cb: empty }));

async function filters(n, path) {
  for (let i = 0; i < n; i++) {
    const { err, filter } = rfs_register_filter({ name: `bench${i}`, priority: 1000 + i, active: 1 });
    if (err) throw new Error(`rfs_register_filter: ${err}`);
    if (rfs_set_operations(filter, ALL_OPS)) throw new Error('rfs_set_operations failed');
    const e = await rfs_set_path(filter, { path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE });
    if (e) throw new Error(`rfs_set_path ${path}: ${e}`);
  }
}

const SETUPS = [
  { key: 'none', label: 'no redirfs', async up() {} },
  { key: 'loaded', label: 'redirfs, no filters', async up() { redirfs_init(); } },
  { key: 'elsewhere', label: 'redirfs, no filter on path', async up() { redirfs_init(); await filters(1, OTHER); } },
  { key: 'one', label: '1 filter on path', async up() { redirfs_init(); await filters(1, '/bench-redirfs'); } },
  { key: 'eight', label: '8 filters on path', async up() { redirfs_init(); await filters(8, '/bench-redirfs'); } },
];

const ctx = () => kernel_ctx();
const caller = () => ({ pid: 0, cred: kernel_ctx().cred });

const OPS = [
  {
    key: 'open', label: 'open+read+close',
    async once(c, k, buf) {
      const f = await do_filp_open(c, FILE, O_RDONLY, 0);
      if (typeof f === 'number') throw new Error(`open ${FILE}: ${f}`);
      const n = await kernel_read(f, buf, { pos: 0 }, k);
      if (n !== 16) throw new Error(`read: ${n}`);
      await filp_close(f, k);
    },
  },
  {
    key: 'stat', label: 'lookup (stat)',
    async once(c) {
      const p = await kern_path(c, FILE, 0);
      if (typeof p === 'number') throw new Error(`kern_path ${FILE}: ${p}`);
      if (vfs_getattr(p.dentry).size !== 16) throw new Error('stat: wrong size');
    },
  },
];

/** Runs `op` for about `ms` milliseconds; nanoseconds per call. */
async function batch(op, ms) {
  const c = ctx(), k = caller(), buf = new Uint8Array(16);
  for (let i = 0; i < 50; i++) await op.once(c, k, buf);
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 32; i++) await op.once(c, k, buf);
    calls += 32;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  return (elapsed * 1e6) / calls;
}

export default {
  name: 'redirfs',
  description: 'RedirFS hook cost on open+read+close and lookup, in-kernel (kernel API from the host)',
  async run({ quick, progress }) {
    await bootMachine();
    if (redirfs_running()) throw new Error('redirfs is already running on the benchmark machine');
    for (const p of [FILE, `${OTHER}/x`]) {
      const r = await kernel_write_file({ path: p, mode: 0o644, content: '0123456789abcdef' });
      if (r) throw new Error(`cannot create ${p}: ${r}`);
    }
    const rounds = quick ? 6 : 30, ms = quick ? 20 : 40;
    const samples = new Map();
    const order = ['loaded', 'none', 'elsewhere', 'one', 'eight'].map((k) => SETUPS.find((s) => s.key === k));
    // Round 0 warms the JIT up on every path and is not counted.
    for (let round = 0; round <= rounds; round++) {
      progress(round ? `round ${round}/${rounds}` : 'warm-up');
      for (const op of OPS) {
        for (const s of round % 2 ? [...order].reverse() : order) {
          await s.up();
          try {
            const key = `${op.key}/${s.key}`;
            const ns = await batch(op, ms);
            if (!round) continue;
            if (!samples.has(key)) samples.set(key, []);
            samples.get(key).push(ns);
          } finally {
            redirfs_exit();
          }
        }
      }
    }
    const out = [];
    for (const op of OPS) {
      const test = (s) => `${op.label} (in-kernel), ${s.label}`;
      const xs = (key) => samples.get(`${op.key}/${key}`);
      /** The median of this set-up's batch over its baseline's in the same round. */
      const paired = (key, base) => median(xs(key).map((v, i) => v / xs(base)[i]));
      const against = (base, max_ratio) => (key) => ({
        baseline: `redirfs/${test(SETUPS.find((s) => s.key === base))}`, paired_ratio: paired(key, base), target: { max_ratio },
      });
      const judge = { loaded: against('none', 1.1), elsewhere: against('none', 1.1), one: against('elsewhere', 1.1),
        eight: against('elsewhere', 1.8) };
      for (const s of SETUPS) {
        out.push({ mechanism: 'redirfs', test: test(s), bytes: 0, ns_per_op: median(xs(s.key)), mb_per_s: null,
          spread: spread(xs(s.key)), samples: xs(s.key).length, ...(judge[s.key]?.(s.key) ?? {}) });
      }
    }
    return out;
  },
};
