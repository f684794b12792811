import { describe, it, expect } from 'vitest';
import { MmStruct } from '../mm/mm.js';
import type { Task } from './task.js';
import { sys_mysyscall } from './mysyscall.js';

function task(): Task {
  return { pid: 7, mm: new MmStruct(16384) } as unknown as Task;
}

describe('mysyscall', () => {
  it('replaces the message with "hello world"', () => {
    const t = task();
    t.mm.bytes.set(new TextEncoder().encode('a message\0'), 4196);
    expect(sys_mysyscall(t, 4196, 64)).toBe(0);
    expect(new TextDecoder().decode(t.mm.bytes.subarray(4196, 4208))).toBe('hello world\0');
  });
  it('EFAULT for a wild pointer, EINVAL for sizes and a missing NUL', () => {
    const t = task();
    expect(sys_mysyscall(t, 1 << 30, 64)).toBe(-14);
    expect(sys_mysyscall(t, 4196, 4)).toBe(-22);
    expect(sys_mysyscall(t, 4196, 1 << 20)).toBe(-22);
    t.mm.bytes.fill(0x41, 8192, 8256);
    expect(sys_mysyscall(t, 8192, 64)).toBe(-22);
    expect(sys_mysyscall(t, 0, 64)).toBe(-14);
  });
});
