import { describe, it, expect } from 'vitest';
import { parse_level, new_drvctx } from './procfs_simple.js';

describe('procfs_simple_intf debug level parsing', () => {
  it('accepts 0..2 with or without a newline', () => {
    expect([parse_level('0'), parse_level('1\n'), parse_level('+2')]).toEqual([0, 1, 2]);
  });
  it('refuses values out of range and garbage', () => {
    for (const s of ['3', '-1', '5\n', '', 'x', '1 2', '1\n\n']) expect(parse_level(s)).toBeNull();
  });
  it('the list is longer than a page once printed', () => {
    expect(new_drvctx().list.join('\n').length).toBeGreaterThan(4096);
  });
});
