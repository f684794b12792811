// The content of procfs_legacy's files: big enough for read_proc to be called once per page.
export const MESSAGE_MAX = 64;
export const BIG_LINES = 400;

export function legacy_big_text(): string {
  let s = '';
  for (let i = 0; i < BIG_LINES; i++) s += `line ${String(i).padStart(3, '0')}: procfs legacy read_proc output\n`;
  return s;
}
