// rmmod [-f] NAME...: unloads modules (delete_module). Refuses, as kmod does, a module that is not
// loaded or still in use, naming the modules that hold it.
import { EAGAIN, EBUSY } from '../uapi/errno.js';
import { delete_module, errno, strerror, dprintf } from '../user/libc.js';
import { module_name, read_proc_modules, error } from './lib/kmod.js';

const O_NONBLOCK = 0o4000, O_TRUNC = 0o1000;

export default function main(argv: string[]): number {
  let force = false;
  const names: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '-f' || a === '--force') force = true;
    else if (a === '-h' || a === '--help') {
      dprintf(1, 'Usage:\n\trmmod [options] modulename ...\nOptions:\n\t-f, --force       forces a module unload\n');
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      error('rmmod', `unexpected option '${a}'`);
      return 1;
    } else names.push(a);
  }
  if (!names.length) {
    error('rmmod', 'missing module name.');
    return 1;
  }
  let status = 0;
  for (const arg of names) {
    const name = module_name(arg);
    const loaded = read_proc_modules();
    const m = loaded?.find((x) => x.name === name);
    if (loaded && !m) {
      error('rmmod', `Module ${name} is not currently loaded`);
      status = 1;
      continue;
    }
    if (m && m.holders.length) {
      error('rmmod', `Module ${name} is in use by: ${m.holders.join(' ')}`);
      status = 1;
      continue;
    }
    if (m && m.refcnt > 0 && !force) {
      error('rmmod', `Module ${name} is in use`);
      status = 1;
      continue;
    }
    if (delete_module(name, O_NONBLOCK | (force ? O_TRUNC : 0)) < 0) {
      if (errno === EBUSY || errno === EAGAIN) error('rmmod', `Module ${name} is in use`);
      else error('rmmod', `could not remove module ${name}: ${strerror(errno)}`);
      status = 1;
    }
  }
  return status;
}
