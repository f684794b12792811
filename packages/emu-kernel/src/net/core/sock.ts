// The socket-level options every family shares (net/core/sock.c sock_getsockopt/sock_setsockopt): the
// family answers first, and what it leaves (-ENOPROTOOPT) is answered here.
import { EINVAL, ENOPROTOOPT } from '../../uapi/errno.js';
import {
  SOL_SOCKET, SO_TYPE, SO_ERROR, SO_SNDBUF, SO_RCVBUF, SO_DOMAIN, SO_PROTOCOL, SO_PASSCRED, SO_ACCEPTCONN,
  SO_REUSEADDR, SO_KEEPALIVE,
} from '../../uapi/socket.js';
import { SK_BUF_DEFAULT, type Socket } from '../socket.js';

/** SOCK_MIN_SNDBUF, SOCK_MIN_RCVBUF: the smallest buffers a setsockopt leaves. */
const SOCK_MIN_SNDBUF = 4608, SOCK_MIN_RCVBUF = 2304;

const int = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n, true);
  return b;
};

export function sock_getsockopt(sock: Socket, level: number, optname: number): Uint8Array | number {
  const own = sock.ops?.getsockopt?.(sock, level, optname) ?? -ENOPROTOOPT;
  if (own !== -ENOPROTOOPT || level !== SOL_SOCKET) return own;
  switch (optname) {
    case SO_TYPE: return int(sock.type);
    case SO_DOMAIN: return int(sock.family);
    case SO_PROTOCOL: return int(sock.protocol);
    case SO_ERROR: return int(0);
    case SO_SNDBUF: return int(sock.sndbuf);
    case SO_RCVBUF: return int(sock.rcvbuf);
    case SO_PASSCRED: return int(sock.passcred ? 1 : 0);
    case SO_ACCEPTCONN: return int(0);
    case SO_REUSEADDR: case SO_KEEPALIVE: return int(0);
    default: return -ENOPROTOOPT;
  }
}

export function sock_setsockopt(sock: Socket, level: number, optname: number, val: Uint8Array): number {
  const own = sock.ops?.setsockopt?.(sock, level, optname, val) ?? -ENOPROTOOPT;
  if (own !== -ENOPROTOOPT || level !== SOL_SOCKET) return own;
  if (val.length < 4) return -EINVAL;
  const v = new DataView(val.buffer, val.byteOffset, val.byteLength).getInt32(0, true);
  switch (optname) {
    // As Linux: the value is doubled for the kernel's bookkeeping, within the system's limits.
    case SO_SNDBUF:
      sock.sndbuf = Math.max(SOCK_MIN_SNDBUF, Math.min(Math.max(v, 0), SK_BUF_DEFAULT) * 2);
      return 0;
    case SO_RCVBUF:
      sock.rcvbuf = Math.max(SOCK_MIN_RCVBUF, Math.min(Math.max(v, 0), SK_BUF_DEFAULT) * 2);
      return 0;
    case SO_PASSCRED:
      sock.passcred = v !== 0;
      return 0;
    case SO_REUSEADDR: case SO_KEEPALIVE: return 0;
    case SO_TYPE: case SO_ERROR: case SO_DOMAIN: case SO_PROTOCOL: case SO_ACCEPTCONN: return -ENOPROTOOPT;
    default: return -ENOPROTOOPT;
  }
}
