// The child strace starts, as strace's fork does: asks to be traced by its parent, stops so that the
// tracer can set its options, then execs the command (whose execve is the first call in the trace).
//   traceme PATH ARGV0 [ARGS...]
import { ptrace, kill, getpid, execve, dprintf, strerror, errno, environ, malloc, free } from '@urfs/emu-kernel/user/libc';
import { PTRACE_TRACEME } from '@urfs/emu-kernel/uapi/ptrace';
import { SIGSTOP } from '@urfs/emu-kernel/uapi/signal';

export default function main(argv: string[]): number {
  if (argv.length < 3 || argv[1] === '--help') {
    dprintf(argv.length < 3 ? 2 : 1, 'usage: traceme PATH ARGV0 [ARGS...]\n' +
      'Becomes a tracee of its parent (PTRACE_TRACEME), stops, then executes PATH; strace starts commands so.\n');
    return argv.length < 3 ? 2 : 0;
  }
  if (ptrace(PTRACE_TRACEME, 0) < 0) {
    dprintf(2, `strace: ptrace(PTRACE_TRACEME): ${strerror(errno)}\n`);
    return 1;
  }
  // The heap execve copies its arguments into is grown now, so that execve is the first call traced.
  free(malloc(64 * 1024));
  kill(getpid(), SIGSTOP);
  execve(argv[1], argv.slice(2), environ);
  dprintf(2, `strace: exec: ${strerror(errno)}\n`);
  return 127;
}
