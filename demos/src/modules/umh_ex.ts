// insmod umh_ex [path=/usr/bin/callee] [wait=proc|exec|none] [status=N]: an upcall at init. The module
// runs `path` through call_usermodehelper with three arguments and a small environment (CALLEE_STATUS=N
// asks callee to exit with N) and logs what came back: for wait=proc the helper's wait status. A helper
// that cannot be started (missing path: ENOENT) refuses the load with that errno.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_info, pr_err } from '@urfs/emu-kernel/kernel/printk';
import { call_usermodehelper, UMH_NO_WAIT, UMH_WAIT_EXEC, UMH_WAIT_PROC } from '@urfs/emu-kernel/kernel/umh';
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';

const WAITS: Record<string, number> = { none: UMH_NO_WAIT, exec: UMH_WAIT_EXEC, proc: UMH_WAIT_PROC };

export default function umh_ex(): ModuleDef {
  const params = {
    path: module_param('charp', '/usr/bin/callee', 0o444, 'Program to run'),
    wait: module_param('charp', 'proc', 0o444, 'none (UMH_NO_WAIT), exec (UMH_WAIT_EXEC) or proc (UMH_WAIT_PROC)'),
    status: module_param('int', 0, 0o444, 'Exit status asked of callee (CALLEE_STATUS)'),
  };
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Calls a user-space helper (call_usermodehelper) when loaded',
    params,
    async init(): Promise<number> {
      const path = String(params.path.value ?? '');
      const how = String(params.wait.value ?? 'proc');
      const wait = WAITS[how];
      if (wait === undefined) {
        pr_err(`umh_ex: wait=${how}: use none, exec or proc`);
        return -EINVAL;
      }
      const argv = [path, 'hello', 'from', 'umh_ex'];
      const envp = ['HOME=/', 'PATH=/sbin:/bin:/usr/sbin:/usr/bin', `CALLEE_STATUS=${Number(params.status.value)}`];
      const r = await call_usermodehelper(path, argv, envp, wait);
      if (r < 0) {
        pr_err(`umh_ex: call_usermodehelper(${path}, UMH_WAIT_${how.toUpperCase()}) failed: ${r}`);
        return r;
      }
      if (wait === UMH_WAIT_PROC) pr_info(`umh_ex: ${path} exited, wait status ${r} (exit code ${(r >> 8) & 0xff})`);
      else pr_info(`umh_ex: ${path} started (wait=${how}) = ${r}`);
      return 0;
    },
    exit(): void {},
  };
}
