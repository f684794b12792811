// liburfs for filter programs: the connection and the RFS API with the kernel's names (urfs.ts), the main
// loop (main.ts), workers (workers.ts), and RedirFS's constants (errors, callback results, path flags,
// operation ids).
export * from './urfs.js';
export * from './main.js';
export { urfs_spawn_workers } from './workers.js';
export {
  RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_NOMEM, RFS_ERR_NOENT, RFS_ERR_NAMETOOLONG, RFS_ERR_EXIST, RFS_ERR_NODATA,
  RFS_ERR_NOTDIR, RFS_ERR_OPNOTSUPP, rfs_err_of, RFS_STOP, RFS_CONTINUE, RFS_PATH_SINGLE, RFS_PATH_SUBTREE,
  RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE, RFS_NAME_MAX, type rfs_err, type rfs_retv, type rfs_filter_info,
  type rfs_path_info, type rfs_mod, type rfs_op_type,
} from '@urfs/redirfs/rfs';
export * from '@urfs/redirfs/ops';
export { urfs_run } from './run.js';
export type {
  urfs_filter_def, urfs_ops, urfs_op_def, urfs_op_name, urfs_op_args_map, urfs_call, urfs_result, urfs_handler,
  urfs_obj, urfs_def_context,
} from './filter_def.js';
