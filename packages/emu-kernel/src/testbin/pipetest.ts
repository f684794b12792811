// pipetest MODE: pipe semantics from user space.
//   eof      write "abc", close the writer: read gives 3 bytes, then 0 (end of file)
//   epipe    SIGPIPE ignored, close the reader: write fails with EPIPE
//   sigpipe  default SIGPIPE, close the reader: the write kills the process (status 128+13)
//   thrower  spawns "holdfds throw" with its stdout on our pipe, closes our writer: reading sees the
//            child's output, then end of file once the crashed child's descriptors are released
//   nonblock O_NONBLOCK empty pipe: read fails with EAGAIN
import { O_NONBLOCK } from '../uapi/fcntl.js';
import { F_SETFL } from '../uapi/fcntl.js';
import { SIGPIPE, SIG_IGN } from '../uapi/signal.js';
import { WIFSIGNALED, WTERMSIG } from '../uapi/wait.js';
import { close, fcntl, malloc, pipe, read, readAll, signal, spawn, waitpid, writeAll } from '../user/libc.js';
import { check, report } from './lib/report.js';

export default function main(argv: string[]): number {
  const mode = argv[1] ?? 'eof';
  const p = pipe();
  if (!p) {
    check('pipe', -1);
    return 1;
  }
  const [r, w] = p;
  const buf = malloc(64);
  switch (mode) {
    case 'eof':
      check('write', writeAll(w, 'abc'));
      check('close_writer', close(w));
      check('read1', read(r, buf, 64));
      check('read2', read(r, buf, 64));
      return 0;
    case 'epipe':
      signal(SIGPIPE, SIG_IGN);
      close(r);
      check('write', writeAll(w, 'x'));
      return 0;
    case 'sigpipe':
      close(r);
      report('ready', 1);
      writeAll(w, 'x');
      report('survived', 1);
      return 0;
    case 'nonblock':
      fcntl(r, F_SETFL, O_NONBLOCK);
      check('read', read(r, buf, 64));
      return 0;
    case 'thrower': {
      const pid = spawn('/usr/libexec/emu-test/holdfds', ['holdfds', 'throw', '/dev/null'], undefined, [0, w, 2]);
      check('spawn', pid < 0 ? -1 : 0);
      close(w);
      const data = readAll(r);
      report('child_output', data ? JSON.stringify(new TextDecoder().decode(data)) : 'null');
      report('eof', data ? 1 : 0);
      const st = waitpid(pid);
      report('child_signal', st && WIFSIGNALED(st[1]) ? WTERMSIG(st[1]) : 0);
      return 0;
    }
    default:
      report('error', `unknown mode ${mode}`);
      return 2;
  }
}
