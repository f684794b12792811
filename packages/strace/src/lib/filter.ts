// -e trace=SET: which calls are shown. SET is a comma-separated list of names and %classes (%file,
// %process, ...); a leading ! shows every call but those; `all` and `none` are what they say.
import { SYSCALLS, SYSCALL_CLASSES, syscall_by_name, type SyscallClass } from '../syscalls.js';

export type TraceSet = (nr: number) => boolean;

/** Parses SET; returns the predicate or the error message strace would print. */
export function parse_trace_set(spec: string): TraceSet | string {
  let neg = false;
  let s = spec;
  if (s.startsWith('!')) {
    neg = true;
    s = s.slice(1);
  }
  if (s === 'all') return () => !neg;
  if (s === 'none') return () => neg;
  const chosen = new Set<number>();
  for (const item of s.split(',')) {
    if (!item) continue;
    if (item.startsWith('%')) {
      const cls = item.slice(1) as SyscallClass;
      if (!SYSCALL_CLASSES.includes(cls)) return `invalid system call '${item}'`;
      for (const [nr, d] of SYSCALLS) if (d.classes?.includes(cls)) chosen.add(nr);
      continue;
    }
    const nr = /^\d+$/.test(item) ? Number(item) : syscall_by_name(item);
    if (nr < 0) return `invalid system call '${item}'`;
    chosen.add(nr);
  }
  return (nr) => chosen.has(nr) !== neg;
}

/** `-e EXPR`: trace=SET, or a bare SET (strace's default qualifier). */
export function parse_expr(expr: string): { trace?: TraceSet; error?: string } {
  const m = /^(?:trace=)?(.*)$/.exec(expr);
  const spec = m![1];
  if (/^(signal|abbrev|verbose|raw|read|write|fault|inject|status|quiet|kvm|decode-fds)=/.test(expr)) return {};
  const t = parse_trace_set(spec);
  return typeof t === 'string' ? { error: t } : { trace: t };
}
