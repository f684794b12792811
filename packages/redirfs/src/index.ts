// RedirFS for kernel code: filters, operations, paths, attached data and the framework's start and stop.
export * from './rfs.js';
export * from './ops.js';
export {
  type rfs_filter, type rfs_filter_event, type rfs_filter_notifier, rfs_register_filter, rfs_unregister_filter,
  rfs_set_operations, rfs_activate_filter, rfs_deactivate_filter, rfs_set_mod_cb, rfs_set_private_data,
  rfs_get_private_data, rfs_filter_generation, rfs_register_notifier, flt_get_by_name, flt_get_all_infos, flt_is_active, flt_execute_mod_cb,
} from './filter.js';
export {
  rfs_set_path, path_get_infos, path_rem, path_rem_by_name, path_rem_all, path_id_by_name, path_flags_for,
  path_flags_valid, rfs_get_filename, rfs_rem_path, rfs_rem_paths,
} from './path.js';
export * from './data.js';
export { redirfs_init, redirfs_exit, redirfs_running } from './chain.js';
export { redirctl_init, redirctl_exit } from './redirctl.js';
export { rfs_sysfs_init, rfs_sysfs_exit, rfs_flt_sysfs_init, rfs_flt_sysfs_exit } from './sysfs.js';
export * from './redirctl_abi.js';
