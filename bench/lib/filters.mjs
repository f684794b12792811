// Charts and tables of the ufilter-vs-kernel-filter comparison (cases/urfs.mjs): the records of
// mechanism "filter", one per set-up (r.filter), operation (r.op) and size.
import { bandwidthSvg, sizeLabel } from './svg.mjs';

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(3));

/** The comparison's records as the bandwidth chart takes them: one line per filter set-up. */
function series(records, op) {
  return records
    .filter((r) => r.mechanism === 'filter' && r.op === op && r.bytes > 0 && Number.isFinite(r.mb_per_s))
    .map((r) => ({ mechanism: r.filter, test: op, bytes: r.bytes, mb_per_s: r.mb_per_s, ns_per_op: r.ns_per_op }));
}

/** { 'filters-read.svg': svg, 'filters-write.svg': svg }, or {} when the run has no comparison. */
export function filterCharts(records) {
  const read = series(records, 'read'), write = series(records, 'write');
  if (!read.length && !write.length) return {};
  return {
    'filters-read.svg': bandwidthSvg(read, 'read', 'Reads through a filter: ufilter vs the same filter in the kernel'),
    'filters-write.svg': bandwidthSvg(write, 'write', 'Writes through a filter: ufilter vs the same filter in the kernel'),
  };
}

/** Markdown: MB/s per size and set-up for reads and writes, open+close times, and where the time goes. */
export function filterTables(records) {
  const recs = records.filter((r) => r.mechanism === 'filter');
  if (!recs.length) return '';
  const setups = [...new Set(recs.filter((r) => r.op).map((r) => r.filter))];
  const lines = ['## ufilter vs kernel filter', ''];
  for (const op of ['write', 'read']) {
    const rs = recs.filter((r) => r.op === op);
    const sizes = [...new Set(rs.map((r) => r.bytes))].sort((a, b) => a - b);
    lines.push(`### ${op}, MB/s`, '', `| bytes | ${setups.join(' | ')} |`, `|---:|${setups.map(() => '---:').join('|')}|`);
    for (const b of sizes) {
      const cells = setups.map((s) => {
        const r = rs.find((x) => x.filter === s && x.bytes === b);
        return r && Number.isFinite(r.mb_per_s) ? fmt(r.mb_per_s) : '-';
      });
      lines.push(`| ${sizeLabel(b)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  const oc = recs.filter((r) => r.op === 'open+close');
  if (oc.length) {
    lines.push('### open + close of a small file, µs', '', `| ${setups.join(' | ')} |`, `|${setups.map(() => '---:').join('|')}|`);
    lines.push(`| ${setups.map((s) => {
      const r = oc.find((x) => x.filter === s);
      return r && Number.isFinite(r.ns_per_op) ? fmt(r.ns_per_op / 1e3) : '-';
    }).join(' | ')} |`, '');
  }
  const phases = recs.filter((r) => !r.op);
  if (phases.length) {
    lines.push('### Where a ufilter callback\'s time goes (kernel marks, µs per callback)', '', '| | µs |', '|---|---:|');
    for (const r of phases) {
      const v = Number.isFinite(r.ns_per_op) ? fmt(r.ns_per_op / 1e3) : `${r.bytes} bytes`;
      lines.push(`| ${r.test} | ${v} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
