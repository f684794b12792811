// How sysfs_ex parses a store: kstrtoint's rules (decimal, 0x hex or 0 octal, one trailing newline, int range).
export function parse_int_attr(s: string): number | null {
  const t = s.endsWith('\n') ? s.slice(0, -1) : s;
  const m = /^([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.exec(t);
  if (!m) return null;
  const body = m[2];
  const mag = /^0x/i.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body[0] === '0' ? parseInt(body, 8) : Number(body);
  const v = m[1] === '-' ? -mag : mag;
  return v < -0x80000000 || v > 0x7fffffff ? null : v;
}
