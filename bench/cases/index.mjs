// The benchmark's cases, in the order they run. A case is { name, description, run(ctx) -> records };
// a record may name a `baseline` record ("mechanism/test" or "mechanism/test/bytes") to be compared
// with, and a `target` ({ max_ratio } against the baseline, or { max_ns }). Add a mechanism by adding a
// file here. fanotify (the host kernel's permission event) runs before urfs, whose callback it is the
// baseline of.
import atomics from './atomics-roundtrip.mjs';
import syscallNull from './syscall-null.mjs';
import syscallTraceOff from './syscall-trace-off.mjs';
import syscallTraced from './syscall-traced.mjs';
import memcpy from './memcpy.mjs';
import devzero from './devzero-read.mjs';
import cliTrue from './cli-true.mjs';
import redirfs from './redirfs.mjs';
import fanotify from './fanotify.mjs';
import urfs from './urfs.mjs';
import mechanisms from './mechanisms.mjs';
import avscanAclflt from './avscan-aclflt.mjs';
import cryptflt from './cryptflt.mjs';
import web from './web.mjs';

export const cases = [atomics, syscallNull, syscallTraceOff, syscallTraced, memcpy, devzero, cliTrue, redirfs, fanotify, urfs,
  mechanisms, avscanAclflt, cryptflt, web];
