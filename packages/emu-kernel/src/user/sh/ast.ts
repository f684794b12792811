// The shell's syntax tree: words made of parts (so expansion knows what was quoted), and commands.

/** A piece of a word. `q`: inside quotes (no field splitting, no pathname expansion). */
export type WordPart =
  | { t: 'lit'; s: string; q: boolean }
  | { t: 'param'; name: string; q: boolean; op?: ParamOp; arg?: Word }
  | { t: 'cmd'; src: string; q: boolean }
  | { t: 'arith'; src: string; q: boolean };

/** ${name OP arg}: defaults, alternatives, errors, length, prefix/suffix removal. */
export type ParamOp = '-' | ':-' | '=' | ':=' | '+' | ':+' | '?' | ':?' | '#len' | '#' | '##' | '%' | '%%';

export interface Word {
  parts: WordPart[];
  /** The source text, quotes included. */
  raw: string;
}

export interface HereDoc {
  body: string;
  /** False when the delimiter was quoted: the body is taken literally. */
  expand: boolean;
}

export interface Redir {
  /** The descriptor redirected; null = the operator's default (0 for <, 1 for >). */
  fd: number | null;
  /** <, >, >>, >|, <>, <&, >&, &>, &>>, <<, <<- */
  op: string;
  target: Word;
  heredoc?: HereDoc;
}

export interface Assign {
  name: string;
  value: Word;
}

interface Base {
  redirs: Redir[];
  /** The command's source text (for running it in a child shell). */
  src: string;
}
export interface SimpleCommand extends Base {
  type: 'simple';
  assigns: Assign[];
  words: Word[];
}
export interface Subshell extends Base {
  type: 'subshell';
  body: List;
  /** The text between the parentheses. */
  inner: string;
}
export interface Group extends Base {
  type: 'group';
  body: List;
}
export interface If extends Base {
  type: 'if';
  clauses: { cond: List; body: List }[];
  else_: List | null;
}
export interface Loop extends Base {
  type: 'while';
  until: boolean;
  cond: List;
  body: List;
}
export interface For extends Base {
  type: 'for';
  name: string;
  /** null: `for x; do` iterates over "$@". */
  items: Word[] | null;
  body: List;
}
export interface Case extends Base {
  type: 'case';
  word: Word;
  items: { patterns: Word[]; body: List }[];
}
export interface FuncDef extends Base {
  type: 'func';
  name: string;
  body: Command;
}
export type Command = SimpleCommand | Subshell | Group | If | Loop | For | Case | FuncDef;

export interface Pipeline {
  bang: boolean;
  cmds: Command[];
  src: string;
}
export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; p: Pipeline }[];
  src: string;
}
export interface List {
  items: { cmd: AndOr; bg: boolean }[];
}
