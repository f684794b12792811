// dd [OPERAND]...: copies a file block by block. Operands if= of= bs= ibs= obs= count= skip= seek=
// conv=notrunc,noerror,sync,ucase,lcase,excl,nocreat,fsync,fdatasync iflag=fullblock status=none|noxfer|progress.
// Numbers take the suffixes c w b kB K MB M GB G and NxM products. Status 0, 1 on an error.
import { open, close, read, write, lseek, malloc, free, HEAP, errno, truncate, fstat, clock_ms, dprintf } from '../user/libc.js';
import { S_ISREG } from '../uapi/stat.js';
import { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_EXCL } from '../uapi/fcntl.js';
import { EINTR, ESPIPE } from '../uapi/errno.js';
import { warn, warnx } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'dd [OPERAND]...';
const HELP = `Copies a file, converting and formatting according to the operands.
  if=FILE     read from FILE instead of standard input
  of=FILE     write to FILE instead of standard output
  bs=BYTES    read and write up to BYTES bytes at a time (ibs= obs= separately; default 512)
  count=N     copy only N input blocks
  skip=N      skip N input blocks first;  seek=N  skip N output blocks first
  conv=LIST   notrunc, noerror, sync (pad blocks with NULs), ucase, lcase, excl, nocreat, fsync, fdatasync
  iflag=fullblock   accumulate full input blocks
  status=LEVEL      none (no statistics), noxfer (no transfer line), progress (accepted)
N and BYTES may have the suffixes c (1), w (2), b (512), kB (1000), K (1024), MB, M, GB, G, and be NxM.`;

const SUFFIX: Record<string, number> = { '': 1, c: 1, w: 2, b: 512, kB: 1000, K: 1024, k: 1024, KiB: 1024, MB: 1e6, M: 1 << 20,
  MiB: 1 << 20, GB: 1e9, G: 1 << 30, GiB: 1 << 30 };

/** "2x1K" and the like; null when invalid. Exported for the tests. */
export function parseSize(s: string): number | null {
  let n = 1;
  for (const part of s.split('x')) {
    const m = /^(\d+)([a-zA-Z]*)$/.exec(part);
    if (!m || SUFFIX[m[2]] === undefined) return null;
    n *= Number(m[1]) * SUFFIX[m[2]];
  }
  return Number.isSafeInteger(n) ? n : null;
}

function human(n: number, base: number, units: string[]): string {
  let i = -1;
  let v = n;
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  if (i < 0) return `${n} B`;
  return `${v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : Math.ceil(v)} ${units[i]}`;
}

/** The statistics line GNU dd prints (exported for the tests). */
export function transferLine(bytes: number, ms: number): string {
  const secs = Math.max(ms, 0.001) / 1000;
  const rate = bytes / secs;
  const size = bytes < 1000 ? `${bytes} byte${bytes === 1 ? '' : 's'}` :
    `${bytes} bytes (${human(bytes, 1000, ['kB', 'MB', 'GB', 'TB'])}, ${human(bytes, 1024, ['KiB', 'MiB', 'GiB', 'TiB'])})`;
  const r = human(Math.round(rate), 1000, ['kB', 'MB', 'GB', 'TB']).replace(' B', ' B');
  return `${size} copied, ${Number(secs.toPrecision(3))} s, ${r}/s\n`;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, HELP);
  let ifile: string | null = null, ofile: string | null = null;
  let ibs = 512, obs = 512, bs: number | null = null, count = Infinity, skip = 0, seek = 0;
  const conv = new Set<string>();
  let fullblock = false;
  let statusLevel = 'default';
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      warnx('dd', `unrecognized operand '${a}'\nUsage: ${SYNOPSIS}`);
      return 1;
    }
    const k = a.slice(0, eq), v = a.slice(eq + 1);
    const num = () => {
      const n = parseSize(v);
      if (n === null) {
        warnx('dd', `invalid number: '${v}'`);
        return null;
      }
      return n;
    };
    let n: number | null = 0;
    switch (k) {
      case 'if': ifile = v; break;
      case 'of': ofile = v; break;
      case 'bs': case 'ibs': case 'obs': case 'count': case 'skip': case 'seek': case 'iseek': case 'oseek':
        if ((n = num()) === null) return 1;
        if ((k === 'bs' || k === 'ibs' || k === 'obs') && n === 0) {
          warnx('dd', `invalid number: '${v}'`);
          return 1;
        }
        if (k === 'bs') bs = n;
        else if (k === 'ibs') ibs = n;
        else if (k === 'obs') obs = n;
        else if (k === 'count') count = n;
        else if (k === 'skip' || k === 'iseek') skip = n;
        else seek = n;
        break;
      case 'conv':
        for (const c of v.split(',')) {
          if (!['notrunc', 'noerror', 'sync', 'ucase', 'lcase', 'excl', 'nocreat', 'fsync', 'fdatasync'].includes(c)) {
            warnx('dd', `invalid conversion: '${c}'`);
            return 1;
          }
          conv.add(c);
        }
        break;
      case 'iflag': case 'oflag':
        for (const c of v.split(',')) {
          if (c === 'fullblock' && k === 'iflag') fullblock = true;
          else if (!['direct', 'dsync', 'sync', 'nonblock', 'noatime', 'nocache', 'binary', 'text'].includes(c)) {
            warnx('dd', `invalid input flag: '${c}'`);
            return 1;
          }
        }
        break;
      case 'status':
        if (!['none', 'noxfer', 'progress'].includes(v)) {
          warnx('dd', `invalid status level: '${v}'`);
          return 1;
        }
        statusLevel = v;
        break;
      default:
        warnx('dd', `unrecognized operand '${a}'\nUsage: ${SYNOPSIS}`);
        return 1;
    }
  }
  if (bs !== null) ibs = obs = bs;
  const ifd = ifile === null ? 0 : open(ifile, O_RDONLY);
  if (ifd < 0) {
    warn('dd', `failed to open '${ifile}'`);
    return 1;
  }
  let ofd = 1;
  if (ofile !== null) {
    const flags = O_WRONLY | (conv.has('nocreat') ? 0 : O_CREAT) | (conv.has('excl') ? O_EXCL : 0) |
      (!conv.has('notrunc') && !seek ? O_TRUNC : 0);
    ofd = open(ofile, flags, 0o666);
    if (ofd < 0) {
      warn('dd', `failed to open '${ofile}'`);
      if (ifd) close(ifd);
      return 1;
    }
    if (seek && !conv.has('notrunc') && truncate(ofile, seek * obs) < 0 && S_ISREG(fstat(ofd)?.mode ?? 0)) {
      // As GNU dd: a regular file's truncation that failed ends the copy before it starts (a device's
      // is ignored).
      warn('dd', `failed to truncate to ${seek * obs} bytes in output file '${ofile}'`);
      close(ofd);
      if (ifd) close(ifd);
      return 1;
    }
  }
  const bufsz = Math.max(ibs, obs);
  const buf = malloc(bufsz);
  const t0 = clock_ms();
  let fullIn = 0, partIn = 0, fullOut = 0, partOut = 0, bytes = 0, status = 0;
  const readBlock = (): number => {
    let got = 0;
    for (;;) {
      const n = read(ifd, buf + got, ibs - got);
      if (n < 0) {
        if (errno === EINTR) continue;
        return got ? got : -1;
      }
      got += n;
      if (n === 0 || !fullblock || got === ibs) return got;
    }
  };
  const writeOut = (p: number, n: number): boolean => {
    let done = 0;
    while (done < n) {
      const w = write(ofd, p + done, n - done);
      if (w < 0) {
        if (errno === EINTR) continue;
        warn('dd', `error writing '${ofile ?? 'standard output'}'`);
        return false;
      }
      done += w;
    }
    if (n === obs) fullOut++;
    else partOut++;
    bytes += n;
    return true;
  };
  try {
    // skip= and seek=: by lseek, or by reading (and discarding) when the input is a pipe.
    if (skip) {
      if (lseek(ifd, skip * ibs, 0) < 0) {
        if (errno !== ESPIPE) {
          warn('dd', `'${ifile ?? 'standard input'}': cannot skip`);
          return 1;
        }
        for (let k = 0; k < skip; k++) if (readBlock() <= 0) break;
      }
    }
    if (seek && lseek(ofd, seek * obs, 0) < 0) {
      warn('dd', `'${ofile ?? 'standard output'}': cannot seek`);
      return 1;
    }
    let pending = new Uint8Array(0);
    const emit = (data: Uint8Array): boolean => {
      // bs=: each input block is written as it is; else output is gathered in obs-sized blocks.
      if (bs !== null) {
        HEAP.set(data, buf);
        return writeOut(buf, data.length);
      }
      const all = new Uint8Array(pending.length + data.length);
      all.set(pending);
      all.set(data, pending.length);
      let o = 0;
      for (; all.length - o >= obs; o += obs) {
        HEAP.set(all.subarray(o, o + obs), buf);
        if (!writeOut(buf, obs)) return false;
      }
      pending = all.slice(o);
      return true;
    };
    for (let blocks = 0; blocks < count; blocks++) {
      const n = readBlock();
      if (n < 0) {
        warn('dd', `error reading '${ifile ?? 'standard input'}'`);
        status = 1;
        if (conv.has('noerror')) continue;
        break;
      }
      if (n === 0) break;
      if (n === ibs) fullIn++;
      else partIn++;
      let data = HEAP.slice(buf, buf + n);
      if (conv.has('sync') && n < ibs) {
        const padded = new Uint8Array(ibs);
        padded.set(data);
        data = padded;
      }
      if (conv.has('ucase') || conv.has('lcase')) {
        data = data.map((b) => (conv.has('ucase') ? (b >= 97 && b <= 122 ? b - 32 : b) : b >= 65 && b <= 90 ? b + 32 : b));
      }
      if (!emit(data)) {
        status = 1;
        break;
      }
    }
    if (pending.length) {
      HEAP.set(pending, buf);
      if (!writeOut(buf, pending.length)) status = 1;
    }
  } finally {
    free(buf);
    if (ifd) close(ifd);
    if (ofd > 1) close(ofd);
  }
  if (statusLevel !== 'none') {
    let s = `${fullIn}+${partIn} records in\n${fullOut}+${partOut} records out\n`;
    if (statusLevel !== 'noxfer') s += transferLine(bytes, clock_ms() - t0);
    dprintf(2, s);
  }
  return status;
}
