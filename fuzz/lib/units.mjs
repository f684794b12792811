// The fuzz units `pnpm fuzz` runs: each boots its own machine, sets it up, runs one fuzz program (in the
// machine, from packages/emu-kernel/src/testbin or demos/src/testbin) and checks what must hold after it.
// `count` is the default number of inputs; `what` names them.

const TESTBIN = '/usr/libexec/emu-test', URFS_TESTBIN = '/usr/libexec/urfs-test';

/** Every module that gives the machine a device, a pseudo file or a socket protocol to fuzz. */
export const DEVICE_MODULES = ['redirfs', 'urfs', 'ioctl_ex', 'mmap_ex', 'debugfs_ex', 'configfs_ex', 'sysfs_ex',
  'procfs_simple_intf', 'procfs_legacy', 'relay_ex', 'signal_ex', 'netlink_ex', 'genl_ex', 'udp_ex', 'sysctl_ex',
  'params_ex', 'bench_chr', 'bench_debugfs', 'bench_genl', 'bench_ioctl', 'bench_mmap', 'bench_netlink', 'bench_proc',
  'bench_relay', 'bench_sysfs'];

const insmod = (mods) => mods.map((m) => `insmod ${m}`).join(' && ');
const fuzzArgs = (o) => ['--seed', String(o.seed), '--count', String(o.count),
  ...(Number.isFinite(o.trace) ? ['--trace', String(o.trace)] : [])];

/** After every unit: the machine still runs a program. */
async function alive(s) {
  return (await s.probe()) ? [] : ['the machine no longer runs a program to its end'];
}

/** The counters of live objects; the others count events since the module loaded and only grow. */
const URFS_GAUGES = ['connections', 'ufilters', 'requests', 'allocations'];

/** Once the filters, their connections and the applications are gone, urfs's live objects are back to 0. */
async function urfsZero(s) {
  const zero = (st) => st && URFS_GAUGES.every((k) => st[k] === 0);
  const st = await s.until(() => s.urfsStats(), zero, 5000);
  return zero(st) ? [] : [`/sys/kernel/debug/urfs/stats did not go back to 0: ${JSON.stringify(st)}`];
}

const URFS_DIR = '/tmp/uf';
/** The urfs units' set-up: the module with a short timeout (what nobody answers ends soon), and files. */
const urfsSetup = (timeout) => `insmod redirfs && insmod urfs timeout=${timeout} && mkdir -p ${URFS_DIR}/d && ` +
  `echo hello > ${URFS_DIR}/a && echo world > ${URFS_DIR}/d/e`;

/** A urfsfuzz mode as a unit. */
function urfsUnit(mode, count, timeout, hangMs, extra = []) {
  return {
    name: `urfs-${mode}`,
    what: 'urfs messages',
    count,
    hangMs,
    async run(s, o) {
      await s.sh(urfsSetup(timeout));
      const r = await s.run({ argv: [`${URFS_TESTBIN}/urfsfuzz`, mode, ...fuzzArgs(o), ...extra, '--timeout', String(timeout), URFS_DIR],
        hangMs });
      return { inputs: Number(r['fuzz.done'] ?? s.mainIndex() + 1), report: r, violations: [...await urfsZero(s), ...await alive(s)] };
    },
  };
}

export const units = [
  {
    name: 'sys',
    what: 'system calls',
    count: 1_000_000,
    hangMs: 10000,
    async run(s, o) {
      await s.sh(insmod(DEVICE_MODULES));
      const r = await s.run({ argv: [`${TESTBIN}/sysfuzz`, ...fuzzArgs(o)], hangMs: this.hangMs });
      return { inputs: Number(r['fuzz.done'] ?? s.mainIndex() + 1), report: r, violations: await alive(s) };
    },
  },
  urfsUnit('msgs', 60_000, 100, 15000),
  urfsUnit('live', 40_000, 1000, 30000, ['--apps', '8']),
  {
    name: 'redirctl',
    what: 'ioctls',
    count: 100_000,
    hangMs: 15000,
    async run(s, o) {
      await s.sh(`${urfsSetup(1000)} && insmod dummyflt && mkdir -p /tmp/rc/d && echo x > /tmp/rc/a && ` +
        'udummyflt -b /tmp/rc > /dev/null');
      const r = await s.run({ argv: ['/usr/libexec/redirctl-test/redirctlfuzz', ...fuzzArgs(o), '/tmp/rc'], hangMs: this.hangMs });
      return { inputs: Number(r['fuzz.done'] ?? s.mainIndex() + 1), report: r, violations: await alive(s) };
    },
  },
  {
    name: 'netlink',
    what: 'netlink datagrams',
    count: 100_000,
    hangMs: 10000,
    async run(s, o) {
      await s.sh(insmod(['netlink_ex', 'genl_ex', 'bench_netlink', 'bench_genl']));
      const r = await s.run({ argv: [`${URFS_TESTBIN}/nlfuzz`, ...fuzzArgs(o)], hangMs: this.hangMs });
      return { inputs: Number(r['fuzz.done'] ?? s.mainIndex() + 1), report: r, violations: await alive(s) };
    },
  },
];
