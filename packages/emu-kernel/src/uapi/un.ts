// AF_UNIX addresses (include/uapi/linux/un.h): struct sockaddr_un is family u16 then a 108-byte sun_path.
// A path name is NUL-terminated; an abstract name starts with a NUL byte and is as long as the address
// length says; an address of the family alone is an unnamed socket.
export const UNIX_PATH_MAX = 108;
export const SUN_PATH_OFFSET = 2;
export const SOCKADDR_UN_SIZE = SUN_PATH_OFFSET + UNIX_PATH_MAX;

/** A sockaddr_un for a path name ("/run/x.sock") or, with a leading "\0", an abstract name. */
export function sockaddr_un(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  const abstract = bytes.length > 0 && bytes[0] === 0;
  const b = new Uint8Array(SUN_PATH_OFFSET + bytes.length + (abstract ? 0 : 1));
  new DataView(b.buffer).setUint16(0, 1, true); // AF_UNIX
  b.set(bytes, SUN_PATH_OFFSET);
  return b;
}

/** The name in a sockaddr_un: a path, "\0..." for an abstract name, '' for an unnamed socket. */
export function sockaddr_un_read(b: Uint8Array): { family: number; name: string } {
  const family = b.length >= 2 ? b[0] | (b[1] << 8) : 0;
  let p = b.subarray(SUN_PATH_OFFSET);
  if (p.length && p[0] !== 0) {
    const z = p.indexOf(0);
    if (z >= 0) p = p.subarray(0, z);
  }
  return { family, name: new TextDecoder().decode(p) };
}
