// avscan's signature database: one signature a line, `NAME "bytes"` (with \" \\ \n \t \xHH escapes) or
// `NAME hex:HEXBYTES`; blank lines and lines starting with # are skipped. A malformed line is an error
// naming the file and the line, and nothing of the file is used.
export interface signature {
  name: string;
  bytes: Uint8Array;
}

const enc = new TextEncoder();

function unquote(s: string): Uint8Array | string {
  if (s.length < 2 || !s.startsWith('"') || !s.endsWith('"')) return 'a pattern is "text" or hex:BYTES';
  const body = s.slice(1, -1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') return 'an unescaped " inside the pattern';
    if (ch !== '\\') {
      out.push(...enc.encode(ch));
      continue;
    }
    const e = body[++i];
    if (e === 'n') out.push(10);
    else if (e === 't') out.push(9);
    else if (e === '"' || e === '\\') out.push(e.charCodeAt(0));
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) out.push(parseInt(body.slice(i + 1, (i += 2) + 1), 16));
    else return `unknown escape \\${e ?? ''}`;
  }
  return new Uint8Array(out);
}

function hex(s: string): Uint8Array | string {
  const h = s.slice(4);
  if (!h || h.length % 2 || !/^[0-9a-fA-F]+$/.test(h)) return 'hex: needs an even number of hex digits';
  return Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
}

/** The signatures of `text` (the file `file`), or an error `file:LINE: what`. */
export function parse_signatures(text: string, file: string): signature[] | string {
  const out: signature[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(.+)$/.exec(line);
    if (!m) return `${file}:${n + 1}: a signature is NAME "bytes" or NAME hex:BYTES`;
    const bytes = m[2].startsWith('hex:') ? hex(m[2]) : unquote(m[2]);
    if (typeof bytes === 'string') return `${file}:${n + 1}: ${bytes}`;
    if (!bytes.length) return `${file}:${n + 1}: an empty pattern matches everything`;
    out.push({ name: m[1], bytes });
  }
  return out.length ? out : `${file}: no signature in it`;
}

/** The first signature found in `data`, or null. */
export function find_signature(data: Uint8Array, sigs: readonly signature[]): string | null {
  for (const s of sigs) {
    const first = s.bytes[0];
    for (let i = data.indexOf(first); i >= 0 && i + s.bytes.length <= data.length; i = data.indexOf(first, i + 1)) {
      let k = 1;
      while (k < s.bytes.length && data[i + k] === s.bytes[k]) k++;
      if (k === s.bytes.length) return s.name;
    }
  }
  return null;
}
