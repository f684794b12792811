// lib/fanotify.mjs: the probe's output parser, the build-when-stale rule, every way the host can be
// unable to measure (which must come back as { available: false, reason }, never as an exception), and
// the markdown. A fake `cc` (a shell script) stands in for the compiler where the real one is not the
// point; the last test runs the real probe briefly.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProbe, fanotifyTables, parseProbeOutput, PROBE_SRC, runFanotifyProbe } from './fanotify.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanotify-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MEASURED = ['plain.1=2500.0', 'perm.1=25500.0', 'event.1=23000.0', 'plain.2=2600.0', 'perm.2=26600.0',
  'event.2=24000.0', 'plain=2550.0', 'perm=26050.0', 'event=23500.0', 'opens=1840', 'answered=1840', ''].join('\n');

/** A fake compiler: writes, as the "binary" named by -o, a shell script printing `out` and exiting `code`. */
function fakeCc(name, out, code) {
  const cc = path.join(dir, name);
  const script = `#!/bin/sh\ncat <<'EOF'\n${out}\nEOF\nexit ${code}\n`;
  fs.writeFileSync(path.join(dir, `${name}.script`), script);
  fs.writeFileSync(cc, `#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done\n` +
    `echo built >> '${cc}.log'\ncp '${dir}/${name}.script' "$out" && chmod +x "$out"\n`, { mode: 0o755 });
  return cc;
}

describe('fanotify probe output', () => {
  it('reads the batches, the medians and the event counts', () => {
    const r = parseProbeOutput(MEASURED);
    expect(r).toEqual({
      available: true,
      pairs: [{ plain: 2500, perm: 25500, event: 23000 }, { plain: 2600, perm: 26600, event: 24000 }],
      plain: 2550, perm: 26050, event: 23500, opens: 1840, answered: 1840, sameCpu: null, cpus: null,
    });
    const placed = parseProbeOutput(`${MEASURED}same_cpu=1700\ncpus=free\n`);
    expect([placed.sameCpu, placed.cpus]).toEqual([1700, 'free']);
  });

  it('turns unavailable= into a reason, whatever the exit status', () => {
    const line = 'unavailable=fanotify_init(FAN_CLASS_CONTENT): Operation not permitted (EPERM)\n';
    expect(parseProbeOutput(line, { code: 3 })).toEqual({ available: false,
      reason: 'fanotify_init(FAN_CLASS_CONTENT): Operation not permitted (EPERM)' });
    expect(parseProbeOutput(line).available).toBe(false);
  });

  it('throws on a reported error, on a listener that missed opens, and on cut-off output', () => {
    expect(() => parseProbeOutput('error=mkdtemp: No space left on device (ENOSPC)\n', { code: 1 }))
      .toThrow('fanotify probe: mkdtemp: No space left on device (ENOSPC)');
    expect(() => parseProbeOutput(MEASURED.replace('answered=1840', 'answered=1839')))
      .toThrow('the listener answered 1839 events for 1840 opens');
    expect(() => parseProbeOutput(MEASURED.replace('opens=1840', 'opens=0').replace('answered=1840', 'answered=0')))
      .toThrow('answered 0 events for 0 opens');
    expect(() => parseProbeOutput('plain.1=2500.0\nperm.1=25500.0\n', { signal: 'SIGTERM' })).toThrow('killed by SIGTERM');
    expect(() => parseProbeOutput(MEASURED.replace('event=23500.0', 'event=nan'))).toThrow('no number for event');
    expect(() => parseProbeOutput('opens=0\n')).toThrow('no batches');
  });
});

describe('fanotify probe on a host that cannot measure', () => {
  it('says so off Linux, without building anything', async () => {
    const bin = path.join(dir, 'never-built');
    expect(await runFanotifyProbe({ ms: 1, platform: 'darwin', bin })).toEqual({ available: false,
      reason: "fanotify is Linux's; this host is darwin" });
    expect(fs.existsSync(bin)).toBe(false);
  });

  it('says so without a C compiler', async () => {
    const r = await runFanotifyProbe({ ms: 1, platform: 'linux', cc: path.join(dir, 'no-such-cc'), bin: path.join(dir, 'b1') });
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/^no C compiler \(.*no-such-cc not found\)$/);
  });

  it('says so when the build fails, and leaves no half-built binary', async () => {
    const src = path.join(dir, 'broken.c');
    fs.writeFileSync(src, 'int main(void) { return missing; }\n');
    const cc = path.join(dir, 'failing-cc');
    fs.writeFileSync(cc, '#!/bin/sh\necho "broken.c:1: error: \'missing\' undeclared" >&2\nexit 1\n', { mode: 0o755 });
    const bin = path.join(dir, 'b2');
    const r = await runFanotifyProbe({ ms: 1, platform: 'linux', cc, src, bin });
    expect(r).toEqual({ available: false, reason: `${cc} failed to build broken.c: broken.c:1: error: 'missing' undeclared` });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('b2'))).toEqual([]);
  });

  it('passes on the probe\'s own unavailable= (fanotify refused)', async () => {
    const cc = fakeCc('cc-eperm', 'unavailable=fanotify_init(FAN_CLASS_CONTENT): Operation not permitted (EPERM)', 3);
    const r = await runFanotifyProbe({ ms: 1, platform: 'linux', cc, bin: path.join(dir, 'b3') });
    expect(r).toEqual({ available: false, reason: 'fanotify_init(FAN_CLASS_CONTENT): Operation not permitted (EPERM)' });
  });
});

describe('fanotify probe that hangs', () => {
  it('is killed (SIGTERM would not do: it ignores it) and its temporary directory removed', async () => {
    const seen = path.join(dir, 'hang-tmpdir');
    const cc = path.join(dir, 'cc-hang');
    fs.writeFileSync(cc, `#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done\n` +
      `printf '#!/bin/sh\\ntrap "" TERM\\necho "$TMPDIR" > ${seen}\\nmkdir "$TMPDIR/fanotify_perm.x"\\nexec sleep 30\\n' > "$out"\n` +
      'chmod +x "$out"\n', { mode: 0o755 });
    const t0 = Date.now();
    await expect(runFanotifyProbe({ ms: 1, platform: 'linux', cc, bin: path.join(dir, 'b4'), timeoutMs: 300 }))
      .rejects.toThrow('fanotify probe: killed by SIGKILL');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const tmp = fs.readFileSync(seen, 'utf8').trim();
    expect(tmp).toMatch(/urfs-fanotify-/);
    expect(fs.existsSync(tmp)).toBe(false);
  });
});

describe('fanotify probe build', () => {
  it('builds when the binary is missing or older than the source, not otherwise', async () => {
    const src = path.join(dir, 'probe.c');
    fs.writeFileSync(src, '/* stands for the probe */\n');
    const cc = fakeCc('cc-ok', MEASURED.trim(), 0);
    const bin = path.join(dir, 'build', 'probe');
    expect(await buildProbe({ src, bin, cc })).toEqual({ ok: true, bin, built: true });
    expect(await buildProbe({ src, bin, cc })).toEqual({ ok: true, bin, built: false });
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(src, later, later);
    expect((await buildProbe({ src, bin, cc })).built).toBe(true);
    expect(fs.readFileSync(`${cc}.log`, 'utf8')).toBe('built\nbuilt\n');
    // And what it built is run and parsed.
    expect((await runFanotifyProbe({ ms: 1, platform: 'linux', cc, src, bin })).event).toBe(23500);
  });
});

describe('fanotify tables', () => {
  it('shows "not measured" with the reason when the host could not measure', () => {
    const md = fanotifyTables([{ mechanism: 'fanotify', test: 'perm-event', bytes: 0, ns_per_op: null, mb_per_s: null,
      unavailable: 'no C compiler (cc not found)' }]);
    expect(md).toContain('fanotify: not measured (no C compiler (cc not found))');
    expect(md).not.toContain('| perm-event |');
  });

  it('lists the three tests in µs, and the events answered', () => {
    const md = fanotifyTables([
      { mechanism: 'syscall', test: 'latency', bytes: 0, ns_per_op: 900 },
      { mechanism: 'fanotify', test: 'open', bytes: 0, ns_per_op: 2550, spread: 0.04, samples: 5 },
      { mechanism: 'fanotify', test: 'open-perm', bytes: 0, ns_per_op: 26050, spread: 0.1, samples: 5, opens: 1840, answered: 1840 },
      { mechanism: 'fanotify', test: 'perm-event', bytes: 0, ns_per_op: 23500, spread: 0.12, samples: 5, listener_same_cpu: 0.25 },
    ]);
    expect(md).toContain('| open | 2.55 | 4% | 5 |');
    expect(md).toContain('| open-perm | 26.1 | 10% | 5 |');
    expect(md).toContain('| perm-event | 23.5 | 12% | 5 |');
    expect(md).toContain('answered 1840 permission events for 1840 opens');
    expect(md).toContain('25% of the events were answered on the CPU the opener last ran on');
    expect(md).not.toContain('latency');
    expect(fanotifyTables([{ mechanism: 'syscall', test: 'latency' }])).toBe('');
  });
});

describe('the real probe on this host', () => {
  it('either measures a permission event answered for every open, or gives a reason', async () => {
    const r = await runFanotifyProbe({ ms: 5, pairs: 2, src: PROBE_SRC, bin: path.join(dir, 'real', 'fanotify_perm') });
    if (r.available) {
      expect(r.pairs).toHaveLength(2);
      expect(r.opens).toBeGreaterThan(0);
      expect(r.answered).toBe(r.opens);
      expect(r.plain).toBeGreaterThan(0);
      expect(r.perm).toBeGreaterThan(0);
      expect(r.cpus).toBe('free');
      expect(r.sameCpu).toBeGreaterThanOrEqual(0);
      expect(r.sameCpu).toBeLessThanOrEqual(r.answered);
    } else {
      expect(r.reason).toMatch(/\S/);
    }
  });
});
