// Defining events and recording them, without a machine: adding and removing an event, its enable
// switch and reg hook, what an emit records (and what it does not when off, filtered or paused), the
// line and format texts, and the sink `emu --trace` writes from.
import { describe, it, expect, beforeEach } from 'vitest';
import { TRACE_EVENT, field_int, field_string, hex_ulong, trace_add_event_call, trace_event_enable,
  trace_events_list, trace_find_event, trace_remove_event_call } from './trace_events.js';
import { trace_buffer, trace_init, trace_pids, tracing_set_on } from './trace.js';
import { trace_format_entry, trace_header } from './trace_output.js';
import { event_format } from './trace_events_fs.js';
import { printk_init } from '../printk.js';

let now = 0;
const regs: boolean[] = [];
const ev = TRACE_EVENT<{ name: string; n: number }>({
  system: 'demo', name: 'thing', fields: [field_string('name'), field_int('n')],
  print_fmt: '"name=%s n=%d", __get_str(name), REC->n', print: (r) => `name=${r.name} n=${r.n}`,
  reg: (on) => void regs.push(on),
});

beforeEach(() => {
  now = 0;
  regs.length = 0;
  printk_init(() => now, () => {});
  trace_init();
});

describe('trace events', () => {
  it('are added once, switched on and off, and removed', () => {
    expect(trace_events_list().map((e) => `${e.system}:${e.name}`)).toContain('raw_syscalls:sys_enter');
    expect(trace_add_event_call(ev)).toBe(0);
    expect(trace_add_event_call(ev)).toBe(-17);
    expect(trace_find_event('demo', 'thing')).toBe(ev);
    expect(ev.enabled).toBe(false);
    trace_event_enable(ev, true);
    trace_event_enable(ev, true);
    expect(ev.enabled).toBe(true);
    trace_remove_event_call(ev);
    expect(ev.enabled).toBe(false);
    expect(regs).toEqual([true, false]);
    expect(trace_find_event('demo', 'thing')).toBeUndefined();
  });

  it('record an emit as a line in ftrace format, only when on, not paused and of a listed pid', () => {
    trace_add_event_call(ev);
    trace_event_enable(ev, true);
    now = 1234.5678;
    ev.emit(7, { name: 'a', n: 1 });
    const [e] = trace_buffer().snapshot();
    expect(trace_format_entry(e)).toBe('           <...>-7       [000] .....     1.234567: thing: name=a n=1');
    ev.emit(null, { name: 'k', n: 2 });
    expect(trace_format_entry(trace_buffer().snapshot()[1])).toMatch(/^ {10}<idle>-0 {7}\[000\] \.{5} +1\.234567: thing: name=k n=2$/);
    tracing_set_on(false);
    ev.emit(7, { name: 'b', n: 3 });
    tracing_set_on(true);
    trace_pids().add(8);
    ev.emit(7, { name: 'c', n: 4 });
    ev.emit(8, { name: 'd', n: 5 });
    expect(trace_buffer().snapshot().map((x) => (x.rec as { n: number }).n)).toEqual([1, 2, 5]);
    expect(trace_buffer().written).toBe(3);
  });

  it('go to the sink as lines, with every event on from boot when there is one', () => {
    const lines: string[] = [];
    trace_init({ sink: (l) => void lines.push(l) });
    expect(trace_events_list().every((e) => e.enabled)).toBe(true);
    trace_add_event_call(ev);
    expect(ev.enabled).toBe(true);
    ev.emit(3, { name: 'x', n: 9 });
    expect(lines).toEqual(['           <...>-3       [000] .....     0.000000: thing: name=x n=9\n']);
    trace_init();
    expect(ev.enabled).toBe(false);
  });

  it('describe themselves in a format file, and the header names the columns', () => {
    trace_add_event_call(ev);
    expect(event_format(ev)).toBe([
      'name: thing', `ID: ${ev.id}`, 'format:',
      '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;',
      '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;',
      '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;',
      '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;',
      '',
      '\tfield:__data_loc char[] name;\toffset:8;\tsize:4;\tsigned:0;',
      '\tfield:int n;\toffset:12;\tsize:4;\tsigned:1;',
      '',
      'print fmt: "name=%s n=%d", __get_str(name), REC->n',
      '',
    ].join('\n'));
    expect(trace_header(2, 5, 4).split('\n').slice(0, 3)).toEqual(['# tracer: nop', '#',
      '# entries-in-buffer/entries-written: 2/5   #P:4']);
  });

  it('print unsigned longs as %lx does', () => {
    expect(hex_ulong(255)).toBe('ff');
    expect(hex_ulong(-100)).toBe('ffffffffffffff9c');
  });
});
