// Decoding /dev/redirctl's replies: well-formed records round-trip; counts, lengths and trailing bytes
// that do not fit the buffer are reported, never trusted.
import { describe, it, expect } from 'vitest';
import { redirctl_pack, redirctl_pack_filters, redirctl_pack_paths } from '@urfs/redirfs/redirctl_abi';
import { RFS_PATH_SINGLE, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE } from '@urfs/redirfs/rfs';
import {
  decode_filters, decode_paths, flags_words, words_flags, format_filters, format_paths, columns,
} from './records.js';

describe('decode_filters', () => {
  it('reads the packed filter list', () => {
    const buf = redirctl_pack_filters([
      { name: 'roflt', priority: 100, active: 1 }, { name: 'dummyflt', priority: 999, active: 0 },
      { name: 'ünïcode', priority: -5, active: 7 },
    ]);
    expect(decode_filters(buf)).toEqual([
      { name: 'roflt', priority: 100, active: true }, { name: 'dummyflt', priority: 999, active: false },
      { name: 'ünïcode', priority: -5, active: true },
    ]);
    expect(decode_filters(redirctl_pack(0))).toEqual([]);
  });

  it('reports replies that do not fit', () => {
    expect(decode_filters(new Uint8Array(0))).toMatch(/shorter than its count/);
    expect(decode_filters(new Uint8Array(3))).toMatch(/shorter than its count/);
    expect(decode_filters(redirctl_pack(-1))).toMatch(/claims -1 records/);
    expect(decode_filters(redirctl_pack(1))).toMatch(/claims 1 records in 4 bytes/);
    expect(decode_filters(redirctl_pack(0x7fffffff, 'a', 1, 1))).toMatch(/claims 2147483647 records/);
    // A name whose length runs past the end, a negative one, a missing last field, trailing bytes.
    expect(decode_filters(redirctl_pack(1, 100, 1, 1))).toMatch(/record 0 has a string of 100 bytes/);
    expect(decode_filters(redirctl_pack(1, -4, 1, 1))).toMatch(/record 0 has a string of -4 bytes/);
    const full = redirctl_pack_filters([{ name: 'ab', priority: 1, active: 1 }, { name: 'cd', priority: 2, active: 0 }]);
    expect(decode_filters(full.subarray(0, full.length - 2))).toMatch(/record 1 runs past the end/);
    expect(decode_filters(redirctl_pack(1, 'ab', 1, 1, 0))).toMatch(/4 bytes after its records/);
  });
});

describe('decode_paths', () => {
  it('reads the packed path list with words for the flags', () => {
    const buf = redirctl_pack_paths([
      { id: 1, path: '/tmp', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE },
      { id: 7, path: '/etc/passwd', flags: RFS_PATH_SINGLE | RFS_PATH_EXCLUDE },
    ]);
    expect(decode_paths(buf)).toEqual([
      { id: 1, path: '/tmp', type: 'include', scope: 'subtree', flags: 6 },
      { id: 7, path: '/etc/passwd', type: 'exclude', scope: 'single', flags: 9 },
    ]);
  });

  it('reports replies that do not fit', () => {
    expect(decode_paths(redirctl_pack(2, 1, '/tmp', 6))).toMatch(/claims 2 records/);
    expect(decode_paths(redirctl_pack(1, 1, 50, 6))).toMatch(/string of 50 bytes/);
    expect(decode_paths(redirctl_pack(1, 1, '/tmp'))).toMatch(/record 0 runs past the end/);
  });
});

describe('flags and tables', () => {
  it('turns flags into words and back', () => {
    for (const type of ['include', 'exclude'] as const) {
      for (const scope of ['single', 'subtree'] as const) expect(flags_words(words_flags(type, scope))).toEqual({ type, scope });
    }
    expect(words_flags('include', 'subtree')).toBe(RFS_PATH_INCLUDE | RFS_PATH_SUBTREE);
  });

  it('prints aligned tables with a header', () => {
    expect(format_filters([{ name: 'dummyflt', priority: 999, active: true }, { name: 'ro', priority: 5, active: false }]))
      .toBe('NAME      PRIORITY  STATE\ndummyflt       999  active\nro               5  inactive\n');
    expect(format_paths([{ id: 12, path: '/srv/rw', type: 'exclude', scope: 'subtree', flags: 10 }]))
      .toBe('ID  PATH     TYPE     SCOPE\n12  /srv/rw  exclude  subtree\n');
    expect(format_filters([])).toBe('NAME  PRIORITY  STATE\n');
    expect(columns([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc  d\n');
  });
});
