import { describe, it, expect, afterEach } from 'vitest';
import { Machine } from '../../host/machine.js';
import { kernel_ctx } from '../../init/main.js';
import { UTS } from '../../kernel/sys.js';
import { register_sysctl, register_sysctl_table, unregister_sysctl_table, proc_dointvec, type CtlTable } from '../../kernel/sysctl.js';
import { proc_root } from './generic.js';
import { sysctl_load_conf } from './proc_sysctl.js';

let m: Machine | null = null;
afterEach(async () => {
  await m?.shutdown();
  m = null;
});
const quiet = { stdout: () => {}, stderr: () => {} };
const sys = () => proc_root().subdir.get('sys')!;

describe('/proc/sys', () => {
  it('applies /etc/sysctl.conf of the image at boot', async () => {
    m = await Machine.boot({ ...quiet, image: [{ path: '/etc/sysctl.conf', mode: 0o644, content: '# set at boot\nkernel.hostname = box\n' }] });
    expect(UTS.nodename).toBe('box');
  });

  it('shares directories between registrations, refuses duplicates, prunes empty directories', async () => {
    m = await Machine.boot(quiet);
    const a: CtlTable[] = [{ procname: 'a', data: { value: 1 }, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec }];
    const b: CtlTable[] = [{ procname: 'b', data: { value: 2 }, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec }];
    const ha = register_sysctl('dev/x', a);
    const hb = register_sysctl('dev.x', b);
    expect(ha && hb).toBeTruthy();
    expect([...sys().subdir.get('dev')!.subdir.get('x')!.subdir.keys()].sort()).toEqual(['a', 'b']);
    expect(register_sysctl('dev/x', [{ ...a[0] }])).toBeNull();
    expect(register_sysctl('dev/y', [{ procname: 'c', mode: 0o644 }])).toBeNull(); // no handler
    unregister_sysctl_table(ha);
    expect([...sys().subdir.get('dev')!.subdir.get('x')!.subdir.keys()]).toEqual(['b']);
    unregister_sysctl_table(hb);
    expect(sys().subdir.has('dev')).toBe(false);
    expect(sys().subdir.has('kernel')).toBe(true);
  });

  it('sysctl_load_conf applies a file; read-only keys fail, "-" keys are ignored, a missing file is no error', async () => {
    m = await Machine.boot({ ...quiet, image: [{ path: '/etc/sysctl.conf', mode: 0o644,
      content: '# boot settings\nkernel.hostname = box\n-kernel.nosuch = 1\n; comment\nkernel/ostype = X\n' }] });
    expect(await sysctl_load_conf(kernel_ctx())).toBe(1);
    expect(UTS.nodename).toBe('box');
    expect(UTS.sysname).toBe('Linux');
    expect(await sysctl_load_conf(kernel_ctx(), '/etc/none.conf')).toBe(0);
  });
});

describe('/proc/sys rollback', () => {
  it('a tree refused halfway leaves nothing behind', async () => {
    m = await Machine.boot(quiet);
    const ok: CtlTable = { procname: 'a', data: { value: 1 }, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec };
    const held = register_sysctl('kernel', [{ ...ok, procname: 'taken' }]);
    expect(held).toBeTruthy();
    const tree: CtlTable[] = [{ procname: 'zz', mode: 0o555, child: [{ procname: 'deep', mode: 0o555, child: [ok] }] },
      { procname: 'kernel', mode: 0o555, child: [{ ...ok, procname: 'taken' }] }];
    expect(register_sysctl_table(tree)).toBeNull();
    expect(sys().subdir.has('zz')).toBe(false);
    expect(sys().subdir.get('kernel')!.subdir.has('taken')).toBe(true);
  });
});
