import { describe, it, expect } from 'vitest';
import { parse_int_attr } from './sysfs_attr.js';

describe('sysfs_ex attribute parsing (kstrtoint)', () => {
  it('takes decimal, hex and octal with one newline', () => {
    expect([parse_int_attr('45\n'), parse_int_attr('0x10'), parse_int_attr('010'), parse_int_attr('-3'), parse_int_attr('0')])
      .toEqual([45, 16, 8, -3, 0]);
  });
  it('refuses garbage and values beyond int', () => {
    for (const s of ['', 'x', '4 5', '45\n\n', '2147483648', '09']) expect(parse_int_attr(s)).toBeNull();
  });
});
