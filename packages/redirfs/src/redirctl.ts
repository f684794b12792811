// /dev/redirctl (the thesis's redirctl.c): a character device with only an ioctl, through which an
// administrator lists the filters and their paths and asks a filter to set a path or to (de)activate.
// Changes go through the filter's modifier callback, so each filter decides what it allows.
// The argument layouts are in redirctl_abi.ts.
import type { File, FileOperations } from '@urfs/emu-kernel/fs/fs';
import { register_chrdev, unregister_chrdev } from '@urfs/emu-kernel/drivers/char/chrdev';
import { devtmpfs_create_node, devtmpfs_delete_node } from '@urfs/emu-kernel/fs/devtmpfs';
import { copy_to_user, get_user, memdup_user, type UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { capable } from '@urfs/emu-kernel/kernel/cred';
import { PATH_MAX } from '@urfs/emu-kernel/fs/namei';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { EBUSY, EFAULT, EINVAL, ENAMETOOLONG, ENODEV, ENOTTY, EPERM } from '@urfs/emu-kernel/uapi/errno';
import { RFS_NAME_MAX, type rfs_mod } from './rfs.js';
import { flt_get_by_name, flt_get_all_infos, flt_execute_mod_cb, type rfs_filter } from './filter.js';
import { path_get_infos } from './path.js';
import {
  REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE, REDIRCTL_CMD_GET_FILTERS_INFO_DATA, REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE,
  REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA, REDIRCTL_CMD_SET_FILTER_PATH, REDIRCTL_CMD_ACTIVATE_FILTER,
  REDIRCTL_CMD_DEACTIVATE_FILTER, redirctl_pack_filters, redirctl_pack_paths,
} from './redirctl_abi.js';

/** What PREPARE computed for the DATA call after it, per open file (not global: callers may overlap). */
interface redirctl_file {
  filters: Uint8Array | null;
  paths: Uint8Array | null;
}

const dec = new TextDecoder();

/** A length-prefixed string at `p`: the string and the pointer past it, or -errno. */
function get_chararr(p: UserPtr, max: number): { s: string; next: UserPtr } | number {
  const n = get_user(p, 4);
  if (typeof n !== 'number') return n.err;
  if (n < 0) return -EINVAL;
  if (n > max) return -ENAMETOOLONG;
  const bytes = memdup_user(p.add(4), n);
  if (typeof bytes === 'number') return bytes;
  return { s: dec.decode(bytes), next: p.add(4 + n) };
}

/** The filter named at `p`: the filter and the pointer past the name, or -errno (ENODEV if unknown). */
function get_filter(p: UserPtr): { flt: rfs_filter; next: UserPtr } | number {
  const name = get_chararr(p, RFS_NAME_MAX);
  if (typeof name === 'number') return name;
  const flt = flt_get_by_name(name.s);
  return flt ? { flt, next: name.next } : -ENODEV;
}

async function modify(file: File, arg: UserPtr, cmd: number): Promise<number> {
  if (!capable(file.f_cred)) return -EPERM;
  const g = get_filter(arg);
  if (typeof g === 'number') return g;
  let mod: rfs_mod;
  if (cmd === REDIRCTL_CMD_SET_FILTER_PATH) {
    const path = get_chararr(g.next, PATH_MAX);
    if (typeof path === 'number') return path;
    const flags = get_user(path.next, 4);
    if (typeof flags !== 'number') return flags.err;
    mod = { type: 'set_path', path_info: { path: path.s, flags } };
  } else {
    mod = { type: cmd === REDIRCTL_CMD_ACTIVATE_FILTER ? 'activate' : 'deactivate' };
  }
  return flt_execute_mod_cb(g.flt, mod);
}

function hand_over(prepared: Uint8Array | null, arg: UserPtr): number {
  if (!prepared) return -EINVAL;
  return copy_to_user(arg, prepared) ? -EFAULT : prepared.length;
}

async function redirctl_ioctl(file: File, cmd: number, arg: UserPtr): Promise<number> {
  const st = file.private_data as redirctl_file;
  switch (cmd) {
    case REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE:
      st.filters = redirctl_pack_filters(flt_get_all_infos());
      return st.filters.length;
    case REDIRCTL_CMD_GET_FILTERS_INFO_DATA: {
      const r = hand_over(st.filters, arg);
      if (r >= 0) st.filters = null;
      return r;
    }
    case REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE: {
      const g = get_filter(arg);
      if (typeof g === 'number') return g;
      st.paths = redirctl_pack_paths(path_get_infos(g.flt).paths);
      return st.paths.length;
    }
    case REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA: {
      const r = hand_over(st.paths, arg);
      if (r >= 0) st.paths = null;
      return r;
    }
    case REDIRCTL_CMD_SET_FILTER_PATH:
    case REDIRCTL_CMD_ACTIVATE_FILTER:
    case REDIRCTL_CMD_DEACTIVATE_FILTER:
      return modify(file, arg, cmd);
    default:
      return -ENOTTY;
  }
}

const redirctl_fops: FileOperations = {
  open(_inode, file) {
    file.private_data = { filters: null, paths: null } satisfies redirctl_file;
    return 0;
  },
  release() {
    return 0;
  },
  unlocked_ioctl: redirctl_ioctl,
};

let major = 0;

/** Registers the device and creates /dev/redirctl (root only). Returns 0 or -errno (-EBUSY if it is there). */
export function redirctl_init(): number {
  if (major) return -EBUSY;
  const r = register_chrdev(0, 'redirctl', redirctl_fops);
  if (r < 0) return r;
  const node = devtmpfs_create_node('redirctl', r, 0, 0o600);
  if (typeof node === 'number') {
    unregister_chrdev(r, 'redirctl');
    return node;
  }
  major = r;
  pr_info(`redirfs: control device /dev/redirctl (major ${r})`);
  return 0;
}

export function redirctl_exit(): void {
  if (!major) return;
  devtmpfs_delete_node('redirctl');
  unregister_chrdev(major, 'redirctl');
  major = 0;
}
