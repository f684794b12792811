// The ring buffer alone: order, the byte limit with the oldest overwritten, consuming, resizing.
import { describe, it, expect } from 'vitest';
import { RingBuffer, type TraceEntry } from './ring_buffer.js';
import { TRACE_EVENT, field_int } from './trace_events.js';

const ev = TRACE_EVENT<{ n: number }>({ system: 'test', name: 'n', fields: [field_int('n')], print_fmt: '"n=%d", REC->n',
  print: (r) => `n=${r.n}` });
const entry = (n: number, size = 100): TraceEntry => ({ ts: n, pid: 1, comm: 'x', ev, rec: { n }, size });
const ns = (b: RingBuffer) => b.snapshot().map((e) => (e.rec as { n: number }).n);

describe('RingBuffer', () => {
  it('keeps records in order and overwrites the oldest beyond its size', () => {
    const b = new RingBuffer(350);
    for (let i = 0; i < 5; i++) b.write(entry(i));
    expect(ns(b)).toEqual([2, 3, 4]);
    expect(b.written).toBe(5);
    expect(b.overrun).toBe(2);
  });

  it('hands records out once to a consuming reader', () => {
    const b = new RingBuffer(10000);
    for (let i = 0; i < 3; i++) b.write(entry(i));
    expect(b.peek()?.rec).toEqual({ n: 0 });
    expect(b.consume()?.rec).toEqual({ n: 0 });
    expect(b.length).toBe(2);
    expect(ns(b)).toEqual([1, 2]);
    b.consume();
    b.consume();
    expect(b.consume()).toBeUndefined();
    expect(b.length).toBe(0);
  });

  it('drops the oldest records when it shrinks, and empties on reset', () => {
    const b = new RingBuffer(10000);
    for (let i = 0; i < 10; i++) b.write(entry(i));
    b.resize(250);
    expect(ns(b)).toEqual([8, 9]);
    b.reset();
    expect(b.length).toBe(0);
    expect(b.written).toBe(0);
  });

  it('stays correct across compaction of many records', () => {
    const b = new RingBuffer(100 * 50);
    for (let i = 0; i < 5000; i++) b.write(entry(i));
    expect(b.length).toBe(50);
    expect(ns(b)[0]).toBe(4950);
    for (let i = 0; i < 40; i++) b.consume();
    expect(ns(b)).toEqual([4990, 4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999]);
  });
});
