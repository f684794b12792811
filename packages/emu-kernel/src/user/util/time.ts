// Time stamps as ls -l and stat(1) print them (the machine's clock is UTC).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Whole seconds as every digit of them (String would round a large one to 16 digits). */
export function secondsString(sec: number): string {
  return BigInt(Math.floor(sec)).toString();
}

/** "Jan  2 03:04" for the last six months, "Jan  2  2023" otherwise; beyond a Date's range the seconds, as GNU ls. */
export function lsTime(sec: number, now: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return secondsString(sec);
  const head = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)}`;
  const recent = sec <= now + 60 && now - sec < 182 * 24 * 3600;
  return recent ? `${head} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}` : `${head}  ${d.getUTCFullYear()}`;
}

/** "2024-01-02 03:04:05.000000000 +0000"; beyond a Date's range the seconds. */
export function statTime(sec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return secondsString(sec);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:` +
    `${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.000000000 +0000`;
}
