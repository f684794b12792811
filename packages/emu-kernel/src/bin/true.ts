/** true: exits 0. */
export default function main(): number {
  return 0;
}
