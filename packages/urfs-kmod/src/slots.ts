// urfs 2's data area: memory of the filter process, mapped once (mmap of its /dev/urfs file) and cut
// into slots. The data of a post-read or pre-write event goes straight from the application's buffer
// into a free slot of the channel that reads the event, and comes back from there when the filter
// answers: one copy each way, and no mapping per request. A slot belongs to one request from delivery
// until the request ends.
import type { Task } from '@urfs/emu-kernel/kernel/task';
import type { VmArea } from '@urfs/emu-kernel/mm/mm';
import { MAP_SHARED, PAGE_SIZE } from '@urfs/emu-kernel/uapi/mman';
import { EBUSY, EINVAL, ENXIO } from '@urfs/emu-kernel/uapi/errno';
import { URFS_SLOTS_MAX, URFS_SLOT_MAX } from './uapi_v2.js';

export class data_area {
  /** The mapping, once the filter made it. */
  task: Task | null = null;
  addr = 0;
  vma: VmArea | null = null;
  private readonly used: Uint8Array;
  constructor(readonly slots: number, readonly slot_size: number) {
    this.used = new Uint8Array(slots);
  }
  get size(): number {
    return this.slots * this.slot_size;
  }
  /** A free slot's index, taken; -1 when the area is not mapped or every slot is in use. */
  get(): number {
    if (!this.vma) return -1;
    const i = this.used.indexOf(0);
    if (i >= 0) this.used[i] = 1;
    return i;
  }
  put(i: number): void {
    if (i >= 0 && i < this.slots) this.used[i] = 0;
  }
  /** The user address of slot i in the filter's memory. */
  slot_addr(i: number): number {
    return this.addr + i * this.slot_size;
  }
}

/** The geometry URFS_IOC_SETUP asks for: the area, or -EINVAL. */
export function data_area_create(slots: number, slot_size: number): data_area | number {
  if (slots > URFS_SLOTS_MAX || slot_size > URFS_SLOT_MAX || slot_size % PAGE_SIZE) return -EINVAL;
  if ((slots === 0) !== (slot_size === 0)) return -EINVAL;
  return new data_area(slots, slot_size);
}

/** The file's mmap: maps the whole area, shared, once. 0 or -errno. */
export function data_area_mmap(area: data_area | null, task: Task, vma: VmArea): number {
  if (!area || area.slots === 0) return -ENXIO;
  if (area.vma) return -EBUSY;
  if (!(vma.vm_flags & MAP_SHARED) || vma.vm_pgoff !== 0) return -EINVAL;
  if (vma.vm_end - vma.vm_start !== Math.ceil(area.size / PAGE_SIZE) * PAGE_SIZE) return -EINVAL;
  area.task = task;
  area.addr = vma.vm_start;
  area.vma = vma;
  // Unmapped (or the process gone): no new slot is handed out; slots in use keep their requests, whose
  // answers then find the memory gone or changed, as any filter that unmaps its own buffers would.
  vma.vm_ops = { close: () => {
    if (area.vma !== vma) return;
    area.vma = null;
    area.task = null; // nothing of a dead process stays reachable from the connection
  } };
  return 0;
}
