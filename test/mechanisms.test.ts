// End-to-end: the demo pairs of the file-based kernel<->user mechanisms (issue 5), each run through the
// real `emu -c` CLI from the repository root, checking what a person would see.
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';

describe('procfs_simple_intf (procfs, seq_file)', () => {
  const P = '/proc/procfs_simple_intf';
  it('sets debug_level to 2 and reads it back', async () => {
    const r = await sh(`insmod procfs_simple_intf && echo 2 > ${P}/llkdproc_debug_level && cat ${P}/llkdproc_debug_level`);
    expect(r).toMatchObject({ code: 0, stdout: 'debug_level:2\n' });
  });

  it('refuses 5 (EINVAL), keeps 2, and says so in the kernel log', async () => {
    const r = await sh(`insmod procfs_simple_intf && echo 2 > ${P}/llkdproc_debug_level && echo 5 > ${P}/llkdproc_debug_level;`
      + ` echo rc=$?; cat ${P}/llkdproc_debug_level; dmesg | grep invalid`);
    expect(r.stdout).toMatch(/^rc=[1-9]\d*\ndebug_level:2\n/);
    expect(r.stdout).toMatch(/invalid value for debug_level \[allowed range: 0-2\]; keeping the previous value \(2\)/);
  });

  it('shows the driver context to root only; a user may not write the level', async () => {
    const r = await sh(`insmod procfs_simple_intf && cat ${P}/llkdproc_show_drvctx && ls -l ${P}`
      + ` && su user -c 'cat ${P}/llkdproc_show_drvctx; echo rc=$?; echo 1 > ${P}/llkdproc_debug_level; echo rc=$?'`);
    expect(r.stdout).toMatch(/^prodname:procfs_simple_intf\n/);
    expect(r.stdout).toMatch(/^-r-------- .* llkdproc_show_drvctx$/m);
    expect(r.stdout).toMatch(/rc=1\nrc=1\n$/);
    expect(r.stderr).toMatch(/Permission denied/);
  });

  it('the seq_operations file spans several pages; rmmod removes the directory', async () => {
    const r = await sh(`insmod procfs_simple_intf && wc -l ${P}/llkdproc_show_list && tail -1 ${P}/llkdproc_show_list`
      + ` && rmmod procfs_simple_intf && ls /proc/procfs_simple_intf`);
    expect(r.stdout).toMatch(/^\s*300\b/);
    expect(r.stdout).toMatch(/299: record 299 of the driver's list\n/);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/No such file or directory/);
  });
});

describe('sysctl_ex and the sysctl tool', () => {
  it('root sets net.test.value1 to 15 and reads it back', async () => {
    const r = await sh('insmod sysctl_ex && sysctl -w net.test.value1=15 && sysctl net.test.value1');
    expect(r).toMatchObject({ code: 0, stdout: 'net.test.value1 = 15\nnet.test.value1 = 15\n' });
  });

  it('refuses 25 (EINVAL, value kept) and any write by a user; users still read', async () => {
    const r = await sh("insmod sysctl_ex && sysctl -w net.test.value1=15 && sysctl -w net.test.value1=25; echo rc=$?;"
      + " su user -c 'sysctl -w net.test.value1=12'; echo rc=$?; su user -c 'sysctl net/test/value1'");
    expect(r.stdout).toBe('net.test.value1 = 15\nrc=1\nrc=1\nnet/test/value1 = 15\n');
    expect(r.stderr).toMatch(/setting key "net.test.value1": Invalid argument/);
    expect(r.stderr).toMatch(/permission denied on key 'net.test.value1'/);
  });

  it('-a lists the kernel entries and the module\'s; rmmod removes /proc/sys/net', async () => {
    const r = await sh('insmod sysctl_ex && sysctl -a && rmmod sysctl_ex && ls /proc/sys');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('kernel.hostname = urfs\nkernel.osrelease = 6.1.0-urfs\nkernel.ostype = Linux\nkernel.tainted = 0\n'
      + 'net.test.value1 = 10\nnet.test.value2 = 20\nkernel\n');
  });

  it('-p loads a file; a read-only entry refuses even root', async () => {
    const r = await sh("insmod sysctl_ex && printf 'net.test.value2 = 12\\n# comment\\n' > /tmp/s.conf && sysctl -p /tmp/s.conf"
      + ' && cat /proc/sys/net/test/value2 && sysctl -w kernel.ostype=x');
    expect(r.stdout).toBe('net.test.value2 = 12\n12\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/permission denied on key 'kernel.ostype'/);
  });
});

describe('sysfs_ex (kobject under /sys/fs)', () => {
  it('echo 45 > /sys/fs/myfs/first && cat prints 45', async () => {
    const r = await sh('insmod sysfs_ex && echo 45 > /sys/fs/myfs/first && cat /sys/fs/myfs/first');
    expect(r).toMatchObject({ code: 0, stdout: '45\n' });
  });

  it('second is separate; garbage is EINVAL; users may not write; the link and rmmod', async () => {
    const r = await sh('insmod sysfs_ex && echo 7 > /sys/fs/myfs/second && echo abc > /sys/fs/myfs/second; echo rc=$?;'
      + " su user -c 'echo 3 > /sys/fs/myfs/first'; echo rc=$?; cat /sys/fs/myfs/first /sys/fs/myfs/second;"
      + ' readlink /sys/fs/myfs/kernel && rmmod sysfs_ex && ls /sys/fs/myfs');
    expect(r.stdout).toBe('rc=1\nrc=1\n0\n7\n../../kernel\n');
    expect(r.stderr).toMatch(/Permission denied/);
    expect(r.stderr).toMatch(/No such file or directory/);
  });
});

describe('ioctl_ex / ioctl_user (character device, ioctl, poll)', () => {
  it('shows the round trip: _IOW, _IOR, _IOWR, ENOTTY, read, and poll woken by the driver', async () => {
    const r = await sh('insmod ioctl_ex && ioctl_user && ls -l /dev/ioctl_ex && grep ioctl_ex /proc/devices'
      + ' && dmesg | grep "user says"');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sent (_IOW):     "Hello from user space (ioctl_user)"\n'
      + 'received (_IOR): "Hello from the kernel (ioctl_ex)"\n'
      + 'exchanged (_IOWR): "ping" -> "kernel got 4 bytes: "ping""\n'
      + 'unknown command 0x80046b63: Inappropriate ioctl for device\n'
      + 'read():          "Hello from user space (ioctl_user)"\n'
      + 'poll(): 1 ready: pipe quiet, device readable\n'
      + 'read():          "timer message from ioctl_ex"\n');
    const major = /^crw-rw-rw- .* (\d+), 0 .*\/dev\/ioctl_ex$/m.exec(r.stdout)?.[1];
    expect(major).toBeDefined();
    expect(r.stdout).toContain(`${major} ioctl_ex\n`);
    expect(r.stdout).toMatch(/ioctl_ex: SET_MSG: user says "Hello from user space \(ioctl_user\)"/);
  });

  it('bad input: wild pointer EFAULT, unterminated message and oversized write EINVAL; rmmod removes the node', async () => {
    const r = await sh('insmod ioctl_ex && ioctl_user -e && rmmod ioctl_ex && ls /dev/ioctl_ex');
    expect(r.stdout).toBe('IOCTL_EX_GET_MSG to a wild pointer: Bad address\n'
      + 'IOCTL_EX_SET_MSG of 200 bytes without a NUL: Invalid argument\nwrite() of 201 bytes: Invalid argument\n');
    expect(r.stderr).toMatch(/No such file or directory/);
  });

  it('without the module there is no device', async () => {
    const r = await sh('ioctl_user');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ioctl_user: \/dev\/ioctl_ex: No such file or directory/);
  });
});

describe('mmap_ex / mmap_user (a debugfs file sharing a page)', () => {
  it('the process reads the kernel\'s message from the mapping; the kernel sees the process\'s', async () => {
    const r = await sh('insmod mmap_ex && mmap_user && dmesg | grep "mmap_ex: the process wrote"');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mapped 4096 bytes at 0x[0-9a-f]+\n/);
    expect(r.stdout).toContain('the kernel left:  "Hello from the kernel (mmap_ex)"\n'
      + 'wrote in place:   "Hello from user space (mmap_user)"\n'
      + 'the kernel wrote: "kernel read 33 bytes in place (peek 1)"\n');
    expect(r.stdout).toMatch(/mmap_ex: the process wrote "Hello from user space \(mmap_user\)"/);
  });

  it('refuses two pages and private mappings (EINVAL); the file is root-only; rmmod removes it', async () => {
    const r = await sh("insmod mmap_ex && mmap_user -e && su user -c mmap_user; rmmod mmap_ex && ls /sys/kernel/debug/mmap_ex");
    expect(r.stdout).toBe('mmap of two pages: Invalid argument\nprivate mmap: Invalid argument\n'
      + 'ioctl MMAP_EX_PEEK with nothing mapped: No such device or address\n');
    expect(r.stderr).toMatch(/mmap_user: \/sys\/kernel\/debug\/mmap_ex\/buf: Permission denied/);
    expect(r.stderr).toMatch(/ls: .*mmap_ex: No such file or directory/);
  });
});

describe('mysyscall (built in by the kernel configuration) / mysyscall_user', () => {
  it('is there without any module: the kernel prints the message and answers "hello world"', async () => {
    const r = await sh('mysyscall_user && mysyscall_user "second message" && dmesg | grep mysyscall:');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^before: "Hello from user space \(mysyscall_user\)"\nafter:  "hello world"\n/);
    expect(r.stdout).toContain('before: "second message"\nafter:  "hello world"\n');
    expect(r.stdout).toMatch(/mysyscall: pid \d+ says "Hello from user space \(mysyscall_user\)"\n.*mysyscall: pid \d+ says "second message"/);
  });
});

describe('procfs_legacy (create_proc_entry, read_proc, write_proc)', () => {
  const P = '/proc/procfs_legacy';
  it('read_proc hands out a 16 KiB file a page at a time', async () => {
    const r = await sh(`insmod procfs_legacy && cat ${P}/big > /dev/null && cat ${P}/calls && wc -l -c ${P}/big && tail -1 ${P}/big`);
    expect(r.stdout).toBe(`7\n  400 16400 ${P}/big\nline 399: procfs legacy read_proc output\n`);
  });

  it('write_proc replaces the message; users may not write; more than a page is EINVAL; rmmod cleans up', async () => {
    const r = await sh(`insmod procfs_legacy && cat ${P}/message && echo "new text" > ${P}/message && cat ${P}/message;`
      + ` su user -c 'echo x > ${P}/message'; head -c 5000 /dev/zero > /tmp/z; cat /tmp/z > ${P}/message; echo rc=$?;`
      + ` cat ${P}/message; rmmod procfs_legacy && ls ${P}`);
    expect(r.stdout).toBe('hello from procfs_legacy\nnew text\nrc=1\nnew text\n');
    expect(r.stderr).toMatch(/Permission denied/);
    expect(r.stderr).toMatch(/cat: write error: Invalid argument/);
    expect(r.stderr).toMatch(/No such file or directory/);
  });
});

describe('params_ex (module parameters)', () => {
  const S = '/sys/module/params_ex/parameters';
  it('sets every kind at insmod; sysfs shows them by mode; a root write changes the variable silently', async () => {
    const r = await sh(`insmod params_ex irq=5 debug=y name=eth9 ports=0x300,0x310 secret=1 && ls ${S}`
      + ` && cat ${S}/irq ${S}/debug ${S}/name ${S}/ports && echo 9 > ${S}/irq && cat /proc/params_ex`);
    expect(r).toMatchObject({ code: 0,
      stdout: 'debug  irq  name  ports\n5\nY\neth9\n768,784\nirq=9 debug=Y name=eth9 ports=0x300,0x310 secret=1\n' });
  });

  it('read-only files refuse root, 0644 files refuse users, bad values refuse the load', async () => {
    const r = await sh(`insmod params_ex && echo x > ${S}/name; echo rc=$?; su user -c 'echo 3 > ${S}/irq'; echo rc=$?;`
      + ' rmmod params_ex && insmod params_ex ports=1,2,3,4,5; echo rc=$?; insmod params_ex irq=99; echo rc=$?; dmesg | grep "out of range"');
    expect(r.stdout).toMatch(/^rc=1\nrc=1\nrc=1\nrc=1\n.*params_ex: irq=99 out of range 0..15, refusing to load\n$/);
    expect(r.stderr).toMatch(/Permission denied[\s\S]*Permission denied/);
  });
});

describe('debugfs_ex (debugfs helpers and custom fops)', () => {
  const D = '/sys/kernel/debug/debugfs_ex';
  it('shows a file of each kind; writes respect width and mode; custom fops; rmmod removes the directory', async () => {
    const r = await sh(`insmod debugfs_ex && ls ${D} && cat ${D}/u8 ${D}/x32 ${D}/flag ${D}/blob ${D}/ro_u32`
      + ` && echo 255 > ${D}/u8 && echo 256 > ${D}/u8; echo rc=$?; echo n > ${D}/flag; echo 5 > ${D}/ro_u32; echo rc=$?;`
      + ` cat ${D}/stats; echo reset > ${D}/stats && cat ${D}/stats; echo bad > ${D}/stats; echo rc=$?;`
      + ` su user -c 'cat ${D}/u8'; rmmod debugfs_ex && ls ${D}`);
    expect(r.stdout).toBe('blob  flag  ro_u32  stats  u16  u32  u64  u8  x32\n8\n0xdeadbeef\nY\n'
      + 'debugfs_ex blob: raw bytes, read-only\n1234\nrc=1\nrc=1\n'
      + 'u8=255 u16=16 u32=32 u64=64 x32=0xdeadbeef flag=N reads=1\nu8=0 u16=0 u32=0 u64=0 x32=0x0 flag=N reads=2\nrc=1\n');
    expect(r.stderr).toMatch(/cat: \/sys\/kernel\/debug\/debugfs_ex\/u8: Permission denied/);
    expect(r.stderr).toMatch(/ls: .*debugfs_ex: No such file or directory/);
  });
});

describe('bad input and unloading while in use', () => {
  it('sysfs: 5000 bytes reach store as one PAGE_SIZE piece, too big for an int: EINVAL, value kept', async () => {
    const r = await sh('insmod sysfs_ex && echo 3 > /sys/fs/myfs/first && head -c 5000 /dev/zero | tr "\\0" 7 > /tmp/big'
      + ' && cat /tmp/big > /sys/fs/myfs/first; echo rc=$?; cat /sys/fs/myfs/first');
    expect(r.stdout).toBe('rc=1\n3\n');
    expect(r.stderr).toMatch(/cat: write error: Invalid argument/);
  });

  it('rmmod of a module whose device is open is EBUSY (the open file holds the module)', async () => {
    const r = await sh(`insmod ioctl_ex && (cat /dev/ioctl_ex &) ; ${until('grep -q "^ioctl_ex [0-9]* 1 " /proc/modules', 'cat to open /dev/ioctl_ex')}; ` +
      'rmmod ioctl_ex; echo rc=$?; lsmod | grep ioctl_ex');
    expect(r.stdout).toMatch(/^rc=1\nioctl_ex\s+\d+\s+1\b/);
    expect(r.stderr).toMatch(/Module ioctl_ex is in use/);
  });
});

describe('sysfs_ex kset and ktype', () => {
  it('objects of the module\'s ktype sit in a kset; their release runs at rmmod', async () => {
    const r = await sh('insmod sysfs_ex && ls /sys/fs/myfs/objects && cat /sys/fs/myfs/objects/obj1/value'
      + ' && echo 7 > /sys/fs/myfs/objects/obj0/value && cat /sys/fs/myfs/objects/obj0/value && rmmod sysfs_ex'
      + ' && dmesg | grep released && ls /sys/fs');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^obj0  obj1\n101\n7\n.*sysfs_ex: obj0 released\n.*sysfs_ex: obj1 released\n$/);
  });
});

describe('configfs_ex (configfs)', () => {
  it('mkdir makes a PWM item with attributes, bad values change nothing, rmdir drops it', async () => {
    const r = await sh('insmod configfs_ex && cd /config/configfs_ex && mkdir pwm0 && ls -1 pwm0 && echo 1000 > pwm0/period'
      + ' && echo 250 > pwm0/duty && echo 1 > pwm0/run && cat pwm0/status; echo 2000 > pwm0/duty; echo rc=$?; cat pwm0/duty;'
      + ' echo 0 > pwm0/period; echo rc=$?; rmdir pwm0 && ls; dmesg | grep configfs_ex');
    expect(r.stdout).toMatch(/^duty\nperiod\nrun\nstatus\nrunning, 25% duty\nrc=1\n250\nrc=1\n/);
    expect(r.stdout).toMatch(/configfs_ex: made pwm0\n.*configfs_ex: pwm0 started \(period 1000 ns, duty 250 ns\)\n.*configfs_ex: dropped pwm0/);
    expect(r.stderr).toContain('sh: echo: write error: Invalid argument');
  });

  it('only root may make items', async () => {
    const r = await sh("insmod configfs_ex && su user -c 'mkdir /config/configfs_ex/pwm1'; ls /config/configfs_ex");
    expect(r.stderr).toMatch(/Permission denied/);
    expect(r.stdout).toBe('');
  });
});

describe('sysfs_ex: an attribute on a bus', () => {
  it('shows /sys/bus/myfs_bus with its attributes, honours their modes, and goes away at rmmod', async () => {
    const r = await sh('insmod sysfs_ex && ls -1 /sys/bus/myfs_bus && cat /sys/bus/myfs_bus/version'
      + ' && echo 7 > /sys/bus/myfs_bus/ticks && cat /sys/bus/myfs_bus/ticks; echo 1 > /sys/bus/myfs_bus/version;'
      + ' echo x > /sys/bus/myfs_bus/ticks; cat /sys/bus/myfs_bus/ticks; rmmod sysfs_ex; ls /sys/bus | wc -l');
    expect(r.stdout).toBe('devices\ndrivers\nticks\nversion\n1.0\n7\n7\n0\n');
    expect(r.stderr).toContain('sh: /sys/bus/myfs_bus/version: Permission denied');
    expect(r.stderr).toContain('sh: echo: write error: Invalid argument');
  });
});

describe('AF_UNIX sockets: unix_server and unix_client', () => {
  const start = `unix_server -d /tmp/pub -n 3 > /tmp/srv.log & ${until('grep -q listening /tmp/srv.log', 'unix_server')}`;
  const secret = "mkdir /tmp/pub && echo 'top secret' > /tmp/pub/secret && chmod 600 /tmp/pub/secret";

  it('the server passes a descriptor of a file the client may not open itself', async () => {
    const r = await sh(`${secret} && ${start} && ls -l /tmp/unix_demo.sock`
      + " && su user -c 'cat /tmp/pub/secret; echo cat=$?; unix_client secret; echo rc=$?; unix_client ../etc/passwd; echo rc=$?;"
      + " unix_client nope; echo rc=$?'; wait; cat /tmp/srv.log; test -e /tmp/unix_demo.sock; echo left=$?");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^srwxrwxrwx 1 root +root .* \/tmp\/unix_demo\.sock\n/);
    expect(r.stdout).toContain('cat=1\ntop secret\nrc=0\nrc=1\nrc=1\n');
    expect(r.stderr).toMatch(/cat: \/tmp\/pub\/secret: Permission denied/);
    expect(r.stderr).toMatch(/unix_client: got descriptor \d+ \(inode \d+, 11 bytes\)/);
    expect(r.stderr).toMatch(/unix_client: \.\.\/etc\/passwd: bad name/);
    expect(r.stderr).toMatch(/unix_client: nope: No such file or directory/);
    expect(r.stdout).toMatch(/unix_server: pid \d+ uid 1000 asked for secret: passed a descriptor\n/);
    expect(r.stdout).toMatch(/unix_server: pid \d+ uid 1000 asked for "\.\.\/etc\/passwd": refused\n/);
    // The server removed its socket when it was done.
    expect(r.stdout).toMatch(/\nleft=1\n$/);
  });

  it('nobody listening, a name already taken, a missing argument', async () => {
    const r = await sh('unix_client x; echo rc=$?; touch /tmp/unix_demo.sock; unix_server; echo rc=$?; unix_client; echo rc=$?;'
      + ' unix_server --help | head -1; unix_client --help | head -1');
    expect(r.stdout).toBe('rc=1\nrc=1\nrc=2\nUsage: unix_server [-s PATH] [-d DIR] [-n COUNT]\nUsage: unix_client [-s PATH] NAME\n');
    expect(r.stderr).toMatch(/unix_client: connect \/tmp\/unix_demo\.sock: No such file or directory/);
    expect(r.stderr).toMatch(/unix_server: bind \/tmp\/unix_demo\.sock: Address already in use/);
    expect(r.stderr).toMatch(/unix_client: one NAME expected/);
  });
});
