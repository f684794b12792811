// vitest setup file (vitest.config.ts setupFiles): unit tests build kernel objects (inodes, timers, wait
// queues) without booting a machine, and the kernel's clock and timers are the host's (kernel/timer.ts).
// Outside a booted machine they run on a Node host that starts no threads; a test that boots one uses
// that machine's host, and after its shutdown this one is put back.
import { beforeEach } from 'vitest';
import { nodeHost } from '../../host/node/adapter.js';
import { host_present, set_host } from '../../kernel/host.js';

const idle = nodeHost({ pool: 0, stdin: null });
const ensure = () => {
  if (!host_present()) set_host(idle);
};
ensure();
beforeEach(ensure);
