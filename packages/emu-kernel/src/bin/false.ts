/** false: exits 1. */
export default function main(): number {
  return 1;
}
