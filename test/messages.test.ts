// End-to-end: the message and event mechanisms of issue 6 (signals, upcalls, netlink) through the `emu`
// CLI from the repository root, each with its demo module and program and the bad input of its row.
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';

/** nlmcast_user, writing to /tmp/m, has joined group 1. */
const LISTENING = until('grep -q listening /tmp/m 2>/dev/null', 'nlmcast_user to join group 1');

describe('signals: signal_ex / signal_user', () => {
  it('delivers the real-time values queued in order and the standard signal once', async () => {
    const r = await sh('insmod signal_ex && signal_user');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^signal_user: pid \d+, 4 signals delivered$/);
    expect(lines.slice(1)).toEqual([
      'SIGUSR1 si_code -1 si_int 1',
      'SIGRTMIN+1 si_code -1 si_int 100',
      'SIGRTMIN+1 si_code -1 si_int 200',
      'SIGRTMIN+1 si_code -1 si_int 300',
    ]);
  });

  it('answers ESRCH for a dead pid and EINVAL for text, sending nothing and keeping the last pid', async () => {
    const r = await sh('insmod signal_ex && signal_user -p 4242; signal_user -p abc; cat /sys/kernel/debug/signal_ex/pid');
    expect(r.stderr).toContain('signal_user: write 4242 to /sys/kernel/debug/signal_ex/pid: No such process');
    expect(r.stderr).toContain('signal_user: write abc to /sys/kernel/debug/signal_ex/pid: Invalid argument');
    expect(r.stdout).toBe('0\n');
  });

  it('has no debugfs file once unloaded', async () => {
    const r = await sh('insmod signal_ex && rmmod signal_ex && signal_user');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No such file or directory');
  });
});

describe('upcall: umh_ex / callee', () => {
  it("runs callee at init; its argv and environment are in /tmp/callee.out", async () => {
    const r = await sh('insmod umh_ex && cat /tmp/callee.out');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pid \d+ uid 0\n/);
    expect(r.stdout).toContain('argv[0]=/usr/bin/callee\nargv[1]=hello\nargv[2]=from\nargv[3]=umh_ex\n');
    expect(r.stdout).toContain('envp[0]=HOME=/\nenvp[1]=PATH=/sbin:/bin:/usr/sbin:/usr/bin\nenvp[2]=CALLEE_STATUS=0\n');
  });

  it('UMH_WAIT_PROC returns the wait status; UMH_WAIT_EXEC and UMH_NO_WAIT return 0', async () => {
    const r = await sh('insmod umh_ex status=3 && rmmod umh_ex && insmod umh_ex wait=exec && rmmod umh_ex && insmod umh_ex wait=none && dmesg');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('umh_ex: /usr/bin/callee exited, wait status 768 (exit code 3)');
    expect(r.stdout).toContain('umh_ex: /usr/bin/callee started (wait=exec) = 0');
    expect(r.stdout).toContain('umh_ex: /usr/bin/callee started (wait=none) = 0');
  });

  it('a missing helper is ENOENT: the load is refused and nothing is written', async () => {
    const r = await sh('insmod umh_ex path=/usr/bin/nope; echo st=$?; lsmod; cat /tmp/callee.out; dmesg | grep umh_ex');
    expect(r.stdout).toContain('st=1');
    expect(r.stdout).not.toMatch(/^umh_ex /m);
    expect(r.stderr).toContain('/tmp/callee.out: No such file or directory');
    expect(r.stdout).toContain('umh_ex: call_usermodehelper(/usr/bin/nope, UMH_WAIT_PROC) failed: -2');
  });
});

describe('netlink: netlink_ex / netlink_user / nlmcast_user', () => {
  it('answers by unicast and the group-1 listener receives the broadcast', async () => {
    const r = await sh(`insmod netlink_ex && (nlmcast_user -n 2 > /tmp/m &) ; ${LISTENING}; netlink_user hi all; ` +
      `netlink_user -a -s 7 second; ${until('test $(grep -c "^group 1" /tmp/m) -ge 2', 'two broadcasts')}; cat /tmp/m`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/recv: NLEX_ECHO flags=0x0 seq=1 pid=0: "kernel got: hi all"\n/);
    expect(r.stdout).toMatch(/recv: NLEX_ECHO flags=0x0 seq=7 pid=0: "kernel got: second"\nrecv: NLMSG_ERROR flags=0x100 seq=7 pid=\d+: ack for NLEX_ECHO seq=7 len=22\n/);
    expect(r.stdout).toContain('nlmcast_user: listening on group 1\n');
    expect(r.stdout).toMatch(/group 1 from port 0: NLEX_EVENT flags=0x0 seq=0 pid=0: "port \d+ said: hi all"\ngroup 1 from port 0: NLEX_EVENT .*"port \d+ said: second"\n$/);
  });

  it('sends a multipart dump ended by NLMSG_DONE', async () => {
    const r = await sh('insmod netlink_ex && netlink_user -d');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain([1, 2, 3].map((i) => `recv: NLEX_DUMP flags=0x2 seq=1 pid=0: "item ${i}"\n`).join('') +
      'recv: NLMSG_DONE flags=0x2 seq=1 pid=0: done\n');
  });

  it('bad requests: NLMSG_ERROR with the errno, EMSGSIZE over 128 KiB, EPROTONOSUPPORT without the module', async () => {
    const r = await sh('insmod netlink_ex && netlink_user -t 99; netlink_user -t 16 ""; netlink_user --lie; netlink_user --short; netlink_user --big; rmmod netlink_ex; netlink_user x');
    expect(r.stdout).toContain('error -95 (Operation not supported) for type 99 seq=1 len=28');
    expect(r.stdout).toContain('error -22 (Invalid argument) for NLEX_ECHO seq=1 len=16');
    expect(r.stdout).toContain('error -22 (Invalid argument) for NLEX_ECHO seq=1 len=92');
    expect(r.stdout).toContain('error -22 (Invalid argument) for type 0 seq=0 len=8');
    expect(r.stderr).toContain('netlink_user: sendmsg: Message too long\n');
    expect(r.stderr).toContain('netlink_user: socket(AF_NETLINK, SOCK_RAW, 31): Protocol not supported\n');
  });

  it("a listener's socket is gone from /proc/net/netlink once the process is killed", async () => {
    const r = await sh(`insmod netlink_ex && (nlmcast_user -n 5 > /tmp/m &) ; ${LISTENING}; cat /proc/net/netlink; ` +
      'kill $(cat /proc/[0-9]*/stat 2>/dev/null | grep nlmcast_user | cut -d" " -f1); ' +
      `${until('! grep -q 00000001 /proc/net/netlink', 'the socket to go')}; echo ---; cat /proc/net/netlink`);
    const [before, after] = r.stdout.split('---\n');
    expect(before).toMatch(/^31 +\d+ +00000001 /m);
    expect(after).not.toMatch(/00000001/);
    expect(after).toMatch(/^31 +0 +00000000 /m);
  });
});

describe('generic netlink: genl_ex / genl_user', () => {
  it('resolves CONTROL_EXMPL through nlctrl and prints the echoed reply', async () => {
    const r = await sh('insmod genl_ex && genl_user "hi kernel"');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^genl_user: family CONTROL_EXMPL id (\d+), group exmpl_events=(\d+)\ngenl_user: reply: kernel echoes: hi kernel\n$/);
  });

  it("a listener on the family's group receives the announcement", async () => {
    const r = await sh(`insmod genl_ex && (su user -c "genl_user -l -n 1" > /tmp/g &); ` +
      `${until('grep -q listening /tmp/g 2>/dev/null', 'the listener to join')}; genl_user again; ` +
      `${until('grep -q ^event /tmp/g', 'the announcement')}; cat /tmp/g`);
    expect(r.stdout).toContain('genl_user: reply: kernel echoes: again\n');
    expect(r.stdout).toMatch(/genl_user: listening on exmpl_events\nevent: port \d+ said: again\n/);
  });

  it('unknown family ENOENT; missing, too long, unknown or lying attributes EINVAL/ERANGE', async () => {
    const r = await sh('insmod genl_ex && genl_user -f NOPE; genl_user --no-msg; genl_user --long; genl_user --badattr; genl_user --lie-attr; rmmod genl_ex; genl_user x');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'genl_user: family NOPE: No such file or directory',
      'genl_user: ECHO: Invalid argument',
      'genl_user: ECHO: Numerical result out of range',
      'genl_user: ECHO: Invalid argument',
      'genl_user: ECHO: Invalid argument',
      'genl_user: family CONTROL_EXMPL: No such file or directory',
    ]);
  });
});

describe('UDP in the kernel: udp_ex / udp_user', () => {
  it('prints hello world back from the kernel', async () => {
    const r = await sh('insmod udp_ex && udp_user');
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'udp_user: reply from 127.0.0.1:5555: hello world\n' });
  });

  it('answers every datagram, however many arrived between two work runs', async () => {
    const r = await sh('insmod udp_ex && udp_user -n 3 ping && rmmod udp_ex && dmesg | grep udp_ex');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('udp_user: reply from 127.0.0.1:5555: ping 1\nudp_user: reply from 127.0.0.1:5555: ping 2\nudp_user: reply from 127.0.0.1:5555: ping 3\n');
    // How many work runs it took depends on scheduling; every datagram is answered either way.
    expect(r.stdout).toMatch(/udp_ex: answered 3 datagram\(s\) in [123] work run\(s\)/);
  });

  it('a closed port is ECONNREFUSED, also once the module is gone; a bad port number is refused', async () => {
    const r = await sh('insmod udp_ex && udp_user -p 5556; rmmod udp_ex; udp_user; insmod udp_ex port=70000; echo st=$?');
    expect(r.stderr).toContain('udp_user: sendto 127.0.0.1:5556: Connection refused\n');
    expect(r.stderr).toContain('udp_user: sendto 127.0.0.1:5555: Connection refused\n');
    expect(r.stdout).toContain('st=1');
  });
});

describe('relay: relay_ex / relay_user', () => {
  it('poll on the relay file reports nothing before the writes and POLLIN after them', async () => {
    const r = await sh('insmod relay_ex && relay_user -p -n 2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^poll before the writes: nothing to read\npoll after the writes: POLLIN\nrecord 1\nrecord 2\n/);
  });

  it('records written through the ioctl are read back in order from the per-CPU debugfs file', async () => {
    const r = await sh('insmod relay_ex && relay_user -n 5 && ls /sys/kernel/debug/relay_ex');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('record 1\nrecord 2\nrecord 3\nrecord 4\nrecord 5\n-- 5 records read from /sys/kernel/debug/relay_ex/cpu0\n');
    expect(r.stdout).toMatch(/^cpu0\s+cpu1\b.*stats$/m);
  });

  it('no-overwrite drops when full, with padding reported; reading frees sub-buffers for new records', async () => {
    const r = await sh('insmod relay_ex && relay_user -n 30; relay_user -n 2');
    expect(r.code).toBe(0);
    const [first, second] = r.stdout.split('dropped 5\n');
    expect(first).toContain('record 25\n-- 25 records read');
    expect(first).not.toContain('record 26');
    expect(first).toMatch(/mode no-overwrite\nsubbufs started \d+\npadding ([1-9]\d*)\nwritten 25\n$/);
    expect(second).toContain('record 31\nrecord 32\n-- 2 records read');
  });

  it('overwrite mode keeps the newest records; a faster reader resumes where it stopped', async () => {
    const r = await sh('insmod relay_ex overwrite=1 && relay_user -n 30 | head -1; relay_user -r | head -1; relay_user -n 3 | head -3');
    expect(r.stdout).toBe('record 8\n-- 0 records read from /sys/kernel/debug/relay_ex/cpu0\nrecord 31\nrecord 32\nrecord 33\n');
  });

  it('bad sizes and record counts are EINVAL', async () => {
    const r = await sh('insmod relay_ex subbuf_size=4; echo st=$?; insmod relay_ex && relay_user -n 0');
    expect(r.stdout).toContain('st=1');
    expect(r.stderr).toContain('relay_user: ioctl RELAY_EX_WRITE 0: Invalid argument');
  });
});
