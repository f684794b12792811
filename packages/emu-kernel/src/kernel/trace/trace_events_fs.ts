// The event files of tracefs (kernel/trace/trace_events.c): available_events, set_event (the enabled
// events as a list: `sched:sched_process_exec`, `sched:*`, `*:*`, a bare name or subsystem, `!` to
// disable; a truncating open disables everything first), and events/ with an enable file at each level,
// and each event's format and id. A module's events get their directory when they are added.
import { EINVAL } from '../../uapi/errno.js';
import type { Dentry } from '../../fs/fs.js';
import { tracefs_create_dir, tracefs_create_file, tracefs_remove } from '../../fs/tracefs/inode.js';
import { TRACE_ENTRY_HEADER, trace_event_enable, trace_events_list, trace_events_listen, type TraceEventCall }
  from './trace_events.js';
import { parse_bool01, text_fops } from './trace_text.js';

/** 0, 1, or X when some of the events are on and some off (the enable files of a directory). */
function enable_state(evs: readonly TraceEventCall[]): string {
  const on = evs.filter((e) => e.enabled).length;
  return on === 0 ? '0\n' : on === evs.length ? '1\n' : 'X\n';
}

const in_system = (system: string) => trace_events_list().filter((e) => e.system === system);

function glob(pattern: string): (s: string) => boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return (s) => s === pattern;
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return (s) => re.test(s);
}

/** One token of set_event: how many events it switched (0 is an error, as Linux's -EINVAL). */
function set_clr_event(token: string): number {
  let on = true;
  if (token.startsWith('!')) {
    on = false;
    token = token.slice(1);
  }
  let match: (e: TraceEventCall) => boolean;
  const colon = token.indexOf(':');
  if (colon >= 0) {
    const sys = glob(token.slice(0, colon) || '*'), name = glob(token.slice(colon + 1) || '*');
    match = (e) => sys(e.system) && name(e.name);
  } else {
    const m = glob(token);
    match = (e) => m(e.name) || m(e.system);
  }
  const hits = trace_events_list().filter(match);
  for (const e of hits) trace_event_enable(e, on);
  return hits.length;
}

const set_event_fops = text_fops({
  show: () => trace_events_list().filter((e) => e.enabled).map((e) => `${e.system}:${e.name}\n`).join(''),
  truncate: () => {
    for (const e of trace_events_list()) trace_event_enable(e, false);
  },
  store: (text) => {
    let err = 0;
    for (const w of text.split(/\s+/).filter(Boolean)) if (!set_clr_event(w)) err = -EINVAL;
    return err;
  },
});

const available_events_fops = text_fops({
  show: () => trace_events_list().map((e) => `${e.system}:${e.name}\n`).join(''),
});

/** An enable file over a set of events, found again at each access (modules come and go). */
function enable_fops(evs: () => readonly TraceEventCall[]) {
  return text_fops({
    show: () => enable_state(evs()),
    store: (text) => {
      const on = parse_bool01(text);
      if (on === null) return -EINVAL;
      for (const e of evs()) trace_event_enable(e, on);
      return 0;
    },
  });
}

const COMMON_FIELDS = [
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;',
  '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;',
  '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;',
  '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;',
];

/** The format file: name, ID, the fields with their offsets, and the print format. */
export function event_format(ev: TraceEventCall): string {
  let off = TRACE_ENTRY_HEADER;
  const fields = ev.fields.map((f) => {
    const align = Math.min(8, f.array ? f.size / f.array : f.size);
    off = Math.ceil(off / align) * align;
    const decl = f.array ? `${f.type} ${f.name}[${f.array}]` : f.type === '__data_loc char[]' ? `__data_loc char[] ${f.name}`
      : `${f.type} ${f.name}`;
    const line = `\tfield:${decl};\toffset:${off};\tsize:${f.size};\tsigned:${f.signed ? 1 : 0};`;
    off += f.size;
    return line;
  });
  return [`name: ${ev.name}`, `ID: ${ev.id}`, 'format:', ...COMMON_FIELDS, '', ...fields, '',
    `print fmt: ${ev.print_fmt}`, ''].join('\n');
}

/** The events/ directory: a subdirectory per subsystem, holding a directory per event. */
class EventsDir {
  private readonly systems = new Map<string, Dentry>();
  private readonly dirs = new Map<TraceEventCall, Dentry>();
  constructor(private readonly root: Dentry) {
    tracefs_create_file('enable', 0o644, root, null, enable_fops(() => trace_events_list()));
  }

  add(ev: TraceEventCall): void {
    let sys = this.systems.get(ev.system);
    if (!sys) {
      const d = tracefs_create_dir(ev.system, this.root);
      if (!d) return;
      sys = d;
      this.systems.set(ev.system, sys);
      tracefs_create_file('enable', 0o644, sys, null, enable_fops(() => in_system(ev.system)));
    }
    const dir = tracefs_create_dir(ev.name, sys);
    if (!dir) return;
    this.dirs.set(ev, dir);
    tracefs_create_file('enable', 0o644, dir, null, enable_fops(() => (trace_events_list().includes(ev) ? [ev] : [])));
    tracefs_create_file('format', 0o444, dir, null, text_fops({ show: () => event_format(ev) }));
    tracefs_create_file('id', 0o444, dir, null, text_fops({ show: () => `${ev.id}\n` }));
  }

  remove(ev: TraceEventCall): void {
    tracefs_remove(this.dirs.get(ev));
    this.dirs.delete(ev);
    if (!in_system(ev.system).length) {
      tracefs_remove(this.systems.get(ev.system));
      this.systems.delete(ev.system);
    }
  }
}

/** Makes set_event, available_events and events/ with every event there is, and follows additions. */
export function event_trace_init(root: Dentry | null): void {
  tracefs_create_file('set_event', 0o644, root, null, set_event_fops);
  tracefs_create_file('available_events', 0o444, root, null, available_events_fops);
  const d = tracefs_create_dir('events', root);
  if (!d) return;
  const events = new EventsDir(d);
  for (const ev of trace_events_list()) events.add(ev);
  trace_events_listen((ev, added) => (added ? events.add(ev) : events.remove(ev)));
}
