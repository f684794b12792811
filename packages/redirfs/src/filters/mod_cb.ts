// The modifier callback of the demo filters: they let the administrator (redirctl, sysfs) set their
// paths, remove them, and switch them on and off.
import { rfs_activate_filter, rfs_deactivate_filter, type rfs_filter } from '../filter.js';
import { rfs_set_path, path_rem, path_rem_all } from '../path.js';
import type { rfs_mod_cb } from '../rfs.js';

export function permissive_mod_cb(flt: rfs_filter): rfs_mod_cb {
  return (mod) => {
    switch (mod.type) {
      case 'activate': return rfs_activate_filter(flt);
      case 'deactivate': return rfs_deactivate_filter(flt);
      case 'set_path': return rfs_set_path(flt, mod.path_info);
      case 'rem_path': return path_rem(flt, mod.id);
      case 'rem_paths': return path_rem_all(flt);
    }
  };
}
