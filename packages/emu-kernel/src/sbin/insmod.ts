// insmod FILE|NAME [param=value ...]: loads one module (finit_module). A bare NAME means
// /lib/modules/NAME.ko. Exits 1 with kmod's messages on failure.
import { O_RDONLY, O_CLOEXEC } from '../uapi/fcntl.js';
import { open, close, finit_module, errno, strerror, dprintf } from '../user/libc.js';
import { module_path, mod_strerror, error } from './lib/kmod.js';

/** Joins the parameters for the kernel, quoting values with blanks as insmod does. */
function join_params(args: string[]): string {
  return args.map((a) => {
    if (!/\s/.test(a)) return a;
    const eq = a.indexOf('=');
    return eq < 0 ? `"${a}"` : `${a.slice(0, eq + 1)}"${a.slice(eq + 1)}"`;
  }).join(' ');
}

export default function main(argv: string[]): number {
  const args = argv.slice(1);
  if (args[0] === '-h' || args[0] === '--help') {
    dprintf(1, 'Usage:\n\tinsmod [options] filename [args]\nOptions:\n\t-h, --help        show this help\n');
    return 0;
  }
  if (!args.length) {
    error('insmod', 'missing filename.');
    return 1;
  }
  const [mod, ...params] = args;
  const fd = open(module_path(mod), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error('insmod', `could not insert module ${mod}: ${strerror(errno)}`);
    return 1;
  }
  const r = finit_module(fd, join_params(params), 0);
  const e = errno;
  close(fd);
  if (r < 0) {
    error('insmod', `could not insert module ${mod}: ${mod_strerror(e)}`);
    return 1;
  }
  return 0;
}
