// The control files at the top of tracefs (kernel/trace/trace.c's tracer_init_tracefs): trace (the
// buffer as text, with its header; a truncating open clears it), trace_pipe (a read that takes records
// out and sleeps while there are none; poll), tracing_on, buffer_size_kb and set_event_pid.
import { EAGAIN, EFAULT, EINVAL, ERESTARTSYS } from '../../uapi/errno.js';
import { O_NONBLOCK, O_TRUNC } from '../../uapi/fcntl.js';
import { POLLIN, POLLRDNORM } from '../../uapi/poll.js';
import { FMODE_READ, FMODE_WRITE, type Dentry, type File, type FileOperations } from '../../fs/fs.js';
import { default_llseek, no_llseek, simple_read_from_buffer } from '../../fs/libfs.js';
import { poll_wait } from '../../fs/poll_table.js';
import { copy_to_user } from '../../mm/uaccess.js';
import { tracefs_create_file } from '../../fs/tracefs/inode.js';
import { current } from '../task.js';
import { wait_event_interruptible } from '../wait.js';
import { host } from '../host.js';
import { trace_buffer, trace_pids, trace_pipe_wait, tracing_is_on, tracing_set_on } from './trace.js';
import { trace_format_entry, trace_header } from './trace_output.js';
import { parse_bool01, text_fops } from './trace_text.js';

const enc = new TextEncoder();

/** The text of the buffer now: the header, then one line per record. */
function trace_text(): string {
  const b = trace_buffer();
  const lines = b.snapshot().map(trace_format_entry);
  return trace_header(lines.length, b.written, host().info.cpus) + lines.map((l) => l + '\n').join('');
}

const trace_fops: FileOperations = {
  open(_inode, file) {
    if (file.f_mode & FMODE_WRITE && file.f_flags & O_TRUNC) trace_buffer().reset();
    // A reader sees the buffer as it was at open, however long it takes to read it.
    file.private_data = file.f_mode & FMODE_READ ? enc.encode(trace_text()) : null;
    return 0;
  },
  read: (file, buf, count, ppos) => simple_read_from_buffer(buf, count, ppos, file.private_data as Uint8Array),
  // What is written is ignored: clearing is the truncating open's (`echo > trace`).
  write: (_file, _buf, count) => count,
  llseek: default_llseek,
};

const TRACE_PIPE_READ_MAX = 64 * 1024;

/** A trace_pipe reader's part of a line its last read had no room for. */
interface PipeReader {
  left: Uint8Array | null;
}

async function trace_pipe_read(file: File, buf: import('../../mm/uaccess.js').UserPtr, count: number): Promise<number> {
  const r = file.private_data as PipeReader;
  const task = current();
  if (!count) return 0;
  const b = trace_buffer();
  while (!r.left && !b.length) {
    if (file.f_flags & O_NONBLOCK) return -EAGAIN;
    if (await wait_event_interruptible(trace_pipe_wait(), () => b.length > 0, task)) return -ERESTARTSYS;
  }
  // Linux hands out at most a page of text per read; a large count must not make a large buffer here.
  count = Math.min(count, TRACE_PIPE_READ_MAX);
  const out = new Uint8Array(count);
  let n = 0;
  for (;;) {
    let line = r.left;
    r.left = null;
    if (!line) {
      const e = b.peek();
      if (!e) break;
      line = enc.encode(trace_format_entry(e) + '\n');
      // A whole line, or the start of one when it is longer than the whole read.
      if (n + line.length > count && n > 0) break;
      b.consume();
    }
    const take = Math.min(line.length, count - n);
    out.set(line.subarray(0, take), n);
    n += take;
    if (take < line.length) {
      r.left = line.subarray(take);
      break;
    }
  }
  if (copy_to_user(buf, out.subarray(0, n), n)) return -EFAULT;
  return n;
}

const trace_pipe_fops: FileOperations = {
  open(_inode, file) {
    file.private_data = { left: null } satisfies PipeReader;
    return 0;
  },
  read: (file, buf, count) => trace_pipe_read(file, buf, count),
  poll(file, pt) {
    poll_wait(file, trace_pipe_wait(), pt);
    const r = file.private_data as PipeReader;
    return r.left || trace_buffer().length ? POLLIN | POLLRDNORM : 0;
  },
  llseek: no_llseek,
};

const tracing_on_fops = text_fops({
  show: () => (tracing_is_on() ? '1\n' : '0\n'),
  store: (text) => {
    const on = parse_bool01(text);
    if (on === null) return -EINVAL;
    tracing_set_on(on);
    return 0;
  },
});

const buffer_size_fops = text_fops({
  show: () => `${Math.round(trace_buffer().size_bytes / 1024)}\n`,
  store: (text) => {
    const s = text.trim();
    if (!/^[0-9]+$/.test(s)) return -EINVAL;
    const kb = Number(s);
    // Linux takes 0 as "as small as possible": one page here.
    if (!Number.isSafeInteger(kb) || kb > 1024 * 1024) return -EINVAL;
    trace_buffer().resize(Math.max(kb, 4) * 1024);
    return 0;
  },
});

const set_event_pid_fops = text_fops({
  show: () => [...trace_pids()].sort((a, b) => a - b).map((p) => `${p}\n`).join(''),
  truncate: () => trace_pids().clear(),
  store: (text) => {
    const words = text.split(/\s+/).filter(Boolean);
    if (!words.every((w) => /^[0-9]+$/.test(w) && Number(w) <= 0x3fffffff)) return -EINVAL;
    for (const w of words) trace_pids().add(Number(w));
    return 0;
  },
});

/** Makes the control files under the tracefs root. */
export function tracer_init_tracefs(root: Dentry | null): void {
  tracefs_create_file('trace', 0o644, root, null, trace_fops);
  tracefs_create_file('trace_pipe', 0o444, root, null, trace_pipe_fops);
  tracefs_create_file('tracing_on', 0o644, root, null, tracing_on_fops);
  tracefs_create_file('buffer_size_kb', 0o644, root, null, buffer_size_fops);
  tracefs_create_file('set_event_pid', 0o644, root, null, set_event_pid_fops);
}

