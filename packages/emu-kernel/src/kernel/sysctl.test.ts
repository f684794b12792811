import { describe, it, expect } from 'vitest';
import { proc_dointvec, proc_dointvec_minmax, proc_dostring, sysctl_perm, type CtlTable } from './sysctl.js';

const enc = new TextEncoder(), dec = new TextDecoder();

function write(t: CtlTable, s: string, pos = 0): { r: number; len: number } {
  const b = enc.encode(s);
  const lenp = { value: b.length };
  const r = t.proc_handler!(t, 1, b, lenp, { pos });
  return { r, len: lenp.value };
}
function read(t: CtlTable, pos = 0): string {
  const b = new Uint8Array(100);
  const lenp = { value: b.length };
  expect(t.proc_handler!(t, 0, b, lenp, { pos })).toBe(0);
  return dec.decode(b.subarray(0, lenp.value));
}

describe('sysctl handlers', () => {
  it('proc_dointvec reads and writes an int and a vector', () => {
    const t: CtlTable = { procname: 'a', data: { value: 3 }, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec };
    expect(read(t)).toBe('3\n');
    expect(read(t, 2)).toBe('');
    expect(write(t, '-42\n')).toEqual({ r: 0, len: 4 });
    expect(t.data!.value).toBe(-42);
    expect(write(t, 'x').r).toBe(-22);
    expect(write(t, '1 2').r).toBe(-22);
    expect(write(t, '4294967296').r).toBe(-22);
    const v: CtlTable = { procname: 'v', data: { value: [1, 2, 3] }, maxlen: 12, mode: 0o644, proc_handler: proc_dointvec };
    expect(read(v)).toBe('1\t2\t3\n');
    expect(write(v, '7 8').r).toBe(0);
    expect(v.data!.value).toEqual([7, 8, 3]);
  });

  it('proc_dointvec_minmax refuses values out of [extra1, extra2] and keeps the old one', () => {
    const t: CtlTable = { procname: 'm', data: { value: 15 }, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec_minmax,
      extra1: { value: 10 }, extra2: 20 };
    expect(write(t, '25').r).toBe(-22);
    expect(write(t, '9').r).toBe(-22);
    expect(t.data!.value).toBe(15);
    expect(write(t, '20').r).toBe(0);
    expect(t.data!.value).toBe(20);
  });

  it('proc_dostring truncates to maxlen - 1 and stops at a newline', () => {
    const t: CtlTable = { procname: 's', data: { value: 'abc' }, maxlen: 5, mode: 0o644, proc_handler: proc_dostring };
    expect(read(t)).toBe('abc\n');
    expect(write(t, 'hello world\n').r).toBe(0);
    expect(t.data!.value).toBe('hell');
  });

  it('sysctl_perm judges root by the owner bits and others by the other bits', () => {
    expect(sysctl_perm(0o644, 0, 0, 2)).toBe(0);
    expect(sysctl_perm(0o444, 0, 0, 2)).toBe(-13);
    expect(sysctl_perm(0o644, 1000, 1000, 2)).toBe(-13);
    expect(sysctl_perm(0o644, 1000, 1000, 4)).toBe(0);
    expect(sysctl_perm(0o600, 1000, 1000, 4)).toBe(-13);
  });
});
