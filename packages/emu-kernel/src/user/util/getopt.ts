// Command-line options in the getopt(3) style: clustered flags (-la), options with a value (-m 755,
// -m755), "--" ending the options. Operands after the first non-option stop option parsing.

export interface Options {
  /** Flag -> true, or the option's value (the last one given). */
  opts: Map<string, string | true>;
  /** Every value of each option taking one, in order (grep -e A -e B). */
  values: Map<string, string[]>;
  operands: string[];
}

/**
 * Parses argv[1..] against `spec` ("lad1m:": letters, ":" after one taking a value). Returns the options
 * or an error message such as "invalid option -- 'z'".
 */
export function getopt(argv: string[], spec: string, permute = true): Options | string {
  const opts = new Map<string, string | true>();
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.length < 2 || a[0] !== '-') {
      if (!permute) {
        operands.push(...argv.slice(i));
        break;
      }
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const k = spec.indexOf(c);
      if (k < 0 || c === ':') return `invalid option -- '${c}'`;
      if (spec[k + 1] === ':') {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) return `option requires an argument -- '${c}'`;
        opts.set(c, v);
        values.set(c, [...(values.get(c) ?? []), v]);
        break;
      }
      opts.set(c, true);
    }
  }
  return { opts, values, operands };
}
