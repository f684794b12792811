// The part of the RFS API that portable filters (scramble_filter.ts, empty_filter.ts) are written against.
// Both the kernel's API (kernel_api.ts) and liburfs's fit it, so a filter's code runs in either place with
// only the import of the API changed. F, C and A are the filter, context and arguments types of each side.
export type MaybePromise<T> = T | Promise<T>;
export type Callback<C, A> = (context: C, args: A) => MaybePromise<0 | 1>;

export interface rfs_api_core<F, C, A> {
  readonly RFS_CONTINUE: 1;
  readonly RFS_PATH_SUBTREE: number;
  readonly RFS_PATH_INCLUDE: number;
  rfs_register_filter(info: { name: string; priority: number; active: number }): { err: number; filter: F | null };
  rfs_unregister_filter(f: F): number;
  rfs_set_operations(f: F, ops: { op_id: number; pre_cb?: Callback<C, A> | null; post_cb?: Callback<C, A> | null }[]):
    number;
  rfs_set_path(f: F, info: { path: string; flags: number }): MaybePromise<number>;
  rfs_activate_filter(f: F): number;
  rfs_deactivate_filter(f: F): number;
}
