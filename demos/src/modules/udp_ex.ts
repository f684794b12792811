// insmod udp_ex [port=5555]: a UDP echo server inside the kernel. Its socket's sk_data_ready runs when a
// datagram arrives, where sending is not allowed, so it only queues a work item; the work drains every
// datagram waiting (several may have come between two runs) and sends each back to its sender.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_info, pr_err } from '@urfs/emu-kernel/kernel/printk';
import { INIT_WORK, create_singlethread_workqueue, queue_work, destroy_workqueue, type WorkqueueStruct } from '@urfs/emu-kernel/kernel/workqueue';
import { sock_create_kern, sock_release, kernel_bind, kernel_recvmsg, kernel_sendmsg, type Socket } from '@urfs/emu-kernel/net/socket';
import { udp_sk } from '@urfs/emu-kernel/net/ipv4/udp';
import { AF_INET, SOCK_DGRAM, MSG_DONTWAIT } from '@urfs/emu-kernel/uapi/socket';
import { IPPROTO_UDP, INADDR_ANY, sockaddr_in, sockaddr_in_read } from '@urfs/emu-kernel/uapi/in';
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';

export default function udp_ex(): ModuleDef {
  const params = { port: module_param('int', 5555, 0o444, 'UDP port to echo on') };
  let sock: Socket | null = null;
  let wq: WorkqueueStruct | null = null;
  let runs = 0, answered = 0;
  const work = INIT_WORK(async () => {
    runs++;
    let n = 0;
    for (;;) {
      const s = sock;
      if (!s) return;
      const r = await kernel_recvmsg(s, MSG_DONTWAIT);
      if (typeof r === 'number') break; // -EAGAIN: drained
      const from = sockaddr_in_read(r.name!);
      const w = await kernel_sendmsg(s, r.data, r.name);
      if (w < 0) pr_err(`udp_ex: reply to port ${from.port}: error ${w}`);
      else n++;
    }
    answered += n;
    pr_info(`udp_ex: work run ${runs} answered ${n} datagram(s)`);
  });
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'UDP echo server in the kernel (replies from a work queue)',
    params,
    async init(): Promise<number> {
      const port = Number(params.port.value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return -EINVAL;
      const s = sock_create_kern(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
      if (typeof s === 'number') return s;
      const r = await kernel_bind(s, sockaddr_in(INADDR_ANY, port));
      if (r) {
        await sock_release(s);
        pr_err(`udp_ex: bind port ${port}: error ${r}`);
        return r;
      }
      wq = create_singlethread_workqueue('udp_ex');
      const q = wq;
      udp_sk(s).sk_data_ready = () => void queue_work(q, work);
      sock = s;
      pr_info(`udp_ex: echoing on UDP port ${port}`);
      return 0;
    },
    async exit(): Promise<void> {
      const s = sock;
      sock = null;
      if (s) await sock_release(s);
      if (wq) await destroy_workqueue(wq);
      wq = null;
      pr_info(`udp_ex: answered ${answered} datagram(s) in ${runs} work run(s)`);
    },
  };
}
