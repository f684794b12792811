// What a callback sees of one event: its context (the caller; whether the operation still waits) and its
// arguments (fetched the first time it looks). Classes, not object literals: their accessors live on the
// prototype, so making one per event costs no more than a plain object, where a literal with getters is
// rebuilt property by property each time.
import { rfs_op_vfs_op } from '@urfs/redirfs/ops';
import type { rfs_op_type } from '@urfs/redirfs/rfs';
import type { rfs_args, rfs_caller, rfs_context, urfs_op_args } from './types.js';

/** Whether the operation stopped waiting for the callback (an interrupt came for it). */
export interface callback_state {
  interrupted: boolean;
}

export class event_context implements rfs_context {
  readonly #state: callback_state;
  constructor(readonly caller: rfs_caller, state: callback_state) {
    this.#state = state;
  }
  get interrupted(): boolean {
    return this.#state.interrupted;
  }
}

export class event_rfs_args implements rfs_args {
  readonly op: string;
  readonly type: rfs_op_type;
  retv: number;
  cache = false;
  readonly #fetch: () => urfs_op_args;
  constructor(op_id: number, call: 'pre' | 'post', retv: number, fetch: () => urfs_op_args) {
    this.op = rfs_op_vfs_op(op_id) ?? 'none';
    this.type = { id: op_id, call };
    this.retv = retv;
    this.#fetch = fetch;
  }
  get args(): urfs_op_args {
    return this.#fetch();
  }
}
