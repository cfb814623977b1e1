// The typed AST of a `.nn` file. Every node carries the span of the source text it came from,
// so every later stage (checking, lowering) can point at the offending place.

/** A region of the source: 0-based offsets, 1-based line and column of the start and end. */
export interface Span {
  readonly start: number; // offset of the first character
  readonly end: number; // offset one past the last character
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number; // column one past the last character
}

export interface SourceFile {
  readonly path: string; // as the user named it; used in diagnostics
  readonly text: string;
}

export interface Ident {
  readonly name: string;
  readonly span: Span;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '@' | '^';

export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly span: Span }
  | { readonly kind: 'str'; readonly value: string; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'neg'; readonly operand: Expr; readonly span: Span }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
    }
  /** `left |> right`: right is a layer call, an activation name or call, or a function. */
  | { readonly kind: 'pipe'; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly callee: Ident;
      readonly args: readonly Arg[];
      readonly span: Span;
    };

/** A call argument: positional (`name` null) or keyword (`name = value`). */
export interface Arg {
  readonly name: Ident | null;
  readonly value: Expr;
  readonly span: Span;
}

export type Dim =
  | { readonly kind: 'num'; readonly value: number; readonly span: Span }
  | { readonly kind: 'sym'; readonly name: string; readonly span: Span };

/** `f32[N, 2]`, `i32[N]` or `[N, 2]` (dtype omitted: f32). */
export interface TypeAst {
  readonly dtype: 'f32' | 'i32';
  readonly dtypeWritten: boolean;
  readonly dims: readonly Dim[];
  readonly span: Span;
}

export type ModelStmt =
  | { readonly kind: 'input'; readonly name: Ident; readonly type: TypeAst; readonly span: Span }
  | {
      readonly kind: 'param';
      readonly name: Ident;
      readonly type: TypeAst;
      readonly init: Expr | null;
      readonly options: readonly Arg[]; // always keyword arguments
      readonly span: Span;
    }
  | { readonly kind: 'let'; readonly name: Ident; readonly value: Expr; readonly span: Span }
  | {
      readonly kind: 'output';
      readonly name: Ident;
      readonly type: TypeAst | null;
      readonly value: Expr;
      readonly span: Span;
    }
  | { readonly kind: 'layers'; readonly items: readonly LayerItem[]; readonly span: Span };

/** One line of a `layers { }` block: `name = Layer(...)` or a bare `Layer(...)` / `relu`. */
export interface LayerItem {
  readonly name: Ident | null;
  readonly expr: Expr; // a call or a name
  readonly span: Span;
}

export interface ModelDecl {
  readonly kind: 'model';
  readonly name: Ident;
  readonly body: readonly ModelStmt[];
  readonly span: Span;
}

export type TrainEntry =
  | { readonly kind: 'set'; readonly key: Ident; readonly value: Expr; readonly span: Span }
  /** A nested block such as `early_stopping { ... }`. */
  | {
      readonly kind: 'block';
      readonly key: Ident;
      readonly entries: readonly TrainEntry[];
      readonly span: Span;
    };

export interface TrainDecl {
  readonly kind: 'train';
  readonly name: Ident;
  readonly entries: readonly TrainEntry[];
  readonly span: Span;
}

export interface FileAst {
  readonly version: { readonly value: number; readonly span: Span } | null;
  readonly models: readonly ModelDecl[];
  readonly trains: readonly TrainDecl[];
}
