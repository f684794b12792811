// avscan [--db FILE] [--trust-uid UID]... [--trust-prog NAME]... [-b] [--workers N] PATH...: an anti-virus scanner (RedirFS's avflt,
// in user space). Every open of a regular file under PATH is scanned through the descriptor the kernel
// hands the filter; an infected file's open fails with EACCES and is logged; clean verdicts are cached by
// the kernel until the file changes; a file written to is scanned again when closed. Opens by trusted uids
// or programs (by command name) pass unscanned.
import { EACCES } from '@urfs/emu-kernel/uapi/errno';
import { O_ACCMODE, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { HEAP, free, malloc, read, readFile, writeAll } from '@urfs/emu-kernel/user/libc';
import { urfs_run, type urfs_filter_def } from '@urfs/liburfs/index';
import { find_signature, parse_signatures, type signature } from '../avscan_db.js';

const MAX = 16 << 20;
let sigs: signature[] = [];
const trusted = new Set<number>();
const trusted_progs = new Set<string>();

/** The file's bytes (up to MAX) through the descriptor, then the first signature in them. */
function scan(fd: number): string | null {
  const chunks: Uint8Array[] = [];
  const buf = malloc(65536);
  for (let total = 0, n = 0; total < MAX && (n = read(fd, buf, 65536)) > 0; total += n) chunks.push(HEAP.slice(buf, buf + n));
  free(buf);
  const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  chunks.reduce((at, c) => (all.set(c, at), at + c.length), 0);
  return find_signature(all, sigs);
}

const avscan: urfs_filter_def = {
  name: 'avscan',
  priority: 300,
  description: 'Scans files when opened (and after writing); refuses infected ones with EACCES.',
  options: { db: { arg: 'FILE', help: 'the signatures (default /etc/avscan.db)' },
    'trust-uid': { arg: 'UID', help: 'opens by this uid are not scanned' },
    'trust-prog': { arg: 'NAME', help: 'opens by this program (command name) are not scanned' } },
  start(o) {
    const file = o.db?.[0] ?? '/etc/avscan.db';
    const text = readFile(file);
    const r = text ? parse_signatures(new TextDecoder().decode(text), file) : `${file}: cannot be read`;
    if (typeof r === 'string') return r;
    sigs = r;
    for (const u of o['trust-uid'] ?? []) {
      if (!/^\d+$/.test(u)) return `--trust-uid needs a number, not ${u}`;
      trusted.add(Number(u));
    }
    for (const p of o['trust-prog'] ?? []) trusted_progs.add(p.slice(0, 15));
  },
  ops: {
    open: { types: ['reg'], object_fd: true, pre: (cx, { args }) => {
      if (trusted.has(cx.caller.uid) || trusted_progs.has(cx.caller.comm)) return;
      const hit = scan(args.fd);
      if (!hit) return { cache: true };
      writeAll(1, `avscan: ${args.path}: ${hit}: open by pid ${cx.caller.pid} (${cx.caller.comm}, uid ${cx.caller.uid}) refused\n`);
      // Not cached: a cached verdict holds for every caller, and trusted ones may open the file.
      return { deny: EACCES };
    } },
    release: { types: ['reg'], object_fd: true, post: (_cx, { args }) => {
      const hit = (args.f_flags & O_ACCMODE) !== O_RDONLY ? scan(args.fd) : null;
      if (hit) writeAll(1, `avscan: ${args.path}: ${hit}: found after a write\n`);
    } },
  },
};

export default (argv: string[]): Promise<number> => urfs_run(avscan, argv);
