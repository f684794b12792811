// Requests (the thesis's request.c): one per callback the kernel hands to a ufilter. A request has an id
// unique within its ufilter, a completion the waiting operation sleeps on, and the chunks of memory
// mapped into the filter's process for the operation's arguments; those go when the request ends.
import { init_completion, complete, type Completion } from '@urfs/emu-kernel/kernel/completion';
import { vm_mmap_anon, vm_munmap } from '@urfs/emu-kernel/mm/mmap';
import type { Task } from '@urfs/emu-kernel/kernel/task';
import type { VmArea } from '@urfs/emu-kernel/mm/mm';
import type { rfs_args, rfs_context, rfs_mod } from '@urfs/redirfs/rfs';
import type { channel } from './conn.js';
import { stats } from './stats.js';
import { timing_marks, type request_marks } from './timing.js';

/** Memory mapped into a filter process for one request (useralloc_chunk). */
export interface useralloc_chunk {
  task: Task;
  addr: number;
  len: number;
  vma: VmArea | undefined;
}

/** What the request carries to the filter: an operation's callback, or a modifier request. */
export type request_payload =
  | { kind: 'op'; cx: rfs_context; a: rfs_args }
  | { kind: 'mod'; mod: rfs_mod };

/** Why a request ended without a valid answer. */
export type request_why = 'timeout' | 'overflow' | 'bad answer' | 'connection closed' | 'unregistered';

/**
 * How a request ended: answered by the filter; completed by the policy; or interrupted, when its caller
 * got a signal or was killed before the answer came.
 */
export type request_end = { by: 'reply'; retv: number; rv: number; cache: boolean } | { by: 'policy'; why: request_why } |
  { by: 'interrupt' };

export class request {
  readonly done: Completion = init_completion();
  end: request_end | null = null;
  readonly chunks: useralloc_chunk[] = [];
  /** The ufilter's id on its connection. */
  ufilter_id = -1;
  /** The channel whose read took the event (null while it waits in the connection's queue). */
  channel: channel | null = null;
  /** Where the operation's data buffer is in the filter's memory (read/write): GET_ARGS's or a slot. */
  data_task: Task | null = null;
  data_addr = 0;
  data_len = 0;
  /** The data-area slot the request holds, or -1. */
  slot = -1;
  /** The GET_ARGS answer, so a second GET_ARGS maps nothing new. */
  args_addr = 0;
  args_len = 0;
  /** When it passed each step (timing.ts). */
  readonly marks: request_marks = timing_marks();
  constructor(readonly id: bigint, readonly payload: request_payload) {}
}

export function request_create(id: bigint, payload: request_payload): request {
  stats.requests++;
  return new request(id, payload);
}

/** Ends the request once (later ends are ignored) and wakes the operation that waits on it. */
export function request_complete(req: request, end: request_end): boolean {
  if (req.end) return false;
  req.end = end;
  complete(req.done);
  return true;
}

/** Maps `len` zeroed bytes into `task` for the request; returns the address or -errno. */
export function request_useralloc(req: request, task: Task, len: number): useralloc_chunk | number {
  const addr = vm_mmap_anon(task, len);
  if (addr < 0) return addr;
  const chunk: useralloc_chunk = { task, addr, len, vma: task.mm.vmas.get(addr) };
  req.chunks.push(chunk);
  stats.allocations++;
  return chunk;
}

function chunk_free(c: useralloc_chunk): void {
  // Only our own mapping: the process may have unmapped it and mapped something else there.
  if (c.task.mm.vmas.get(c.addr) === c.vma) vm_munmap(c.task, c.addr);
  stats.allocations--;
}

/** Frees every chunk of the request (request_userfreeall). */
export function request_userfreeall(req: request): void {
  for (const c of req.chunks.splice(0)) chunk_free(c);
  req.data_task = null;
}

/** The request is gone: its memory and its slot too. Called once, by whoever waited on it. */
export function request_destroy(req: request): void {
  request_userfreeall(req);
  const ch = req.channel;
  if (ch) {
    ch.taken.delete(req);
    if (req.slot >= 0) ch.area?.put(req.slot);
    req.slot = -1;
  }
  stats.requests--;
}
