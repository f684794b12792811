// Shell variables: values, which ones are exported to commands' environments, and quoting them back
// into shell source (for `set`, `export -p`, and the variables a child shell inherits).

export interface Var {
  value: string;
  exported: boolean;
}

/** Quotes a string so the shell reads it back as one word with this exact value. */
export function shquote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Vars {
  private readonly map = new Map<string, Var>();

  static fromEnviron(envp: string[]): Vars {
    const v = new Vars();
    for (const e of envp) {
      const i = e.indexOf('=');
      if (i > 0 && NAME_RE.test(e.slice(0, i))) v.map.set(e.slice(0, i), { value: e.slice(i + 1), exported: true });
    }
    return v;
  }

  get(name: string): string | undefined {
    return this.map.get(name)?.value;
  }
  set(name: string, value: string, exported?: boolean): void {
    const cur = this.map.get(name);
    this.map.set(name, { value, exported: exported ?? cur?.exported ?? false });
  }
  export(name: string): void {
    const cur = this.map.get(name);
    if (cur) cur.exported = true;
    else this.map.set(name, { value: '', exported: true });
  }
  /** Exported but unset variables are not in the environment: remember the export only. */
  unset(name: string): void {
    this.map.delete(name);
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  entries(): [string, Var][] {
    return [...this.map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** NAME=value strings for a command's environment, with `extra` overriding. */
  environ(extra: [string, string][] = []): string[] {
    const env = new Map<string, string>();
    for (const [k, v] of this.map) if (v.exported) env.set(k, v.value);
    for (const [k, v] of extra) env.set(k, v);
    return [...env].map(([k, v]) => `${k}=${v}`);
  }

  /** Assignments recreating the unexported variables (a child shell gets the exported ones by environment). */
  locals(): string {
    return [...this.map].filter(([, v]) => !v.exported).map(([k, v]) => `${k}=${shquote(v.value)}\n`).join('');
  }
}
