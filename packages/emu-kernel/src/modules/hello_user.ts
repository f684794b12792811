// hello_user: a module that depends on hello (the way a RedirFS filter depends on redirfs). While it is
// loaded, hello lists it as a holder and cannot be unloaded. Its init reads hello's `whom` parameter.
import type { ModuleDef, Module } from '../kernel/module.js';
import { find_module, use_module } from '../kernel/module.js';
import { pr_info } from '../kernel/printk.js';
import { ENOENT } from '../uapi/errno.js';

export default function hello_user(): ModuleDef {
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Example module that uses the hello module',
    depends: ['hello'],
    init(THIS_MODULE: Module): number {
      const hello = find_module('hello');
      if (!hello) return -ENOENT;
      // depends already took the reference; use_module on a recorded dependency is a no-op (0).
      const r = use_module(THIS_MODULE, hello);
      if (r) return r;
      pr_info(`hello_user: hello greets ${String(hello.def.params?.whom?.value)}`);
      return 0;
    },
    exit(): void {
      pr_info('hello_user: done');
    },
  };
}
