import { describe, it, expect, beforeEach } from 'vitest';
import { sock_init, sock_create_kern, sock_release, kernel_bind, kernel_sendmsg, kernel_recvmsg, type Socket, type RecvResult } from '../socket.js';
import { inet_init, udp_sk } from './udp.js';
import { AF_INET, SOCK_DGRAM, SOCK_RAW, MSG_DONTWAIT } from '../../uapi/socket.js';
import { INADDR_ANY, INADDR_LOOPBACK, sockaddr_in, sockaddr_in_read } from '../../uapi/in.js';
import { EADDRINUSE, EAGAIN, ECONNREFUSED, EDESTADDRREQ, EMSGSIZE } from '../../uapi/errno.js';

const kern = (): Socket => sock_create_kern(AF_INET, SOCK_DGRAM, 0) as Socket;

describe('udp (loopback)', () => {
  beforeEach(() => sock_init([inet_init]));

  it('binds ports once, refuses raw sockets, and closed ports are ECONNREFUSED', async () => {
    expect(sock_create_kern(AF_INET, SOCK_RAW, 0)).toBe(-94);
    const a = kern(), b = kern();
    expect(await kernel_bind(a, sockaddr_in(INADDR_ANY, 7000))).toBe(0);
    expect(await kernel_bind(b, sockaddr_in(INADDR_ANY, 7000))).toBe(-EADDRINUSE);
    expect(await kernel_sendmsg(b, new Uint8Array(1), sockaddr_in(INADDR_LOOPBACK, 7001))).toBe(-ECONNREFUSED);
    expect(await kernel_sendmsg(b, new Uint8Array(1), null)).toBe(-EDESTADDRREQ);
    expect(await kernel_sendmsg(b, new Uint8Array(65508), sockaddr_in(INADDR_LOOPBACK, 7000))).toBe(-EMSGSIZE);
    await sock_release(a);
    expect(await kernel_bind(b, sockaddr_in(INADDR_ANY, 7000))).toBe(-22); // autobound by its first send
    expect(await kernel_bind(kern(), sockaddr_in(INADDR_ANY, 7000))).toBe(0);
  });

  it('sk_data_ready may not send; datagrams queue in order with the sender port', async () => {
    const srv = kern(), cli = kern();
    await kernel_bind(srv, sockaddr_in(INADDR_ANY, 5555));
    const from_ready: number[] = [];
    udp_sk(srv).sk_data_ready = () => void kernel_sendmsg(srv, new Uint8Array(1), sockaddr_in(INADDR_LOOPBACK, 1)).then((r) => from_ready.push(r));
    expect(await kernel_sendmsg(cli, new TextEncoder().encode('a'), sockaddr_in(INADDR_LOOPBACK, 5555))).toBe(1);
    expect(await kernel_sendmsg(cli, new TextEncoder().encode('b'), sockaddr_in(INADDR_LOOPBACK, 5555))).toBe(1);
    await Promise.resolve();
    expect(from_ready).toEqual([-EAGAIN, -EAGAIN]);
    const r1 = await kernel_recvmsg(srv, MSG_DONTWAIT) as RecvResult;
    const r2 = await kernel_recvmsg(srv, MSG_DONTWAIT) as RecvResult;
    expect(new TextDecoder().decode(r1.data) + new TextDecoder().decode(r2.data)).toBe('ab');
    expect(sockaddr_in_read(r1.name!).port).toBe(udp_sk(cli).port);
    expect(await kernel_recvmsg(srv, MSG_DONTWAIT)).toBe(-EAGAIN);
  });
});
