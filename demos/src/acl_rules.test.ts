import { describe, it, expect } from 'vitest';
import { decide, parse_rules } from './acl_rules.js';

const req = (op: 'read' | 'write', path: string, uid = 0, prog = 'sh') => ({ op, path, uid, gid: 0, prog });

describe('aclflt rules', () => {
  it('decides by the first matching rule, with globs and conditions', () => {
    const rules = parse_rules('# c\n\ndeny write /srv/**/*.conf uid=1000\nlog write /srv/* prog=vi\nallow all /**\n', 'r');
    if (typeof rules === 'string') throw new Error(rules);
    expect(decide(rules, req('write', '/srv/a/b/x.conf', 1000))?.line).toBe(3);
    expect(decide(rules, req('write', '/srv/a/b/x.conf', 0))?.line).toBe(5);
    expect(decide(rules, req('write', '/srv/f', 0, '/usr/bin/vi'))?.action).toBe('log');
    expect(decide(rules, req('read', '/srv/x.conf', 1000))?.action).toBe('allow');
    expect(decide([], req('read', '/x'))).toBeNull();
  });

  it('names the file and the line of a malformed rule', () => {
    expect(parse_rules('permit read /x\n', 'r')).toBe('r:1: a rule starts with allow, deny or log');
    expect(parse_rules('allow read\n', 'r')).toBe('r:1: a rule is ACTION OPS GLOB [uid=N] [gid=N] [prog=NAME]');
    expect(parse_rules('allow frob /x\n', 'r')).toMatch(/^r:1: no operation named frob/);
    expect(parse_rules('allow read x\n', 'r')).toBe('r:1: the path pattern must be absolute');
    expect(parse_rules('allow read /x uid=me\n', 'r')).toBe('r:1: uid needs a number');
    expect(parse_rules('allow read /x prog=/bin/sh\n', 'r')).toBe('r:1: prog= is a command name (as ps shows it), not a path');
    expect(parse_rules('allow read /x who=1\n', 'r')).toBe('r:1: a condition is uid=N, gid=N or prog=NAME, not who=1');
  });
});
