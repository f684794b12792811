// `pnpm web`: serves the playground (web/dist, built first unless --no-build) on http://localhost:PORT
// with the two headers that make the page cross-origin isolated, which SharedArrayBuffer needs. Any static
// server does the same job if it sends them (see the README's Playground section).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8',
};

/** The headers every response carries. `coi` false leaves the isolation ones out (to try coi-sw.js). */
export function headers(coi = true) {
  return coi ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
}

/** Starts a static server on `root`; resolves with it and its URL once it listens. */
export function serve({ root = path.join(here, 'dist'), port = 8080, host = '127.0.0.1', coi = true } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain', ...headers(coi) }).end('not found\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', ...headers(coi) });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve({ server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${a.port}/` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  if (args.includes('--help')) {
    process.stdout.write('usage: node web/serve.mjs [--port N] [--host ADDR] [--no-build] [--no-coi-headers]\n');
    process.exit(0);
  }
  if (!args.includes('--no-build')) await (await import('./build.mjs')).build();
  const { url } = await serve({ port: Number(opt('--port', process.env.PORT ?? 8080)), host: opt('--host', '127.0.0.1'),
    coi: !args.includes('--no-coi-headers') });
  process.stdout.write(`urfs playground: ${url} (Ctrl-C stops it)\n`);
}
