// strace's ways of writing values: quoting and cutting strings, flags, results and the result column.
import { describe, it, expect } from 'vitest';
import { quote, quote_str, flags, format_ret, pad_to_result, sig_name } from './format.js';
import { open_flags, file_mode, wait_status, sigset, sockaddr } from './args.js';
import { parse_trace_set } from './filter.js';
import { CallSummary } from './summary.js';
import { syscall_by_name, SYSCALLS } from '../syscalls.js';

describe('strings', () => {
  it('escapes as C does and cuts at 32 bytes with ... after the quote', () => {
    expect(quote_str('hello\n')).toBe('"hello\\n"');
    expect(quote(new Uint8Array([0x7f, 0x45, 0, 0x31, 9, 0x22, 0x5c]))).toBe('"\\177E\\0001\\t\\"\\\\"');
    const long = quote_str('abcdefghijklmnopqrstuvwxyz0123456789', 32);
    expect(long).toBe('"abcdefghijklmnopqrstuvwxyz012345"...');
  });
});

describe('flags and values', () => {
  it('open flags: the access mode, then the flags in strace\'s order', () => {
    expect(open_flags(0)).toBe('O_RDONLY');
    expect(open_flags(0o1101)).toBe('O_WRONLY|O_CREAT|O_TRUNC');
    expect(open_flags(0o2200000)).toBe('O_RDONLY|O_DIRECTORY|O_CLOEXEC');
    expect(flags([[1, 'A'], [2, 'B']], 0x13)).toBe('A|B|0x10');
  });
  it('file modes, wait statuses, signal sets and socket addresses', () => {
    expect(file_mode(0o100644)).toBe('S_IFREG|0644');
    expect(file_mode(0o41777)).toBe('S_IFDIR|S_ISVTX|0777');
    expect(wait_status(0x0700)).toBe('{WIFEXITED(s) && WEXITSTATUS(s) == 7}');
    expect(wait_status(15)).toBe('{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}');
    expect(wait_status(0x137f)).toBe('{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}');
    expect(sigset((1n << 1n) | (1n << 14n))).toBe('[INT TERM]');
    expect(sig_name(9)).toBe('SIGKILL');
    const nl = new Uint8Array(12);
    nl[0] = 16;
    nl[4] = 5;
    expect(sockaddr(nl)).toBe('{sa_family=AF_NETLINK, nl_pid=5, nl_groups=00000000}');
  });
  it('results: numbers, addresses, errors with their message, and none for calls that do not return', () => {
    expect(format_ret(3, 'dec')).toBe('3');
    expect(format_ret(4096, 'hex')).toBe('0x1000');
    expect(format_ret(-2, 'dec')).toBe('-1 ENOENT (No such file or directory)');
    expect(format_ret(0, 'none')).toBe('?');
    expect(pad_to_result('close(3) ') + '= 0').toBe('close(3)                                = 0');
  });
});

describe('-e trace=SET', () => {
  it('names, classes and negation', () => {
    const t = parse_trace_set('openat,read');
    expect(typeof t).toBe('function');
    if (typeof t === 'string') return;
    expect(t(syscall_by_name('openat'))).toBe(true);
    expect(t(syscall_by_name('write'))).toBe(false);
    const f = parse_trace_set('%file');
    if (typeof f === 'string') throw new Error(f);
    expect(f(syscall_by_name('stat'))).toBe(true);
    expect(f(syscall_by_name('read'))).toBe(false);
    const n = parse_trace_set('!write');
    if (typeof n === 'string') throw new Error(n);
    expect(n(syscall_by_name('write'))).toBe(false);
    expect(n(syscall_by_name('read'))).toBe(true);
    expect(parse_trace_set('nosuchcall')).toBe("invalid system call 'nosuchcall'");
  });
  it('every call has a unique name', () => {
    const names = [...SYSCALLS.values()].map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('-c', () => {
  it('prints strace\'s table, heaviest first, with a total', () => {
    const s = new CallSummary();
    s.add('read', 0.000003, 5);
    s.add('read', 0.000003, 0);
    s.add('openat', 0.000002, -2);
    const lines = s.format().split('\n');
    expect(lines[0]).toBe('% time     seconds  usecs/call     calls    errors syscall');
    expect(lines[1]).toBe('------ ----------- ----------- --------- --------- ----------------');
    expect(lines[2]).toBe(' 75.00    0.000006           3         2           read');
    expect(lines[3]).toBe(' 25.00    0.000002           2         1         1 openat');
    expect(lines[5]).toBe('100.00    0.000008           3         3         1 total');
  });
});
