// IPv4 addresses (include/uapi/linux/in.h): struct sockaddr_in is family u16, port u16 and address u32 in
// network byte order, then 8 zero bytes.
export const IPPROTO_IP = 0, IPPROTO_UDP = 17;
export const SOCKADDR_IN_SIZE = 16;
export const INADDR_ANY = 0, INADDR_LOOPBACK = 0x7f000001;
export const ENETUNREACH = 101;

export function sockaddr_in(addr: number, port: number): Uint8Array {
  const b = new Uint8Array(SOCKADDR_IN_SIZE);
  const v = new DataView(b.buffer);
  v.setUint16(0, 2, true); // AF_INET
  v.setUint16(2, port, false);
  v.setUint32(4, addr >>> 0, false);
  return b;
}
export function sockaddr_in_read(b: Uint8Array): { family: number; port: number; addr: number } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { family: v.getUint16(0, true), port: v.getUint16(2, false), addr: v.getUint32(4, false) };
}
export function inet_ntoa(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}
/** inet_aton: a dotted quad, or null. */
export function inet_aton(s: string): number | null {
  const p = s.split('.');
  if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return null;
  return p.reduce((a, x) => a * 256 + Number(x), 0) >>> 0;
}
