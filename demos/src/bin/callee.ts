// callee: the helper umh_ex starts from the kernel. Writes its argv and environment to /tmp/callee.out,
// one per line, and exits with $CALLEE_STATUS (0 when unset).
import { writeAll, open, close, dprintf, errno, strerror, getpid, getuid } from '@urfs/emu-kernel/user/libc';
import { O_WRONLY, O_CREAT, O_TRUNC } from '@urfs/emu-kernel/uapi/fcntl';

export const CALLEE_OUT = '/tmp/callee.out';

export default function main(argv: string[], envp: string[]): number {
  const lines = [`pid ${getpid()} uid ${getuid()}`, ...argv.map((a, i) => `argv[${i}]=${a}`), ...envp.map((e, i) => `envp[${i}]=${e}`)];
  const fd = open(CALLEE_OUT, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
  if (fd < 0) return dprintf(2, `callee: ${CALLEE_OUT}: ${strerror(errno)}\n`), 1;
  const w = writeAll(fd, lines.join('\n') + '\n');
  close(fd);
  if (w < 0) return 1;
  const st = Number(envp.find((e) => e.startsWith('CALLEE_STATUS='))?.slice(14) ?? 0);
  return Number.isInteger(st) ? st & 0xff : 0;
}
