// Host-attached terminals (Linux's hvc, the hypervisor console). Each command a host attaches to a
// running machine gets a pair of devices: /dev/hvcN (input and standard output) and /dev/hvcN+1 (standard
// error); bytes written there go back to that host client only.
import { EFAULT, ENXIO } from '../../uapi/errno.js';
import { POLLHUP } from '../../uapi/poll.js';
import { MINOR } from '../../kernel/kdev_t.js';
import type { FileOperations } from '../../fs/fs.js';
import { copy_from_user } from '../../mm/uaccess.js';
import { TtyInput } from './tty_buffer.js';
import { register_chrdev } from '../char/chrdev.js';
import { devtmpfs_create_node, devtmpfs_delete_node } from '../../fs/devtmpfs.js';

export const HVC_MAJOR = 229;

export interface HvcSession {
  /** Minor of the input/output device; minor + 1 is the error device. */
  minor: number;
  /** Feeds host input; null is end of input. */
  input(data: Uint8Array | null): void;
  close(): void;
}

interface Port {
  write(stream: 'stdout' | 'stderr', data: Uint8Array): void;
  input: TtyInput;
}
let ports = new Map<number, Port>();
let next_minor = 0;

function port_of(minor: number): { port: Port; err: boolean } | undefined {
  const base = minor & ~1;
  const port = ports.get(base);
  return port ? { port, err: (minor & 1) === 1 } : undefined;
}

const hvc_fops: FileOperations = {
  open(inode) {
    return port_of(MINOR(inode.i_rdev)) ? 0 : -ENXIO;
  },
  read(file, buf, count) {
    const p = port_of(MINOR(file.f_inode.i_rdev));
    return p ? p.port.input.read(file, buf, count) : 0;
  },
  write(file, buf, count) {
    const p = port_of(MINOR(file.f_inode.i_rdev));
    if (!p) return -ENXIO;
    const data = new Uint8Array(count);
    if (copy_from_user(data, buf, count)) return -EFAULT;
    p.port.write(p.err ? 'stderr' : 'stdout', data);
    return count;
  },
  poll(file, wait) {
    const p = port_of(MINOR(file.f_inode.i_rdev));
    return p ? p.port.input.poll(file, wait) : POLLHUP;
  },
  llseek: () => -29,
};

export function hvc_init(): void {
  ports = new Map();
  next_minor = 0;
  register_chrdev(HVC_MAJOR, 'hvc', hvc_fops);
}

/** Creates a session's devices; `write` receives what its processes print. */
export function hvc_alloc(write: Port['write']): HvcSession {
  const minor = next_minor;
  next_minor += 2;
  const port: Port = { write, input: new TtyInput() };
  ports.set(minor, port);
  devtmpfs_create_node(`hvc${minor}`, HVC_MAJOR, minor, 0o600);
  devtmpfs_create_node(`hvc${minor + 1}`, HVC_MAJOR, minor + 1, 0o600);
  return {
    minor,
    input: (data) => port.input.push(data),
    close() {
      port.input.push(null);
      ports.delete(minor);
      devtmpfs_delete_node(`hvc${minor}`);
      devtmpfs_delete_node(`hvc${minor + 1}`);
    },
  };
}
