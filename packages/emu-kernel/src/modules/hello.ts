// hello: the example module. It greets in the kernel log on load and unload, takes a parameter of each
// kind (visible in /sys/module/hello/parameters), and registers a character device, /dev/hello, whose
// read returns the greeting: while it is open the module is in use and rmmod answers EBUSY.
//
//   insmod hello count=2 whom=you verbose=y ids=1,2,3
//
// Two parameters exist for tests of failed loads: init_error=N makes init return -N, init_throw=y
// makes it throw.
import type { ModuleDef, Module } from '../kernel/module.js';
import { module_param, module_param_array } from '../kernel/params.js';
import { pr_info } from '../kernel/printk.js';
import { register_chrdev, unregister_chrdev } from '../drivers/char/chrdev.js';
import { devtmpfs_create_node, devtmpfs_delete_node } from '../fs/devtmpfs.js';
import { simple_read_from_buffer } from '../fs/libfs.js';
import type { FileOperations } from '../fs/fs.js';

export default function hello(): ModuleDef {
  const params = {
    count: module_param('int', 1, 0o644, 'How many times to greet on load'),
    whom: module_param('charp', 'world', 0o644, 'Whom to greet'),
    verbose: module_param('bool', false, 0o644, 'Log every step'),
    limit: module_param('uint', 16, 0o444, 'Largest count accepted (read-only)'),
    offset: module_param('long', 0, 0o600, 'A root-only number'),
    ids: module_param_array('int', [], 0o444, 'Up to 8 numbers, comma separated', 8),
    init_error: module_param('int', 0, 0, 'Make init fail with -N (for tests)'),
    init_throw: module_param('bool', false, 0, 'Make init throw (for tests)'),
  };
  let major = 0;
  const greeting = (): string => `Hello, ${String(params.whom.value)}!\n`;

  const log = (s: string) => void pr_info(`hello: ${s}`);

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Example module: greets, takes parameters, owns /dev/hello',
    version: '1.0',
    params,
    init(THIS_MODULE: Module): number {
      if (params.init_throw.value) throw new Error('hello: init_throw was set');
      const err = Number(params.init_error.value);
      if (err) return -Math.abs(err);
      const n = Math.min(Number(params.count.value), Number(params.limit.value));
      for (let i = 0; i < n; i++) log(greeting().trim());
      if (params.verbose.value) log(`ids=${JSON.stringify(params.ids.value)} offset=${String(params.offset.value)}`);
      const fops: FileOperations = {
        owner: THIS_MODULE,
        read: (_file, buf, count, ppos) => simple_read_from_buffer(buf, count, ppos, new TextEncoder().encode(greeting())),
      };
      const r = register_chrdev(0, 'hello', fops);
      if (r < 0) return r;
      major = r;
      devtmpfs_create_node('hello', major, 0, 0o444);
      if (params.verbose.value) log(`registered /dev/hello, major ${major}`);
      return 0;
    },
    exit(): void {
      devtmpfs_delete_node('hello');
      unregister_chrdev(major, 'hello');
      log(`Goodbye, ${String(params.whom.value)}!`);
    },
  };
}
