import { describe, it, expect } from 'vitest';
import { parse, Incomplete, SyntaxError_, Parser } from './parser.js';
import { Lexer } from './lexer.js';
import type { Command, SimpleCommand } from './ast.js';

function tokens(src: string): string[] {
  const l = new Lexer(src);
  const out: string[] = [];
  for (let t = l.next(); t.k !== 'eof'; t = l.next()) {
    out.push(t.k === 'word' ? `W:${t.word.raw}` : t.k === 'redir' ? `R:${t.fd ?? ''}${t.op}` : `O:${t.op === '\n' ? 'NL' : t.op}`);
  }
  return out;
}
function simple(c: Command): SimpleCommand {
  if (c.type !== 'simple') throw new Error(`not simple: ${c.type}`);
  return c;
}

describe('lexer', () => {
  it('splits words and operators', () => {
    expect(tokens('a|b||c&&d;e&f')).toEqual(['W:a', 'O:|', 'W:b', 'O:||', 'W:c', 'O:&&', 'W:d', 'O:;', 'W:e', 'O:&', 'W:f']);
    expect(tokens('echo  "a b"  \'c d\' e\\ f # comment\nx')).toEqual(['W:echo', 'W:"a b"', "W:'c d'", 'W:e\\ f', 'O:NL', 'W:x']);
  });
  it('reads redirections with descriptor numbers', () => {
    expect(tokens('cmd 2>&1 >>log <in 3<&0 >&2 2>err &>all')).toEqual(
      ['W:cmd', 'R:2>&', 'W:1', 'R:>>', 'W:log', 'R:<', 'W:in', 'R:3<&', 'W:0', 'R:>&', 'W:2', 'R:2>', 'W:err', 'R:&>', 'W:all']);
    expect(tokens('echo 12 a2>x')).toEqual(['W:echo', 'W:12', 'W:a2', 'R:>', 'W:x']);
  });
  it('keeps quoted and unquoted parts apart', () => {
    const w = new Lexer(`a"b $x"'c'\\d$y`).word();
    expect(w.parts).toEqual([
      { t: 'lit', s: 'a', q: false }, { t: 'lit', s: 'b ', q: true }, { t: 'param', name: 'x', q: true },
      { t: 'lit', s: 'cd', q: true }, { t: 'param', name: 'y', q: false },
    ]);
  });
  it('reads ${...} operators, $(...), backquotes and $((...))', () => {
    const w = new Lexer('${x:-def}$(echo ")" $(b))`c`$((1+2))${#y}$?$1').word();
    expect(w.parts.map((p) => (p.t === 'param' ? `P:${p.name}${p.op ?? ''}${p.arg ? '[' + p.arg.raw + ']' : ''}` : `${p.t}:${'src' in p ? p.src : ''}`)))
      .toEqual(['P:x:-[def]', 'cmd:echo ")" $(b)', 'cmd:c', 'arith:1+2', 'P:y#len', 'P:?', 'P:1']);
  });
  it('treats a lone $ literally and continues lines', () => {
    expect(new Lexer('a$ ').word().parts).toEqual([{ t: 'lit', s: 'a$', q: false }]);
    expect(new Lexer('a\\\nb').word().parts).toEqual([{ t: 'lit', s: 'ab', q: false }]);
  });
  it('reports unterminated quotes as incomplete', () => {
    expect(() => tokens("echo 'abc")).toThrow(Incomplete);
    expect(() => tokens('echo "abc')).toThrow(Incomplete);
    expect(() => tokens('echo $(ls')).toThrow(Incomplete);
  });
  it('reads here-documents', () => {
    const l = new Lexer('cat <<EOF; cat <<-\'E\'\nhello $x\nEOF\n\tliteral $y\n\tE\nnext');
    const toks = [];
    for (let t = l.next(); t.k !== 'eof'; t = l.next()) toks.push(t);
    const docs = toks.filter((t) => t.k === 'redir').map((t) => (t as { heredoc?: unknown }).heredoc);
    expect(docs).toEqual([{ body: 'hello $x\n', expand: true }, { body: 'literal $y\n', expand: false }]);
    expect(toks[toks.length - 1]).toMatchObject({ k: 'word', word: { raw: 'next' } });
  });
});

describe('parser', () => {
  it('parses lists, and-or lists and pipelines', () => {
    const l = parse('a | b | c; d && e || f & g');
    expect(l.items.map((i) => [i.cmd.src, i.bg])).toEqual([['a | b | c', false], ['d && e || f', true], ['g', false]]);
    expect(l.items[0].cmd.first.cmds.length).toBe(3);
    expect(l.items[1].cmd.rest.map((r) => r.op)).toEqual(['&&', '||']);
  });
  it('parses assignments, words and redirections', () => {
    const c = simple(parse('X=1 Y="a b" cmd arg Z=3 > out 2>&1').items[0].cmd.first.cmds[0]);
    expect(c.assigns.map((a) => [a.name, a.value.raw])).toEqual([['X', '1'], ['Y', '"a b"']]);
    expect(c.words.map((w) => w.raw)).toEqual(['cmd', 'arg', 'Z=3']);
    expect(c.redirs.map((r) => [r.fd, r.op, r.target.raw])).toEqual([[null, '>', 'out'], [2, '>&', '1']]);
  });
  it('keeps the source of subshells', () => {
    const c = parse('(echo sub; echo shell) > /tmp/s; cat').items[0].cmd.first.cmds[0];
    expect(c.type).toBe('subshell');
    if (c.type !== 'subshell') return;
    expect(c.inner).toBe('echo sub; echo shell');
    expect(c.redirs[0].target.raw).toBe('/tmp/s');
    expect(c.src).toBe('(echo sub; echo shell) > /tmp/s');
  });
  it('parses compound commands', () => {
    const l = parse('if a; then b; elif c\nthen d; else e; fi\nwhile x; do y; done; for i in 1 2; do :; done\n' +
      'case $v in a|b) one;; *) two;; esac; { p; q; } > f; f() { echo hi; }; until u; do v; done');
    expect(l.items.map((i) => i.cmd.first.cmds[0].type)).toEqual(['if', 'while', 'for', 'case', 'group', 'func', 'while']);
    const i = l.items[0].cmd.first.cmds[0];
    if (i.type === 'if') {
      expect(i.clauses.length).toBe(2);
      expect(i.else_?.items.length).toBe(1);
    }
    const c = l.items[3].cmd.first.cmds[0];
    if (c.type === 'case') expect(c.items.map((x) => x.patterns.map((p) => p.raw))).toEqual([['a', 'b'], ['*']]);
    const f = l.items[2].cmd.first.cmds[0];
    if (f.type === 'for') expect(f.items?.map((w) => w.raw)).toEqual(['1', '2']);
  });
  it('treats reserved words as plain words when they are arguments', () => {
    const c = simple(parse('echo if then }').items[0].cmd.first.cmds[0]);
    expect(c.words.map((w) => w.raw)).toEqual(['echo', 'if', 'then', '}']);
  });
  it('reports syntax errors and incomplete input', () => {
    expect(() => parse('echo a; )')).toThrow(SyntaxError_);
    expect(() => parse('| a')).toThrow("syntax error near unexpected token `|'");
    expect(() => parse('a &&')).toThrow(Incomplete);
    expect(() => parse('(echo')).toThrow(Incomplete);
    expect(() => parse('if true; then')).toThrow(Incomplete);
    expect(() => parse('a |')).toThrow(Incomplete);
  });
  it('parses one complete command at a time', () => {
    const p = new Parser('echo a\necho b; echo c\n\n');
    expect(p.parseNext()?.items.length).toBe(1);
    expect(p.parseNext()?.items.length).toBe(2);
    expect(p.parseNext()).toBeNull();
  });
});
