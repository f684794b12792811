// insmod urfs [max_ufilters=16] [timeout=5000] [policy=pass|error] [max_events=16384] [max_replies=1024]:
// RedirFS filters in user space through /dev/urfs. Needs redirfs. Parameters are read at each use, so
// root may change them in /sys/module/urfs/parameters while the module runs.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_err } from '@urfs/emu-kernel/kernel/printk';
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';
import { rfs_register_notifier } from '@urfs/redirfs/filter';
import { urfs_chrdev_init, urfs_chrdev_exit } from '../chrdev.js';
import { ufilter_notify_unregister } from '../ufilter.js';
import {
  URFS_DEFAULT_MAX_UFILTERS, URFS_DEFAULT_TIMEOUT_MS, URFS_DEFAULT_MAX_EVENTS, URFS_DEFAULT_MAX_REPLIES,
  config_set_source, policy_of, stats_reset, urfs_debugfs_exit, urfs_debugfs_init,
} from '../stats.js';
import { URFS_POLICY_PASS } from '../uapi.js';
import { urfs_trace_exit, urfs_trace_init } from '../trace.js';

export default function urfs(): ModuleDef {
  const params = {
    max_ufilters: module_param('int', URFS_DEFAULT_MAX_UFILTERS, 0o644, 'Most ufilters per connection'),
    timeout: module_param('int', URFS_DEFAULT_TIMEOUT_MS, 0o644,
      'How long (ms) an operation waits for its ufilter before the policy decides (0: forever)'),
    policy: module_param('charp', 'pass', 0o644,
      'What an operation does when its ufilter gives no valid answer: pass (as if no filter) or error (EIO)'),
    max_events: module_param('int', URFS_DEFAULT_MAX_EVENTS, 0o644,
      'Most events a connection holds unread; beyond, an operation completes by policy'),
    max_replies: module_param('int', URFS_DEFAULT_MAX_REPLIES, 0o644,
      'Most replies a connection holds unread; beyond, a command fails with ENOBUFS'),
  };
  let unnotify: (() => void) | null = null;
  const num = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : dflt);
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'urfs: RedirFS filters in user space (/dev/urfs)',
    version: '0.2',
    depends: ['redirfs'],
    params,
    init(THIS_MODULE): number {
      if (policy_of(String(params.policy.value)) === null) {
        pr_err(`urfs: policy must be pass or error, not "${String(params.policy.value)}"`);
        return -EINVAL;
      }
      stats_reset();
      config_set_source(() => ({
        max_ufilters: num(params.max_ufilters.value, URFS_DEFAULT_MAX_UFILTERS),
        timeout_ms: num(params.timeout.value, URFS_DEFAULT_TIMEOUT_MS),
        policy: policy_of(String(params.policy.value)) ?? URFS_POLICY_PASS,
        max_events: num(params.max_events.value, URFS_DEFAULT_MAX_EVENTS),
        max_replies: num(params.max_replies.value, URFS_DEFAULT_MAX_REPLIES),
      }));
      const err = urfs_chrdev_init(THIS_MODULE);
      if (err) {
        config_set_source(null);
        return err;
      }
      urfs_debugfs_init();
      urfs_trace_init();
      unnotify = rfs_register_notifier((event, flt) => {
        if (event === 'unregister') ufilter_notify_unregister(flt);
      });
      return 0;
    },
    exit(): void {
      unnotify?.();
      unnotify = null;
      urfs_trace_exit();
      urfs_debugfs_exit();
      urfs_chrdev_exit();
      config_set_source(null);
    },
  };
}
