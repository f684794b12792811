// The raw side of a /dev/urfs connection for the fuzzers: messages written as they are made, messages
// read without waiting (the descriptor is O_NONBLOCK), replies to the commands told apart from events.
import { HEAP, errno, malloc, open, read, write, close } from '@urfs/emu-kernel/user/libc';
import { O_NONBLOCK, O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import type { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import { URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_UNREGISTER, URFS_DEVICE, URFS_OMSG_SIZE, urfs_imsg_encode, urfs_omsg_decode, type urfs_imsg, type urfs_omsg } from '@urfs/urfs-kmod/uapi';

export type urfs_event = Extract<urfs_omsg, { kind: 'event' }>;
export type urfs_reply = Extract<urfs_omsg, { kind: 'reply' }>;

export class RawConn {
  readonly fd: number;
  private readonly buf = malloc(URFS_OMSG_SIZE * 2);
  /** Events read while looking for a reply: handled next. */
  readonly events: urfs_event[] = [];
  /** Messages of a kind this fuzzer does not know (a newer kernel's): read and counted, not understood. */
  unknown = 0;
  /** OP_INTERRUPTs read: the event they name is dropped if it still waits here. */
  interrupts = 0;
  /** The ufilter ids the replies say this connection has. */
  readonly ids = new Set<number>();

  constructor(readonly mem: FuzzMem) {
    this.fd = open(URFS_DEVICE, O_RDWR | O_NONBLOCK);
  }

  /** Writes one message (its bytes, or at `ptr`): the write's result, -errno on failure. */
  send(b: Uint8Array | urfs_imsg, ptr?: number): number {
    const bytes = b instanceof Uint8Array ? b : urfs_imsg_encode(b);
    const r = write(this.fd, ptr ?? this.mem.put(bytes), bytes.length);
    return r < 0 ? -errno : r;
  }

  /** The next message, or null when none waits. */
  recv(): urfs_omsg | null {
    const n = read(this.fd, this.buf, URFS_OMSG_SIZE);
    if (n < URFS_OMSG_SIZE) return null;
    const m = urfs_omsg_decode(HEAP.slice(this.buf, this.buf + n));
    if (!m) this.unknown++;
    else if (m.kind === 'reply' && m.err === 0 && m.cmd === URFS_CMD_FILTER_REGISTER) this.ids.add(m.ufilter_id);
    else if (m.kind === 'reply' && m.err === 0 && m.cmd === URFS_CMD_FILTER_UNREGISTER) this.ids.delete(m.ufilter_id);
    return m;
  }

  /** Sends a command and returns its reply (which the kernel puts first in the queue), or -errno. */
  call(m: urfs_imsg): urfs_reply | number {
    const r = this.send(m);
    if (r < 0) return r;
    for (let k = 0; k < 64; k++) {
      const x = this.recv();
      if (!x) return -1;
      if (x.kind === 'reply') return x;
      this.keep(x);
    }
    return -1;
  }

  /** An event waits to be handled; an interrupt withdraws the event it names. */
  private keep(x: urfs_omsg): void {
    if (x.kind === 'event') {
      this.events.push(x);
    } else if (x.kind === 'interrupt') {
      this.interrupts++;
      const i = this.events.findIndex((e) => e.ufilter_id === x.ufilter_id && e.request_id === x.request_id);
      if (i >= 0) this.events.splice(i, 1);
    }
  }

  /** Drains what waits: events are kept, interrupts applied, replies dropped. */
  drain(max = 64): void {
    for (let k = 0; k < max; k++) {
      const x = this.recv();
      if (!x) return;
      this.keep(x);
    }
  }

  /** Reads a raw read with an odd buffer (too small, wild): the result, -errno on failure. */
  odd_read(ptr: number, len: number): number {
    const r = read(this.fd, ptr, len);
    return r < 0 ? -errno : r;
  }

  close(): void {
    close(this.fd);
  }
}

/** The bytes of a GET_ARGS mapping (the filter's own memory) as a view, or null when the kernel's answer is no place. */
export function mapped(ptr: number, len: number): Uint8Array | null {
  if (!Number.isSafeInteger(ptr) || !Number.isSafeInteger(len) || ptr < 4096 || len <= 0 || ptr + len > HEAP.length) return null;
  return HEAP.subarray(ptr, ptr + len);
}

