// Built-in subsystems that come up at boot after the root and /dev are mounted (Linux's fs_initcall,
// device_initcall...), in order. Each mounts its file system or registers its devices.
import type { NameiCtx } from '../fs/namei.js';

export type Initcall = (ctx: NameiCtx) => Promise<void> | void;
export const initcalls: Initcall[] = [];
