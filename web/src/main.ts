// The playground page: a terminal on a freshly booted machine, the filter editor, and the buttons.
import '@xterm/xterm/css/xterm.css';
import { Terminal } from '@xterm/xterm';
import type { PageMachine } from './machine.js';
import { LineEditor } from './line_editor.js';
import { downloadTmp } from './download.js';

const enc = new TextEncoder();
const term = new Terminal({ convertEol: true, scrollback: 10000, cursorBlink: true, fontSize: 14,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace', theme: { background: '#1e1f22' } });
term.open(document.getElementById('terminal')!);
fitTerminal();
addEventListener('resize', fitTerminal);
term.focus();

/** Sizes the terminal to its pane from the measured character cell (no fit add-on needed). */
function fitTerminal(): void {
  const el = document.getElementById('terminal')!;
  const cell = (term as unknown as { _core?: { _renderService?: { dimensions?: { css?: { cell?: { width: number; height: number } } } } } })
    ._core?._renderService?.dimensions?.css?.cell;
  const w = cell?.width || 8.4, h = cell?.height || 17;
  term.resize(Math.max(40, Math.floor((el.clientWidth - 12) / w)), Math.max(10, Math.floor((el.clientHeight - 8) / h)));
}

/** For tests and for the figures: the terminal's text, and the moments measured. */
interface PageApi {
  ready: Promise<void>;
  /** Shell prompts shown so far (a command has finished when the count goes up). */
  prompts: number;
  /** Milliseconds from navigation start to the shell's first prompt. */
  promptMs?: number;
  text(): string;
  machine?: PageMachine;
  type(s: string): void;
}
const api: PageApi = {
  ready: Promise.resolve(),
  prompts: 0,
  text() {
    const b = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const l = b.getLine(i);
      if (!l) continue;
      // A line the terminal wrapped at its width continues the one before.
      if (l.isWrapped && lines.length) lines[lines.length - 1] += l.translateToString(true);
      else lines.push(l.translateToString(true));
    }
    return lines.join('\n').replace(/\n+$/, '');
  },
  type: (s) => editor.feed(s),
};
(globalThis as unknown as { urfs: PageApi }).urfs = api;

let machine: PageMachine | null = null;
/** The ?c= lines not yet typed. */
const queued: string[] = [];
const feedQueued = () => {
  const line = queued.shift();
  if (line !== undefined) editor.feed(line + '\r');
};
let sawPrompt: () => void = () => {};
const firstPrompt = new Promise<void>((r) => (sawPrompt = r));
const editor = new LineEditor({
  echo: (s) => term.write(s),
  submit: (line) => machine?.host.input(enc.encode(line)),
  interrupt: () => machine?.interrupt(),
});
term.onData((d) => editor.feed(d));

api.ready = (async () => {
  if (!crossOriginIsolated) {
    term.write('This page needs cross-origin isolation (SharedArrayBuffer): serve it with\r\n' +
      '  Cross-Origin-Opener-Policy: same-origin\r\n  Cross-Origin-Embedder-Policy: require-corp\r\n' +
      'or let coi-sw.js (the service worker beside this page) add them: reload once.\r\n');
    throw new Error('not cross-origin isolated');
  }
  // Loaded only now (the editor too: it names programs as fs/exec does): the kernel makes
  // SharedArrayBuffers as its modules load, which a page not isolated (yet: coi.js reloads it) lacks.
  const [{ bootMachine }, { setupEditor }] = await Promise.all([import('./machine.js'), import('./filter_editor.js')]);
  machine = await bootMachine({
    base: new URL('assets/', location.href).href,
    write: (_stream, data) => {
      term.write(data);
      if ((data[data.length - 2] === 0x23 || data[data.length - 2] === 0x24) && data[data.length - 1] === 0x20) {
        api.prompts++;
        sawPrompt();
        if (api.promptMs !== undefined) feedQueued();
      }
    },
  });
  api.machine = machine;
  void machine.shellExited.then(() => term.write('\r\n[the shell has ended: press Reset for a fresh machine]\r\n'));
  await firstPrompt;
  api.promptMs = performance.now();
  document.getElementById('status')!.textContent = `booted in ${Math.round(api.promptMs)} ms`;
  await setupEditor(machine);
  const c = new URLSearchParams(location.search).get('c');
  // Line by line, each at the prompt after the one before, as if typed there.
  if (c) queued.push(...c.split(/\r?\n/));
  feedQueued();
})();
api.ready.catch((e: unknown) => term.write(`\r\nboot failed: ${e instanceof Error ? e.message : String(e)}\r\n`));

document.getElementById('copy-link')!.addEventListener('click', () => {
  const url = new URL(location.href);
  url.search = '';
  if (editor.typed.length) url.searchParams.set('c', editor.typed.join('\n'));
  const link = url.href;
  const out = document.getElementById('link') as HTMLInputElement;
  out.value = link;
  out.hidden = false;
  out.select();
  void navigator.clipboard?.writeText(link).catch(() => {});
});
document.getElementById('reset')!.addEventListener('click', () => {
  const url = new URL(location.href);
  url.search = '';
  location.href = url.href;
});
document.getElementById('download')!.addEventListener('click', () => {
  if (machine) void downloadTmp(machine);
});
