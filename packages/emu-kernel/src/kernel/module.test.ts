// Loadable modules end to end with the tools: insmod with parameters of every type, what lsmod,
// /proc/modules, /sys/module and modinfo show, rmmod, and the failures (missing file, bad or unknown
// parameters, a failing or throwing init, duplicates, non-root callers, a module in use).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { kread, kwrite } from '../testbin/lib/kfile.js';
import { TestMachine, USER } from '../testbin/lib/harness.js';
import { kernel_ctx } from '../init/main.js';
import { do_filp_open } from '../fs/open.js';
import { fput } from '../fs/file.js';
import { kern_path } from '../fs/namei.js';
import { vfs_getattr } from '../fs/stat.js';
import { root_cred, type Cred } from './cred.js';
import { printk_state } from './printk.js';
import { find_module, modules } from './module.js';
import { EACCES } from '../uapi/errno.js';
import { O_RDONLY } from '../uapi/fcntl.js';
import { S_IFREG } from '../uapi/stat.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

/** Runs a program; its stderr without the kernel's console messages (printk at KERN_ERR shows there too). */
async function run(argv: string[], cred?: Cred) {
  const r = await tm.run(argv, cred ? { cred } : {});
  const err = r.stderr.split(/(?<=\n)/).filter((l) => !/^\[ *\d+\.\d+\] |^ {4}at /.test(l)).join('');
  return { code: r.code, out: r.stdout, err };
}
const insmod = (...args: string[]) => run(['/sbin/insmod', ...args]);
const rmmod = (...args: string[]) => run(['/sbin/rmmod', ...args]);

const logSince = (seq: number) => printk_state().records.filter((r) => r.seq >= seq).map((r) => r.text).join('\n');
const exists = async (path: string) => typeof (await kern_path(kernel_ctx(), path, 0)) !== 'number';

describe('insmod, lsmod, /proc/modules, /sys/module, modinfo, rmmod', () => {
  it('loads hello with a parameter of every kind', async () => {
    const seq = printk_state().seq;
    const r = await insmod('hello', 'count=2', 'whom=kernel hackers', 'verbose=y', 'ids=1,0x10,-3', 'offset=-5');
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const log = logSince(seq);
    expect(log.match(/hello: Hello, kernel hackers!/g)).toHaveLength(2);
    expect(log).toContain('hello: ids=[1,16,-3] offset=-5');
  });

  it('lsmod and /proc/modules list it', async () => {
    const ls = await run(['/sbin/lsmod']);
    expect(ls.code).toBe(0);
    const lines = ls.out.split('\n');
    expect(lines[0]).toBe('Module                  Size  Used by');
    expect(lines[1]).toMatch(/^hello {14} +\d+  0$/);
    expect((await run(['/bin/cat', '/proc/modules'])).out).toMatch(/^hello \d+ 0 - Live 0x0000000000000000\n$/);
  });

  it('/sys/module/hello shows state and the parameters whose perm is not 0, with that mode', async () => {
    expect(await kread('/sys/module/hello/initstate')).toBe('live\n');
    expect(await kread('/sys/module/hello/refcnt')).toBe('0\n');
    expect(await kread('/sys/module/hello/version')).toBe('1.0\n');
    const p = '/sys/module/hello/parameters';
    expect(await kread(`${p}/count`, USER)).toBe('2\n');
    expect(await kread(`${p}/whom`)).toBe('kernel hackers\n');
    expect(await kread(`${p}/verbose`)).toBe('Y\n');
    expect(await kread(`${p}/limit`)).toBe('16\n');
    expect(await kread(`${p}/ids`)).toBe('1,16,-3\n');
    expect(await kread(`${p}/offset`)).toBe('-5\n');
    expect(await kread(`${p}/offset`, USER)).toBe(-EACCES);
    expect(await exists(`${p}/init_error`)).toBe(false);
    const mode = async (f: string) => {
      const x = await kern_path(kernel_ctx(), `${p}/${f}`);
      if (typeof x === 'number') throw new Error(String(x));
      return vfs_getattr(x.dentry).mode;
    };
    expect(await mode('count')).toBe(S_IFREG | 0o644);
    expect(await mode('ids')).toBe(S_IFREG | 0o444);
    expect(await mode('offset')).toBe(S_IFREG | 0o600);
  });

  it('root changes a writable parameter and the module sees it; users and read-only parameters refuse', async () => {
    const params = find_module('hello')!.def.params!;
    expect(await kwrite('/sys/module/hello/parameters/count', '5\n')).toBe(2);
    expect(params.count.value).toBe(5);
    expect(await kwrite('/sys/module/hello/parameters/whom', 'you\n')).toBe(4);
    expect(params.whom.value).toBe('you');
    expect(await kread('/sys/module/hello/parameters/whom')).toBe('you\n');
    expect(await kwrite('/sys/module/hello/parameters/count', 'many')).toBe(-22);
    expect(params.count.value).toBe(5);
    expect(await kwrite('/sys/module/hello/parameters/count', '1', USER)).toBe(-EACCES);
    expect(await kwrite('/sys/module/hello/parameters/limit', '1')).toBe(-EACCES);
    expect((await run(['/bin/cat', '/dev/hello'])).out).toBe('Hello, you!\n');
  });

  it('modinfo prints the module file information', async () => {
    const r = await run(['/sbin/modinfo', 'hello']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^filename: {7}\/lib\/modules\/hello\.ko$/m);
    expect(r.out).toMatch(/^license: {8}GPL$/m);
    expect(r.out).toMatch(/^author: {9}urfs$/m);
    expect(r.out).toMatch(/^description: {4}Example module/m);
    expect(r.out).toMatch(/^version: {8}1\.0$/m);
    expect(r.out).toMatch(/^parm: {11}count:How many times to greet on load \(int\)$/m);
    expect(r.out).toMatch(/^parm: {11}whom:Whom to greet \(charp\)$/m);
    expect(r.out).toMatch(/^parm: {11}verbose:.* \(bool\)$/m);
    expect(r.out).toMatch(/^parm: {11}ids:.* \(array of int\)$/m);
    expect((await run(['/sbin/modinfo', '-F', 'license', '/lib/modules/hello.ko'])).out).toBe('GPL\n');
    const missing = await run(['/sbin/modinfo', 'nosuchmodule']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('modinfo: ERROR: Module nosuchmodule not found.\n');
  });

  it('refuses a second load of the same module', async () => {
    const r = await insmod('hello');
    expect(r.code).toBe(1);
    expect(r.err).toBe('insmod: ERROR: could not insert module hello: File exists\n');
  });

  it('rmmod is refused while /dev/hello is open (EBUSY), and works once it is closed', async () => {
    const f = await do_filp_open(kernel_ctx(), '/dev/hello', O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    expect(find_module('hello')!.refcnt).toBe(1);
    expect((await run(['/sbin/lsmod'])).out).toMatch(/^hello +\d+  1$/m);
    const busy = await rmmod('hello');
    expect(busy.code).toBe(1);
    expect(busy.err).toBe('rmmod: ERROR: Module hello is in use\n');
    await fput(f, { pid: 0, cred: root_cred() });
    expect(find_module('hello')!.refcnt).toBe(0);
    const seq = printk_state().seq;
    expect(await rmmod('hello')).toEqual({ code: 0, out: '', err: '' });
    expect(logSince(seq)).toContain('hello: Goodbye, you!');
    expect(modules()).toHaveLength(0);
    expect(await exists('/sys/module/hello')).toBe(false);
    expect(await exists('/dev/hello')).toBe(false);
    expect((await run(['/sbin/lsmod'])).out).toBe('Module                  Size  Used by\n');
    const again = await rmmod('hello');
    expect(again.err).toBe('rmmod: ERROR: Module hello is not currently loaded\n');
    expect(again.code).toBe(1);
  });
});

describe('dependencies between modules', () => {
  it('a module that depends on hello holds it until it is unloaded', async () => {
    const missing = await insmod('hello_user');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('insmod: ERROR: could not insert module hello_user: Unknown symbol in module\n');
    expect((await insmod('hello')).code).toBe(0);
    expect((await insmod('hello_user')).code).toBe(0);
    expect((await run(['/bin/cat', '/proc/modules'])).out).toMatch(/^hello \d+ 1 hello_user, Live /m);
    expect((await run(['/sbin/lsmod'])).out).toMatch(/^hello +\d+  1 hello_user$/m);
    const link = await kern_path(kernel_ctx(), '/sys/module/hello/holders/hello_user', 0);
    if (typeof link === 'number') throw new Error(String(link));
    expect(link.dentry.d_inode!.i_op.get_link!(link.dentry)).toBe('../../hello_user');
    expect((await run(['/sbin/modinfo', '-F', 'depends', 'hello_user'])).out).toBe('hello\n');
    const busy = await rmmod('hello');
    expect(busy.err).toBe('rmmod: ERROR: Module hello is in use by: hello_user\n');
    expect((await rmmod('hello_user')).code).toBe(0);
    expect(await exists('/sys/module/hello/holders/hello_user')).toBe(false);
    expect((await rmmod('hello')).code).toBe(0);
  });
});

describe('load failures leave nothing behind', () => {
  it('names the missing module', async () => {
    const r = await insmod('nosuchmodule');
    expect(r).toEqual({ code: 1, out: '', err: 'insmod: ERROR: could not insert module nosuchmodule: No such file or directory\n' });
  });

  it('refuses unknown parameters and bad values (EINVAL)', async () => {
    let seq = printk_state().seq;
    const unknown = await insmod('hello', 'bogus=1');
    expect(unknown.err).toBe('insmod: ERROR: could not insert module hello: Invalid parameters\n');
    expect(logSince(seq)).toContain("hello: Unknown parameter 'bogus'");
    seq = printk_state().seq;
    expect((await insmod('hello', 'count=lots')).err).toBe('insmod: ERROR: could not insert module hello: Invalid parameters\n');
    expect(logSince(seq)).toContain("hello: 'lots' invalid for parameter 'count'");
    expect((await insmod('hello', 'verbose=maybe')).code).toBe(1);
    expect((await insmod('hello', 'ids=1,2,3,4,5,6,7,8,9')).code).toBe(1);
    expect((await insmod('hello', 'limit=-1')).code).toBe(1);
    expect(modules()).toHaveLength(0);
  });

  it('a failing init aborts the load with its error; a throwing one with ENOEXEC', async () => {
    const r = await insmod('hello', 'init_error=19');
    expect(r.err).toBe('insmod: ERROR: could not insert module hello: No such device\n');
    const seq = printk_state().seq;
    const t = await insmod('hello', 'init_throw=1');
    expect(t.err).toBe('insmod: ERROR: could not insert module hello: Invalid module format\n');
    expect(logSince(seq)).toContain('hello: init failed: Error: hello: init_throw was set');
    expect(modules()).toHaveLength(0);
    expect(await exists('/sys/module/hello')).toBe(false);
  });

  it('refuses a file that is not a module image', async () => {
    const r = await insmod('/etc/passwd');
    expect(r.err).toBe('insmod: ERROR: could not insert module /etc/passwd: Invalid module format\n');
  });

  it('only root loads and unloads modules', async () => {
    const r = await run(['/sbin/insmod', 'hello'], USER);
    expect(r).toEqual({ code: 1, out: '', err: 'insmod: ERROR: could not insert module hello: Operation not permitted\n' });
    expect((await insmod('hello')).code).toBe(0);
    const u = await run(['/sbin/rmmod', 'hello'], USER);
    expect(u.err).toBe('rmmod: ERROR: could not remove module hello: Operation not permitted\n');
    expect((await rmmod('hello')).code).toBe(0);
  });
});
