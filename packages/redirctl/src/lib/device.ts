// /dev/redirctl from user space: open, the seven ioctl commands with their packed arguments (the
// layouts of @urfs/redirfs/redirctl_abi) in this process's memory, and the replies decoded. Every call
// answers its result or -errno.
import { open, close, ioctl, malloc, free, memcpy_to, memcpy_from, errno } from '@urfs/emu-kernel/user/libc';
import { O_RDWR, O_CLOEXEC } from '@urfs/emu-kernel/uapi/fcntl';
import { EBADMSG } from '@urfs/emu-kernel/uapi/errno';
import {
  REDIRCTL_DEVICE, REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE, REDIRCTL_CMD_GET_FILTERS_INFO_DATA,
  REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE, REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA, REDIRCTL_CMD_SET_FILTER_PATH,
  REDIRCTL_CMD_ACTIVATE_FILTER, REDIRCTL_CMD_DEACTIVATE_FILTER, redirctl_pack,
} from '@urfs/redirfs/redirctl_abi';
import { decode_filters, decode_paths, type filter_row, type path_row } from './records.js';

/** A decoding failure: the kernel's reply did not match the layout (`why` says how). */
export interface bad_reply {
  err: number;
  why: string;
}

export class redirctl_dev {
  private constructor(private fd: number) {}

  /** Opens the device: the handle, or -errno (EACCES for a user who is not root). */
  static open(path: string = REDIRCTL_DEVICE): redirctl_dev | number {
    const fd = open(path, O_RDWR | O_CLOEXEC);
    return fd < 0 ? -errno : new redirctl_dev(fd);
  }

  close(): void {
    if (this.fd >= 0) close(this.fd);
    this.fd = -1;
  }

  /** One ioctl with `arg` copied into a buffer of `size` bytes (at least arg's); the reply bytes too. */
  private call(cmd: number, arg: Uint8Array | null, size = arg?.length ?? 0): { r: number; out: Uint8Array } {
    const n = Math.max(size, arg?.length ?? 0);
    const p = n ? malloc(n) : 0;
    try {
      if (arg) memcpy_to(p, arg);
      const r = ioctl(this.fd, cmd, p);
      if (r < 0) return { r: -errno, out: new Uint8Array(0) };
      return { r, out: n ? memcpy_from(p, Math.min(r, n)) : new Uint8Array(0) };
    } finally {
      if (p) free(p);
    }
  }

  /** PREPARE then DATA with a buffer of the size PREPARE gave. */
  private fetch(prepare: number, data: number, arg: Uint8Array | null): Uint8Array | number {
    const size = this.call(prepare, arg).r;
    if (size < 0) return size;
    const { r, out } = this.call(data, null, size);
    return r < 0 ? r : out;
  }

  filters(): filter_row[] | number | bad_reply {
    const buf = this.fetch(REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE, REDIRCTL_CMD_GET_FILTERS_INFO_DATA, null);
    if (typeof buf === 'number') return buf;
    const rows = decode_filters(buf);
    return typeof rows === 'string' ? { err: -EBADMSG, why: rows } : rows;
  }

  paths(filter: string): path_row[] | number | bad_reply {
    const buf = this.fetch(REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE, REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA,
      redirctl_pack(filter));
    if (typeof buf === 'number') return buf;
    const rows = decode_paths(buf);
    return typeof rows === 'string' ? { err: -EBADMSG, why: rows } : rows;
  }

  set_path(filter: string, path: string, flags: number): number {
    return this.call(REDIRCTL_CMD_SET_FILTER_PATH, redirctl_pack(filter, path, flags)).r;
  }

  activate(filter: string): number {
    return this.call(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack(filter)).r;
  }

  deactivate(filter: string): number {
    return this.call(REDIRCTL_CMD_DEACTIVATE_FILTER, redirctl_pack(filter)).r;
  }
}
