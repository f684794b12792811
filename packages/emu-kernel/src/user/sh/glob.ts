// Shell patterns (*, ?, [...], backslash escapes): matching, and pathname expansion over a directory
// reader the caller supplies.

/** Whether the pattern has an unescaped *, ? or [. */
export function hasGlob(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    if (pat[i] === '\\') i++;
    else if (pat[i] === '*' || pat[i] === '?' || pat[i] === '[') return true;
  }
  return false;
}

/** The regular-expression source for a pattern (anchoring is the caller's). */
export function patternSource(pat: string): string {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\' && i + 1 < pat.length) re += escapeRe(pat[++i]);
    else if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '[') {
      const end = classEnd(pat, i);
      if (end < 0) re += '\\[';
      else {
        let body = pat.slice(i + 1, end);
        let neg = false;
        if (body[0] === '!' || body[0] === '^') {
          neg = true;
          body = body.slice(1);
        }
        re += `[${neg ? '^' : ''}${body.replace(/[\]\\^]/g, (x) => '\\' + x)}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return re;
}

function classEnd(pat: string, start: number): number {
  let i = start + 1;
  if (pat[i] === '!' || pat[i] === '^') i++;
  if (pat[i] === ']') i++;
  for (; i < pat.length; i++) if (pat[i] === ']') return i;
  return -1;
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? '\\' + c : c;
}

export function matchPattern(pat: string, s: string): boolean {
  return new RegExp(`^${patternSource(pat)}$`).test(s);
}

/** Removes backslash escapes (a pattern's literal text). */
export function unescapePattern(pat: string): string {
  return pat.replace(/\\([^])/g, '$1');
}

/**
 * Pathname expansion: the sorted paths matching `pat`, or [] when none match. `readdir` lists a
 * directory's names (null if it cannot be read); `exists` tells whether a literal path exists.
 */
export function expandPathname(pat: string, readdir: (dir: string) => string[] | null): string[] {
  const abs = pat.startsWith('/');
  const comps = pat.split('/').filter((c, i) => c !== '' || i === 0);
  let paths: string[] = [abs ? '/' : ''];
  const start = abs ? 1 : 0;
  for (let ci = start; ci < comps.length; ci++) {
    const comp = comps[ci];
    const last = ci === comps.length - 1;
    const next: string[] = [];
    for (const base of paths) {
      const join = (n: string) => (base === '' ? n : base.endsWith('/') ? base + n : `${base}/${n}`);
      if (!hasGlob(comp)) {
        const name = unescapePattern(comp);
        if (last) {
          const names = readdir(base || '.');
          if (names?.includes(name)) next.push(join(name));
        } else next.push(join(name));
        continue;
      }
      const names = readdir(base || '.');
      if (!names) continue;
      const re = new RegExp(`^${patternSource(comp)}$`);
      for (const n of names.sort()) {
        if (n === '.' || n === '..') continue;
        if (n.startsWith('.') && !comp.startsWith('.') && !comp.startsWith('\\.')) continue;
        if (re.test(n)) next.push(join(n));
      }
    }
    paths = next;
    if (!paths.length) return [];
  }
  if (pat.endsWith('/')) paths = paths.map((p) => p + '/');
  return paths;
}
