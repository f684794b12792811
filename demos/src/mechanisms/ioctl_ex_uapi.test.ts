import { describe, it, expect } from 'vitest';
import { _IOC_DIR, _IOC_NR, _IOC_SIZE, _IOC_TYPE, _IOC_READ, _IOC_WRITE, _IOC_NONE } from '@urfs/emu-kernel/uapi/ioctl';
import { IOCTL_EX_GET_MSG, IOCTL_EX_SET_MSG, IOCTL_EX_XCHG, IOCTL_EX_RESET } from './ioctl_ex_uapi.js';

describe('ioctl_ex command encoding', () => {
  it('encodes direction, type, number and size as Linux does', () => {
    expect(IOCTL_EX_GET_MSG >>> 0).toBe(0x80c86b01);
    expect(IOCTL_EX_SET_MSG >>> 0).toBe(0x40c86b02);
    expect(IOCTL_EX_XCHG >>> 0).toBe(0xc0c86b03);
    expect(IOCTL_EX_RESET).toBe(0x6b00);
    expect([_IOC_DIR(IOCTL_EX_XCHG), _IOC_TYPE(IOCTL_EX_XCHG), _IOC_NR(IOCTL_EX_XCHG), _IOC_SIZE(IOCTL_EX_XCHG)])
      .toEqual([_IOC_READ | _IOC_WRITE, 0x6b, 3, 200]);
    expect(_IOC_DIR(IOCTL_EX_RESET)).toBe(_IOC_NONE);
  });
});
