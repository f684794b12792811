// The driver context of procfs_simple_intf and the parsing of its debug level (kept apart from the
// module so the rules are unit-tested without a machine).
export const DEBUG_LEVEL_MIN = 0, DEBUG_LEVEL_MAX = 2, DEBUG_LEVEL_DEFAULT = 0;

export interface DrvCtx {
  prodname: string;
  tx: number;
  rx: number;
  err: number;
  myword: number;
  power: boolean;
  config1: number;
  config2: number;
  oursecret: string;
  debug_level: number;
  /** Records of llkdproc_show_list: enough of them to span more than a page. */
  list: string[];
}

export function new_drvctx(): DrvCtx {
  const list = Array.from({ length: 300 }, (_, i) => `record ${String(i).padStart(3, '0')} of the driver's list`);
  return { prodname: 'procfs_simple_intf', tx: 5, rx: 8, err: 0, myword: 0xabcd, power: true, config1: 0x0,
    config2: 0x48524a5f, oursecret: 'AhA yyy', debug_level: DEBUG_LEVEL_DEFAULT, list };
}

/** The level a write asks for (kstrtoint rules: decimal, optional sign, one trailing newline), or null. */
export function parse_level(s: string): number | null {
  const t = s.endsWith('\n') ? s.slice(0, -1) : s;
  if (!/^[+-]?\d+$/.test(t)) return null;
  const v = Number(t);
  return v >= DEBUG_LEVEL_MIN && v <= DEBUG_LEVEL_MAX ? v : null;
}
