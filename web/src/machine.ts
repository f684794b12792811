// The machine of the page: boots the kernel on the browser host from the prebuilt image (assets/image.json,
// written by build.mjs), starts the interactive shell on the console and offers what the page's buttons need.
import { browserHost, type BrowserHost } from '@urfs/emu-kernel/host/browser/adapter';
import { etcFiles, programImage, moduleImage } from '@urfs/emu-kernel/host/image_files';
import { start_kernel, kernel_spawn, kernel_write_file, kernel_ctx, type ImageFile } from '@urfs/emu-kernel/init/main';
import { for_each_process, type Task } from '@urfs/emu-kernel/kernel/task';
import { register_exit_notifier } from '@urfs/emu-kernel/kernel/exit';
import { send_sig } from '@urfs/emu-kernel/kernel/signal';
import { do_filp_open } from '@urfs/emu-kernel/fs/open';
import { kernel_read } from '@urfs/emu-kernel/fs/read_write';
import { fput } from '@urfs/emu-kernel/fs/file';
import { O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { SIGINT } from '@urfs/emu-kernel/uapi/signal';

/** What build.mjs writes: every program and module of the workspace, and the libraries a filter may import. */
export interface WebManifest {
  entries: { kind: 'program' | 'module'; path: string; url: string }[];
  /** Import specifier (`@urfs/liburfs/ufilter`) -> bundled module URL, relative to the manifest. */
  libs: Record<string, string>;
}

export interface PageMachine {
  host: BrowserHost;
  manifest: WebManifest;
  /** The base the manifest's URLs are relative to. */
  base: string;
  shell: Task;
  /** Resolves with the shell's wait status when it ends. */
  shellExited: Promise<number>;
  /** The running processes' names (comm), by pid. */
  processes(): string[];
  /** The terminal's Ctrl-C: every process but the shell gets SIGINT. */
  interrupt(): void;
  /** Writes a file into the running machine as the kernel (root). */
  writeFile(f: ImageFile): Promise<number>;
  /** Reads a whole file of the machine as the kernel; null when it cannot be opened. */
  readFile(path: string): Promise<Uint8Array | null>;
  /** Runs a program without the terminal (its output goes to the console); resolves with its status. */
  run(argv: string[]): Promise<number>;
  /** Runs `sh -c line` without the terminal; resolves with its status and what it wrote to fd 1 and 2. */
  output(line: string): Promise<{ status: number; text: string }>;
}

export async function bootMachine(o: { base: string; write: BrowserHost['consoleWrite'] }): Promise<PageMachine> {
  const manifestUrl = new URL('image.json', o.base).href;
  const manifest = (await (await fetch(manifestUrl)).json()) as WebManifest;
  const host = browserHost({ workerUrl: new URL('worker.js', o.base).href, write: o.write });
  const image: ImageFile[] = etcFiles();
  for (const e of manifest.entries) {
    const url = new URL(e.url, manifestUrl).href;
    if (e.kind === 'program') image.push({ path: e.path, mode: 0o755, content: programImage(url) });
    else image.push({ path: e.path, mode: 0o644, content: moduleImage(url) });
  }
  await start_kernel(host, { image });
  const exits = new Map<number, (status: number) => void>();
  register_exit_notifier((t) => {
    exits.get(t.pid)?.(t.exit_code);
    exits.delete(t.pid);
  });
  const spawn = async (argv: string[]): Promise<{ task: Task; exited: Promise<number> }> => {
    const t = await kernel_spawn({ argv, cwd: '/root' });
    if (typeof t === 'number') throw new Error(`${argv[0]}: error ${-t}`);
    return { task: t, exited: new Promise<number>((resolve) => exits.set(t.pid, resolve)) };
  };
  const { task: shell, exited: shellExited } = await spawn(['/bin/sh', '-i']);
  let outputs = 0;
  const m: PageMachine = {
    host,
    manifest,
    base: manifestUrl,
    shell,
    shellExited,
    processes: () => [...for_each_process()].filter((t) => t.exit_state === 'running').map((t) => t.comm),
    interrupt() {
      for (const t of [...for_each_process()]) if (t.pid !== shell.pid && t.exit_state === 'running') send_sig(SIGINT, t, 1);
    },
    writeFile: (f) => kernel_write_file(f),
    async readFile(path) {
      const file = await do_filp_open(kernel_ctx(), path, O_RDONLY, 0);
      if (typeof file === 'number') return null;
      const caller = { pid: 0, cred: kernel_ctx().cred };
      const parts: Uint8Array[] = [];
      const pos = { pos: 0 };
      for (;;) {
        const buf = new Uint8Array(65536);
        const n = await kernel_read(file, buf, pos, caller);
        if (n <= 0) break;
        parts.push(buf.subarray(0, n));
      }
      await fput(file, caller);
      const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
      let off = 0;
      for (const p of parts) out.set(p, (off += p.length) - p.length);
      return out;
    },
    async run(argv) {
      return (await (await spawn(argv)).exited);
    },
    async output(line) {
      const file = `/var/tmp/output-${++outputs}`;
      const status = await m.run(['/bin/sh', '-c', `mkdir -p /var/tmp; { ${line}\n} > ${file} 2>&1`]);
      const data = await m.readFile(file);
      await m.run(['/bin/rm', '-f', file]);
      return { status, text: data ? new TextDecoder().decode(data) : '' };
    },
  };
  return m;
}
