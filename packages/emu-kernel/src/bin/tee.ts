// tee [-a] [FILE...]: copies standard input to standard output and to each file.
import { open, close, writeAll } from '../user/libc.js';
import { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } from '../uapi/fcntl.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { readChunks } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('tee [-a] [FILE]...', 'Copies standard input to standard output and to the FILEs (-a appends).');
  const r = getopt(argv, 'ai');
  if (typeof r === 'string') return usage('tee', r, 'tee [-a] [FILE]...');
  let status = 0;
  const fds = [1];
  for (const f of r.operands) {
    const fd = open(f, O_WRONLY | O_CREAT | (r.opts.has('a') ? O_APPEND : O_TRUNC), 0o666);
    if (fd < 0) {
      warn('tee', f);
      status = 1;
    } else fds.push(fd);
  }
  const names = ['standard output', ...r.operands];
  const dead = new Set<number>();
  const rc = readChunks(0, (chunk) => {
    fds.forEach((fd, i) => {
      if (dead.has(fd)) return;
      if (writeAll(fd, chunk) < 0) {
        warn('tee', names[i]);
        dead.add(fd);
        status = 1;
      }
    });
  });
  if (rc < 0) {
    warn('tee', 'read error');
    status = 1;
  }
  for (const fd of fds.slice(1)) close(fd);
  return status;
}
