// The control socket of a running machine: `emu serve` listens on a Unix socket, `emu attach` connects
// and runs one command inside the machine with its own terminal (an hvc device pair), streaming input,
// output and the exit status. Messages are newline-delimited JSON; data is base64.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Machine } from './machine.js';
import { statusToCode } from './machine.js';
import { hvc_alloc } from '../drivers/tty/hvc.js';
import { kern_path } from '../fs/namei.js';
import { kernel_ctx } from '../init/main.js';
import { S_ISREG } from '../uapi/stat.js';

/** The PATH of the machine's processes (init's environment). */
export const MACHINE_PATH = '/usr/local/bin:/bin:/sbin:/usr/bin';

/**
 * The file a command name runs, as execvp(3) finds it: the name itself when it has a slash, else the
 * first regular file of that name in the machine's PATH; null when there is none.
 */
export async function resolveCommand(name: string, searchPath = MACHINE_PATH): Promise<string | null> {
  if (name.includes('/')) return name;
  if (!name) return null;
  for (const dir of searchPath.split(':')) {
    const p = `${dir || '.'}/${name}`;
    const r = await kern_path(kernel_ctx(), p);
    if (typeof r !== 'number' && r.dentry.d_inode && S_ISREG(r.dentry.d_inode.i_mode)) return p;
  }
  return null;
}

export type ClientMsg =
  | { type: 'exec'; argv: string[]; user?: 'root' | 'user'; cwd?: string }
  | { type: 'stdin'; data: string }
  | { type: 'eof' };
export type ServerMsg =
  | { type: 'stdout' | 'stderr'; data: string }
  | { type: 'exit'; code: number }
  | { type: 'error'; message: string };

export function defaultSocket(): string {
  return process.env.URFS_SOCKET ?? path.join(os.tmpdir(), `urfs-emu-${process.getuid?.() ?? 0}.sock`);
}

const USER_CRED = { uid: 1000, gid: 1000, euid: 1000, egid: 1000, groups: [1000] };

function lines(sock: net.Socket, onMsg: (m: unknown) => void): void {
  let buf = '';
  sock.setEncoding('utf8');
  sock.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.trim()) continue;
      try {
        onMsg(JSON.parse(line));
      } catch {
        sock.destroy();
      }
    }
  });
}

/** Serves attach requests until the returned close function is called. */
export async function serve(machine: Machine, socketPath: string): Promise<() => Promise<void>> {
  if (fs.existsSync(socketPath)) {
    const alive = await new Promise<boolean>((r) => {
      const c = net.connect(socketPath, () => {
        c.destroy();
        r(true);
      });
      c.on('error', () => r(false));
    });
    if (alive) throw new Error(`a machine is already serving on ${socketPath}`);
    fs.unlinkSync(socketPath);
  }
  const server = net.createServer((sock) => {
    const send = (m: ServerMsg) => {
      if (!sock.destroyed) sock.write(JSON.stringify(m) + '\n');
    };
    let session: ReturnType<typeof hvc_alloc> | null = null;
    lines(sock, (raw) => {
      const m = raw as ClientMsg;
      if (m.type === 'exec' && !session) {
        if (!Array.isArray(m.argv) || !m.argv.length || m.argv.some((a) => typeof a !== 'string')) {
          send({ type: 'error', message: 'exec: argv must be a non-empty list of strings' });
          sock.end();
          return;
        }
        const argv = m.argv;
        const s = hvc_alloc((stream, data) => send({ type: stream, data: Buffer.from(data).toString('base64') }));
        session = s;
        const dev = `/dev/hvc${s.minor}`, err = `/dev/hvc${s.minor + 1}`;
        const user = m.user === 'user';
        // `emu attach -- cat FILE`: a name without a slash is looked up in the machine's PATH.
        resolveCommand(argv[0])
          .then((file) => {
            if (file === null) throw new Error(`${argv[0]}: command not found`);
            return machine.spawn({ argv: [file, ...argv.slice(1)], cred: user ? USER_CRED : undefined,
              cwd: m.cwd ?? (user ? '/home/user' : '/root'), stdio: [dev, dev, err] });
          })
          .then(async ({ exited }) => {
            const status = await exited;
            send({ type: 'exit', code: statusToCode(status) });
          })
          .catch((e: Error) => {
            send({ type: 'stderr', data: Buffer.from(`emu: ${e.message}\n`).toString('base64') });
            send({ type: 'exit', code: 127 });
          })
          .finally(() => {
            s.close();
            sock.end();
          });
      } else if (m.type === 'stdin' && session) session.input(new Uint8Array(Buffer.from(m.data, 'base64')));
      else if (m.type === 'eof' && session) session.input(null);
    });
    sock.on('close', () => session?.input(null));
    sock.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return () => new Promise<void>((r) => server.close(() => r()));
}

/** Runs argv on the machine serving at socketPath; resolves with the exit code. */
export function attach(socketPath: string, argv: string[], o: { user?: 'root' | 'user'; cwd?: string;
  stdin?: NodeJS.ReadableStream | null; stdout?: (d: Uint8Array) => void; stderr?: (d: Uint8Array) => void } = {}):
  Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(socketPath);
    let code: number | null = null;
    sock.on('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'ENOENT' || e.code === 'ECONNREFUSED'
        ? `no machine is running on ${socketPath} (start one with: emu serve)` : e.message)));
    sock.on('connect', () => {
      sock.write(JSON.stringify({ type: 'exec', argv, user: o.user, cwd: o.cwd } satisfies ClientMsg) + '\n');
      const input = o.stdin;
      if (input) {
        input.on('data', (d: Buffer) => sock.write(JSON.stringify({ type: 'stdin', data: d.toString('base64') }) + '\n'));
        input.on('end', () => sock.write(JSON.stringify({ type: 'eof' }) + '\n'));
      } else sock.write(JSON.stringify({ type: 'eof' }) + '\n');
    });
    const out = o.stdout ?? ((d: Uint8Array) => void process.stdout.write(d));
    const err = o.stderr ?? ((d: Uint8Array) => void process.stderr.write(d));
    lines(sock, (raw) => {
      const m = raw as ServerMsg;
      if (m.type === 'stdout') out(Buffer.from(m.data, 'base64'));
      else if (m.type === 'stderr') err(Buffer.from(m.data, 'base64'));
      else if (m.type === 'exit') code = m.code;
      else if (m.type === 'error') {
        err(Buffer.from(`emu: ${m.message}\n`));
        code = 2;
      }
    });
    sock.on('close', () => {
      o.stdin?.removeAllListeners?.('data');
      (o.stdin as NodeJS.ReadStream | undefined)?.pause?.();
      if (code === null) reject(new Error('the machine closed the connection'));
      else resolve(code);
    });
  });
}
