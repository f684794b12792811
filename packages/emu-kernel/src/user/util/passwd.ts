// The user and group databases (/etc/passwd, /etc/group): getpwnam, getpwuid, getgrnam, getgrgid.
import { readFile } from '../libc.js';

export interface Passwd {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  dir: string;
  shell: string;
}
export interface Group {
  name: string;
  gid: number;
  members: string[];
}

const dec = new TextDecoder();
let pw: Passwd[] | null = null;
let gr: Group[] | null = null;

function lines(path: string): string[][] {
  const b = readFile(path);
  if (!b) return [];
  return dec.decode(b).split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
}

export function getpwent(): Passwd[] {
  return (pw ??= lines('/etc/passwd').filter((f) => f.length >= 4).map((f) => ({
    name: f[0], uid: Number(f[2]), gid: Number(f[3]), gecos: f[4] ?? '', dir: f[5] ?? '/', shell: f[6] ?? '/bin/sh',
  })));
}
export function getgrent(): Group[] {
  return (gr ??= lines('/etc/group').filter((f) => f.length >= 3).map((f) => ({
    name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean),
  })));
}

export const getpwnam = (name: string): Passwd | undefined => getpwent().find((p) => p.name === name);
export const getpwuid = (uid: number): Passwd | undefined => getpwent().find((p) => p.uid === uid);
export const getgrnam = (name: string): Group | undefined => getgrent().find((g) => g.name === name);
export const getgrgid = (gid: number): Group | undefined => getgrent().find((g) => g.gid === gid);

/** The user's name, or the number when the database has none. */
export const userName = (uid: number): string => getpwuid(uid)?.name ?? String(uid);
export const groupName = (gid: number): string => getgrgid(gid)?.name ?? String(gid);

/** A user given by name or number; undefined when unknown. */
export function parseUser(s: string): number | undefined {
  const p = getpwnam(s);
  if (p) return p.uid;
  return /^\d+$/.test(s) ? Number(s) : undefined;
}
export function parseGroup(s: string): number | undefined {
  const g = getgrnam(s);
  if (g) return g.gid;
  return /^\d+$/.test(s) ? Number(s) : undefined;
}
