// Charts and tables of the mechanism benchmark (thesis figures 4.1-4.3), as plain SVG and markdown text:
// no dependency. Input: the records of results/latest.json; only records whose test is 'read', 'write' or
// 'latency' (the mechanism case's) are drawn.

const W = 720, H = 440;
const M = { left: 78, right: 150, top: 40, bottom: 56 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f',
  '#bcbd22', '#393b79', '#000000'];

export function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 64 -> "64 B", 4096 -> "4 KiB", 2097152 -> "2 MiB". */
export function sizeLabel(bytes) {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

/**
 * A point whose measuring process saw a bare system call slower than this (ns) was measured while its
 * thread and the kernel's shared a core (other work held the other one): marked in charts and tables.
 */
export const SHARED_RT_NS = 5000;
const shared = (r) => typeof r.rt_ns === 'number' && r.rt_ns > SHARED_RT_NS;

const num = (x) => (Math.round(x * 10) / 10).toString();
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));
const tick = (v) => (v >= 1 ? String(Math.round(v)) : String(Number(v.toPrecision(1))));
const finite = (x) => typeof x === 'number' && Number.isFinite(x) && x > 0;

/** The mechanisms in order of first appearance, and each one's color. */
function palette(records, shown = records) {
  const names = [...new Set(records.map((r) => r.mechanism))];
  const present = new Set(shown.map((r) => r.mechanism));
  return new Map(names.map((n, i) => [n, COLORS[i % COLORS.length]]).filter(([n]) => present.has(n)));
}

function frame(title, body) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
    `font-family="sans-serif" font-size="12">\n` +
    `<rect width="${W}" height="${H}" fill="white"/>\n` +
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>\n` +
    body + '</svg>\n';
}

function legend(entries) {
  const x = W - M.right + 16;
  return entries.map(([name, color], i) => {
    const y = M.top + 10 + i * 20;
    return `<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${color}" stroke-width="2.5"/>` +
      `<circle cx="${x + 11}" cy="${y}" r="3" fill="${color}"/>` +
      `<text x="${x + 28}" y="${y + 4}">${esc(name)}</text>\n`;
  }).join('');
}

/** Horizontal grid lines and labels at every power of ten from 10^y0 to 10^y1 of a log axis. */
function decadeGrid(y0, y1, py, pw) {
  let g = '';
  for (let e = y0; e <= y1; e++) {
    const y = num(py(10 ** e));
    g += `<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#ddd"/>` +
      `<text x="${M.left - 6}" y="${num(Number(y) + 4)}" text-anchor="end">${esc(tick(10 ** e))}</text>\n`;
  }
  return g;
}

/**
 * Bandwidth chart for one test ('read' or 'write'): bytes per operation (log2 axis) against MB/s (log10
 * axis), one line per mechanism.
 */
export function bandwidthSvg(records, test, title) {
  const recs = records.filter((r) => r.test === test && finite(r.bytes) && finite(r.mb_per_s));
  // Colors come from every record given, so a mechanism keeps its color across the three charts.
  const colors = palette(records, recs);
  const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
  if (!recs.length) return frame(title, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>\n`);
  const xs = recs.map((r) => Math.log2(r.bytes));
  const ys = recs.map((r) => Math.log10(r.mb_per_s));
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  if (x1 === x0) x1 = x0 + 1;
  const y0 = Math.floor(Math.min(...ys)), y1 = Math.max(Math.ceil(Math.max(...ys)), y0 + 1);
  const px = (b) => M.left + ((Math.log2(b) - x0) / (x1 - x0)) * pw;
  const py = (v) => M.top + ph - ((Math.log10(v) - y0) / (y1 - y0)) * ph;
  let body = '';
  // Grid and ticks: every power of ten in MB/s, every power of two in bytes (labelled every other one
  // from the smallest; the largest is always named, in place of its neighbour so no two labels touch).
  body += decadeGrid(y0, y1, py, pw);
  for (let e = Math.ceil(x0); e <= x1; e++) {
    const x = num(px(2 ** e));
    body += `<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#eee"/>`;
    const first = Math.ceil(x0);
    const even = (e - first) % 2 === 0;
    if (e === x1 || (even && !(e === x1 - 1 && (x1 - first) % 2 === 1))) {
      body += `<text x="${x}" y="${M.top + ph + 16}" text-anchor="middle">${esc(sizeLabel(2 ** e))}</text>`;
    }
    body += '\n';
  }
  body += `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>\n`;
  body += `<text x="${M.left + pw / 2}" y="${H - 14}" text-anchor="middle">bytes per operation (log scale)</text>\n`;
  body += `<text x="18" y="${M.top + ph / 2}" text-anchor="middle" transform="rotate(-90 18 ${M.top + ph / 2})">` +
    'bandwidth, MB/s (log scale)</text>\n';
  for (const [name, color] of colors) {
    const pts = recs.filter((r) => r.mechanism === name).sort((a, b) => a.bytes - b.bytes);
    const d = pts.map((r) => `${num(px(r.bytes))},${num(py(r.mb_per_s))}`).join(' ');
    body += `<polyline class="series" data-mechanism="${esc(name)}" fill="none" stroke="${color}" stroke-width="2" points="${d}"/>\n`;
    for (const r of pts) {
      const hollow = shared(r);
      body += `<circle cx="${num(px(r.bytes))}" cy="${num(py(r.mb_per_s))}" r="${hollow ? 3.5 : 3}" ` +
        `${hollow ? `fill="white" stroke="${color}" stroke-width="1.5" class="shared"` : `fill="${color}"`}>` +
        `<title>${esc(`${name} ${test} ${sizeLabel(r.bytes)}: ${fmt(r.mb_per_s)} MB/s${hollow ? ' (shared core)' : ''}`)}</title></circle>\n`;
    }
  }
  if (recs.some(shared)) {
    body += `<circle cx="${M.left + 6}" cy="${M.top - 9}" r="3.5" fill="white" stroke="#333" stroke-width="1.5"/>` +
      `<text x="${M.left + 14}" y="${M.top - 5}" font-size="11">measured while the process shared a core with the kernel thread</text>\n`;
  }
  return frame(title, body + legend([...colors]));
}

/**
 * Latency chart: one bar per mechanism, the null round trip in microseconds on a log axis (round trips
 * here range over two decades), value on top.
 */
export function latencySvg(records, title) {
  const recs = records.filter((r) => r.test === 'latency' && finite(r.ns_per_op));
  const colors = palette(records, recs);
  const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
  if (!recs.length) return frame(title, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>\n`);
  const us = recs.map((r) => r.ns_per_op / 1e3);
  // Whole decades, the lowest one below the smallest value so that every bar has a height.
  const y0 = Math.floor(Math.log10(Math.min(...us)) - 0.05);
  const y1 = Math.max(Math.ceil(Math.log10(Math.max(...us)) + 0.05), y0 + 1);
  const py = (v) => M.top + ph - ((Math.log10(v) - y0) / (y1 - y0)) * ph;
  let body = '';
  body += decadeGrid(y0, y1, py, pw);
  const slot = pw / recs.length, bw = Math.min(60, slot * 0.6);
  recs.forEach((r, i) => {
    const v = r.ns_per_op / 1e3, color = colors.get(r.mechanism);
    const x = M.left + slot * i + (slot - bw) / 2, y = py(v);
    body += `<rect class="bar" data-mechanism="${esc(r.mechanism)}" x="${num(x)}" y="${num(y)}" width="${num(bw)}" ` +
      `height="${num(M.top + ph - y)}" fill="${color}"${shared(r) ? ' fill-opacity="0.45"' : ''}>` +
      `<title>${esc(`${r.mechanism}: ${fmt(v)} us${shared(r) ? ' (shared core)' : ''}`)}</title></rect>` +
      `<text x="${num(x + bw / 2)}" y="${num(y - 5)}" text-anchor="middle">${esc(fmt(v))}${shared(r) ? '*' : ''}</text>` +
      `<text x="${num(x + bw / 2)}" y="${M.top + ph + 16}" text-anchor="middle">${esc(r.mechanism)}</text>\n`;
  });
  body += `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>\n`;
  body += `<text x="${M.left + pw / 2}" y="${H - 14}" text-anchor="middle">mechanism` +
    `${recs.some(shared) ? ' (* pale: measured while the process shared a core with the kernel thread)' : ''}</text>\n`;
  body += `<text x="18" y="${M.top + ph / 2}" text-anchor="middle" transform="rotate(-90 18 ${M.top + ph / 2})">` +
    'null round trip, microseconds (log scale)</text>\n';
  return frame(title, body + legend([...colors]));
}

/** Markdown: one table of MB/s per test (sizes down, mechanisms across), then the latencies. */
export function markdownTables(records, meta = {}) {
  const lines = ['# Mechanism benchmark (thesis chapter 4)', ''];
  if (meta.machine) {
    const mc = meta.machine;
    lines.push(`Run ${meta.date ?? ''}${meta.quick ? ' (--quick)' : ''} on ${mc.cpu}, ${mc.cores} cores, node ${mc.node}` +
      `${mc.platform ? `, ${mc.platform}` : ''}${mc.loadavg ? `; host load average ${mc.loadavg.join(' before, ')} after` : ''}.`, '');
  }
  const sampled = records.filter((r) => typeof r.stable === 'boolean');
  if (sampled.length) {
    const loose = sampled.filter((r) => !r.stable);
    const names = loose.map((r) => `${r.mechanism} ${r.test}${r.bytes ? ` ${sizeLabel(r.bytes)}` : ''}`);
    lines.push(`A point is the median of its last batches, sampled until they agreed: ${sampled.length - loose.length} of ` +
      `${sampled.length} points met the tolerance${loose.length ? `; ${loose.length} stopped at the batch cap` +
        (loose.length <= 12 ? ` (${names.join(', ')})` : '') : ''}.`, '');
  }
  for (const [test, what] of [['write', 'Write (user → kernel)'], ['read', 'Read (kernel → user)']]) {
    const recs = records.filter((r) => r.test === test && finite(r.bytes));
    if (!recs.length) continue;
    const mechs = [...new Set(recs.map((r) => r.mechanism))];
    const sizes = [...new Set(recs.map((r) => r.bytes))].sort((a, b) => a - b);
    lines.push(`## ${what}, MB/s`, '', `| bytes | ${mechs.join(' | ')} |`, `|---:|${mechs.map(() => '---:').join('|')}|`);
    for (const b of sizes) {
      const cells = mechs.map((m) => {
        const r = recs.find((x) => x.mechanism === m && x.bytes === b);
        return r && finite(r.mb_per_s) ? `${fmt(r.mb_per_s)}${shared(r) ? '*' : ''}` : '-';
      });
      lines.push(`| ${sizeLabel(b)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  const lat = records.filter((r) => r.test === 'latency');
  if (lat.length) {
    lines.push('## Null round trip', '', '| mechanism | µs |', '|---|---:|');
    for (const r of lat) lines.push(`| ${r.mechanism} | ${finite(r.ns_per_op) ? `${fmt(r.ns_per_op / 1e3)}${shared(r) ? '*' : ''}` : '-'} |`);
    lines.push('');
  }
  if (records.some((r) => ['read', 'write', 'latency'].includes(r.test) && shared(r))) {
    lines.push(`\\* measured while the measuring process's thread and the kernel's shared a core (its bare system call took ` +
      `more than ${SHARED_RT_NS / 1e3} µs instead of about 1 µs: other work held the other core); such points pay tens of µs ` +
      'per system call.', '');
  }
  return lines.join('\n');
}
