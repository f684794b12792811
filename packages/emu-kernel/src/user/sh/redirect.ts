// Redirections: the shell opens the files itself and builds the descriptor table (logical descriptor
// -> one of the shell's own descriptors) that a command runs with; a child gets it as its spawn fd map.
import type { HereDoc, Redir, Word } from './ast.js';
import { open, close, pipe, writeAll, unlink, getpid, errno, strerror } from '../libc.js';
import { O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, O_EXCL } from '../../uapi/fcntl.js';

export interface RedirContext {
  /** The target word's fields (more than one is an ambiguous redirect). */
  expand(w: Word): string[];
  heredoc(doc: HereDoc): string;
}

export interface Redirected {
  io: number[];
  /** Descriptors opened for this command: close them when it has started or finished. */
  opened: number[];
}

const enc = new TextEncoder();
let tmpSeq = 0;
/** What a pipe holds before a writer blocks (the kernel's default pipe buffer). */
const PIPE_DEF_BUFFER = 65536;

export function closeAll(fds: number[]): void {
  for (const fd of fds) close(fd);
}

/** A readable descriptor holding `text` (a pipe when it fits, else an unlinked temporary file). */
function heredocFd(text: string): number | string {
  const data = enc.encode(text);
  if (data.length <= PIPE_DEF_BUFFER) {
    const p = pipe();
    if (!p) return `cannot make pipe for here-document: ${strerror(errno)}`;
    writeAll(p[1], data);
    close(p[1]);
    return p[0];
  }
  const path = `/tmp/sh-thd-${getpid()}-${tmpSeq++}`;
  const w = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600);
  if (w < 0) return `cannot create temp file for here-document: ${strerror(errno)}`;
  writeAll(w, data);
  close(w);
  const r = open(path, O_RDONLY);
  unlink(path);
  return r < 0 ? `cannot open here-document: ${strerror(errno)}` : r;
}

/** Applies `redirs` to a copy of `base`; returns the new table or an error message (nothing left open). */
export function applyRedirs(redirs: Redir[], base: number[], ctx: RedirContext): Redirected | string {
  const io = [...base];
  const opened: number[] = [];
  const fail = (msg: string) => {
    closeAll(opened);
    return msg;
  };
  const set = (fd: number, real: number) => {
    while (io.length <= fd) io.push(-1);
    io[fd] = real;
  };
  for (const r of redirs) {
    const input = r.op.startsWith('<');
    const fd = r.fd ?? (input ? 0 : 1);
    if (r.heredoc) {
      const h = heredocFd(r.heredoc.expand ? ctx.heredoc(r.heredoc) : r.heredoc.body);
      if (typeof h === 'string') return fail(h);
      opened.push(h);
      set(fd, h);
      continue;
    }
    const fields = ctx.expand(r.target);
    if (fields.length !== 1) return fail(`${r.target.raw}: ambiguous redirect`);
    const target = fields[0];
    if (r.op === '<&' || r.op === '>&') {
      if (target === '-') {
        set(fd, -1);
        continue;
      }
      if (/^\d+$/.test(target)) {
        const src = io[Number(target)];
        if (src === undefined || src < 0) return fail(`${target}: Bad file descriptor`);
        set(fd, src);
        continue;
      }
      if (r.op === '<&' || r.fd !== null) return fail(`${target}: ambiguous redirect`);
    }
    let flags: number;
    switch (r.op) {
      case '<': flags = O_RDONLY; break;
      case '<>': flags = O_RDWR | O_CREAT; break;
      case '>>': case '&>>': flags = O_WRONLY | O_CREAT | O_APPEND; break;
      default: flags = O_WRONLY | O_CREAT | O_TRUNC;
    }
    const f = open(target, flags, 0o666);
    if (f < 0) return fail(`${target}: ${strerror(errno)}`);
    opened.push(f);
    if (r.op === '&>' || r.op === '&>>' || r.op === '>&') {
      set(1, f);
      set(2, f);
    } else set(fd, f);
  }
  return { io, opened };
}
