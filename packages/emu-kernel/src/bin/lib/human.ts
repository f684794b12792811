// Sizes as du -h and df -h print them: powers of 1024, one decimal below 10, always rounded up.

/** The -h form: 1023 -> "1023", 1536 -> "1.5K", 10 MiB -> "10M" (rounded up, as du does). */
export function humanSize(bytes: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (bytes < 1024) return String(bytes);
  let v = bytes / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10;
    return r >= 10 ? `${Math.ceil(r)}${units[i]}` : `${r.toFixed(1)}${units[i]}`;
  }
  return `${Math.ceil(v)}${units[i]}`;
}
