// The grammar of `.nn` files (DSL.md sections 2-5) as a chevrotain parser that builds the AST
// directly (embedded actions). It is built once, at module load.
//
// Error handling: chevrotain's automatic recovery is off. Instead each block body is a loop over
// statements; a statement that fails records one diagnostic and the loop skips to the next newline,
// ';' or '}' (statement-level resynchronization), so one run reports every independent mistake.
// Failing consumes go through `want`, which words the message for the place it happens.
//
// The block loops are plain code driven by LA(); during chevrotain's grammar recording phase
// they record their item rule once instead, so the recorded grammar stays complete.
import {
  EmbeddedActionsParser,
  EOF,
  isRecognitionException,
  tokenMatcher,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type {
  Arg,
  BinaryOp,
  Dim,
  Expr,
  FileAst,
  Ident,
  LayerItem,
  ModelDecl,
  ModelStmt,
  Span,
  TrainDecl,
  TrainEntry,
  TypeAst,
} from './ast.js';
import { didYouMean, type Diagnostic } from './diagnostics.js';
import * as T from './lexer.js';
import { describe, foundSuffix, messageProvider, problemSpan, showAtActual } from './messages.js';
import { join, tokenSpan } from './spans.js';

/** Deepest nesting of expressions accepted; beyond it the parser would exhaust the JS stack. */
const MAX_NESTING = 100;
const STATEMENT_WORDS = ['input', 'param', 'output', 'layers'];
const DTYPES = ['f32', 'i32'];
const STATEMENT_KEYWORDS: readonly TokenType[] = [T.Input, T.Param, T.Output, T.Layers];
/** What may follow a '}' that really closes a block. */
const ENDS_AFTER_CLOSE: readonly TokenType[] = [T.Newline, T.Semi, T.RCurly, EOF, T.Model, T.Train];

/** Thrown after a diagnostic has been recorded, to unwind to the enclosing statement loop. */
class SyntaxStop extends Error {}

export interface ParseResult {
  readonly ast: FileAst;
  readonly diagnostics: readonly Diagnostic[];
}

function ident(t: IToken): Ident {
  return { name: t.image, span: tokenSpan(t) };
}

function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, span: join(left.span, right.span) };
}

/** `-` applied to a number literal folds into a negative literal, so `-2` is simply num(-2). */
function negate(minus: IToken, operand: Expr): Expr {
  const span = join(tokenSpan(minus), operand.span);
  return operand.kind === 'num' ? { kind: 'num', value: -operand.value, span } : { kind: 'neg', operand, span };
}

/** didYouMean, plus the same letters in another order (`modle`), which it counts as two edits. */
function suggest(word: string, candidates: readonly string[]): string | undefined {
  const close = didYouMean(word, candidates);
  if (close !== undefined) return close;
  const sorted = (w: string) => [...w.toLowerCase()].sort().join('');
  const swapped = candidates.find((c) => c.length === word.length && sorted(c) === sorted(word));
  return swapped === undefined ? undefined : `did you mean '${swapped}'?`;
}

function keywordHint(t: IToken): string | undefined {
  return T.KEYWORDS.includes(t.tokenType) ? `'${t.image}' is a keyword and cannot be used as a name` : undefined;
}

class NnParser extends EmbeddedActionsParser {
  private diags: Diagnostic[] = [];
  private nesting = 0;

  constructor() {
    super([...T.ALL_TOKENS], { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider: messageProvider });
    this.performSelfAnalysis();
  }

  run(tokens: IToken[]): ParseResult {
    this.diags = [];
    this.nesting = 0;
    this.input = tokens;
    try {
      return { ast: this.file(), diagnostics: this.diags };
    } finally {
      this.input = []; // do not keep the caller's tokens alive
    }
  }

  // ---- file ---------------------------------------------------------------------------------

  private file = this.RULE('file', (): FileAst => {
    if (this.RECORDING_PHASE) {
      this.SUBRULE(this.versionDecl);
      this.SUBRULE(this.modelDecl);
      this.SUBRULE(this.trainDecl);
      return { version: null, models: [], trains: [] };
    }
    let version: FileAst['version'] = null;
    const models: ModelDecl[] = [];
    const trains: TrainDecl[] = [];
    for (;;) {
      const t = this.LA(1);
      const type = t.tokenType;
      if (type === EOF) break;
      if (type === T.Newline || type === T.Semi) {
        this.SKIP_TOKEN();
        continue;
      }
      try {
        if (type === T.Version) {
          const v = this.SUBRULE(this.versionDecl);
          if (version !== null || models.length > 0 || trains.length > 0) {
            this.report(v.span, "'version' must be given once, before any model or train block");
          } else version = v;
        } else if (type === T.Model) models.push(this.SUBRULE(this.modelDecl));
        else if (type === T.Train) trains.push(this.SUBRULE(this.trainDecl));
        else if (type === T.RCurly) this.fail(t, "unexpected '}'", 'there is no open block for it to close');
        else {
          const hint = tokenMatcher(t, T.Name) ? suggest(t.image, ['model', 'train', 'version']) : undefined;
          this.fail(t, `expected a model or train block, found ${describe(t)}`, hint);
        }
        this.endOfStatement();
      } catch (e) {
        this.recover(e);
        this.skipToBlock(t);
      }
    }
    return { version, models, trains };
  });

  private versionDecl = this.RULE('versionDecl', (): NonNullable<FileAst['version']> => {
    const kw = this.CONSUME(T.Version);
    const num = this.want(1, T.NumberLit, () => "expected a version number after 'version'");
    return this.ACTION(() => {
      const value = num.payload as number;
      if (value !== 1) this.report(tokenSpan(num), `'version ${num.image}' is not supported: this compiler reads version 1`);
      return { value, span: join(tokenSpan(kw), tokenSpan(num)) };
    });
  });

  // ---- models -------------------------------------------------------------------------------

  private modelDecl = this.RULE('modelDecl', (): ModelDecl => {
    const kw = this.CONSUME(T.Model);
    const name = this.want(1, T.Ident, () => "expected a name after 'model'", keywordHint);
    this.newlinesBeforeBrace();
    this.want(2, T.LCurly, () => `expected '{' to open model '${name.image}'`);
    const body = this.items(() => this.SUBRULE(this.modelStmt), () => false);
    const close = this.want(3, T.RCurly, () => `expected '}' to close model '${name.image}'`);
    return this.ACTION(() => ({ kind: 'model', name: ident(name), body, span: join(tokenSpan(kw), tokenSpan(close)) }));
  });

  private modelStmt = this.RULE('modelStmt', (): ModelStmt =>
    this.OR([
      { ALT: () => this.SUBRULE(this.inputStmt) },
      { ALT: () => this.SUBRULE(this.paramStmt) },
      { ALT: () => this.SUBRULE(this.outputStmt) },
      { ALT: () => this.SUBRULE(this.layersStmt) },
      { ALT: () => this.SUBRULE(this.letStmt) },
    ]),
  );

  private inputStmt = this.RULE('inputStmt', (): ModelStmt => {
    const kw = this.CONSUME(T.Input);
    const name = this.want(1, T.Ident, () => "expected a name after 'input'", keywordHint);
    this.want(2, T.Colon, () => `expected ':' and a shape after input name '${name.image}'`);
    const type = this.SUBRULE(this.typeAst);
    return this.ACTION(() => ({ kind: 'input', name: ident(name), type, span: join(tokenSpan(kw), type.span) }));
  });

  private paramStmt = this.RULE('paramStmt', (): ModelStmt => {
    const kw = this.CONSUME(T.Param);
    const name = this.want(1, T.Ident, () => "expected a name after 'param'", keywordHint);
    this.want(2, T.Colon, () => `expected ':' and a shape after param name '${name.image}'`);
    const type = this.SUBRULE(this.typeAst);
    let init = null as Expr | null;
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      init = this.SUBRULE(this.expression);
    });
    const options: Arg[] = [];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      options.push(this.SUBRULE(this.paramOption));
    });
    return this.ACTION(() => {
      if (init === null && options.length === 0 && !this.atStatementEnd()) {
        this.fail(this.LA(1), `expected '=' and an initial value after the shape of param '${name.image}'`);
      }
      const last = options.at(-1)?.span ?? init?.span ?? type.span;
      return { kind: 'param', name: ident(name), type, init, options, span: join(tokenSpan(kw), last) };
    });
  });

  /** `key = value` after a param's shape, e.g. `, l2 = 0.01`. */
  private paramOption = this.RULE('paramOption', (): Arg => {
    const key = this.want(1, T.Name, () => "expected an option name after ','");
    this.want(2, T.Equals, () => `expected '=' and a value after option '${key.image}'`);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ name: ident(key), value, span: join(tokenSpan(key), value.span) }));
  });

  private outputStmt = this.RULE('outputStmt', (): ModelStmt => {
    const kw = this.CONSUME(T.Output);
    const name = this.want(1, T.Ident, () => "expected a name after 'output'", keywordHint);
    let type = null as TypeAst | null;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeAst);
    });
    this.want(2, T.Equals, () =>
      type === null
        ? `expected '=' or ':' after output name '${name.image}'`
        : `expected '=' and a value after the type of output '${name.image}'`,
    );
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'output', name: ident(name), type, value, span: join(tokenSpan(kw), value.span) }));
  });

  private letStmt = this.RULE('letStmt', (): ModelStmt => {
    const name = this.CONSUME(T.Ident);
    this.want(1, T.Equals, () => `expected '=' after '${name.image}'`, () => suggest(name.image, STATEMENT_WORDS));
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'let', name: ident(name), value, span: join(tokenSpan(name), value.span) }));
  });

  private layersStmt = this.RULE('layersStmt', (): ModelStmt => {
    const kw = this.CONSUME(T.Layers);
    this.newlinesBeforeBrace();
    this.want(1, T.LCurly, () => "expected '{' after 'layers'");
    // A statement keyword (not used as a layer name) means the block's '}' was forgotten.
    const items = this.items(
      () => this.SUBRULE(this.layerItem),
      () => STATEMENT_KEYWORDS.includes(this.LA(1).tokenType) && this.LA(2).tokenType !== T.Equals,
    );
    const close = this.want(2, T.RCurly, () => "expected '}' to close 'layers'");
    return this.ACTION(() => ({ kind: 'layers', items, span: join(tokenSpan(kw), tokenSpan(close)) }));
  });

  private layerItem = this.RULE('layerItem', (): LayerItem => {
    let name = undefined as IToken | undefined;
    this.OPTION(() => {
      name = this.CONSUME(T.Name);
      this.CONSUME(T.Equals);
    });
    this.ACTION(() => {
      const t = this.LA(1);
      if (name === undefined && t.tokenType !== T.Ident) {
        this.fail(t, `expected a layer such as Dense(64) or relu${foundSuffix(t, this.LA(0))}`);
      }
    });
    const expr = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      if (expr.kind !== 'call' && expr.kind !== 'name') {
        this.report(expr.span, 'a layer must be a layer call such as Dense(64) or an activation such as relu');
      }
      const start = name === undefined ? expr.span : tokenSpan(name);
      return { name: name === undefined ? null : ident(name), expr, span: join(start, expr.span) };
    });
  });

  /** `[N, 2]`, `f32[N, 2]`, `i32[N]`. */
  private typeAst = this.RULE('typeAst', (): TypeAst => {
    let dtype = undefined as IToken | undefined;
    this.OPTION(() => {
      dtype = this.CONSUME(T.Ident);
    });
    this.ACTION(() => {
      // `input x: N` (no brackets): the word is a dimension, not an element type.
      if (dtype !== undefined && !DTYPES.includes(dtype.image) && this.LA(1).tokenType !== T.LBracket) {
        this.report(tokenSpan(dtype), `expected a shape such as [N, 2], found '${dtype.image}'`);
        throw new SyntaxStop();
      }
    });
    const open = this.want(2, T.LBracket, () =>
      dtype === undefined ? 'expected a shape such as [N, 2]' : `expected '[' and the dimensions after '${dtype.image}'`,
    );
    const dims: Dim[] = [];
    this.OPTION2(() => {
      dims.push(this.SUBRULE(this.dim));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        if (this.LA(1).tokenType === T.RBracket) return; // trailing comma
        dims.push(this.SUBRULE2(this.dim));
      });
    });
    const close = this.want(3, T.RBracket, () => this.closeMessage(']', 'the shape', 'a dimension'));
    return this.ACTION(() => {
      if (dtype !== undefined && !DTYPES.includes(dtype.image)) {
        this.report(tokenSpan(dtype), `unknown element type '${dtype.image}': use f32 or i32`, didYouMean(dtype.image, DTYPES));
      }
      const start = dtype === undefined ? tokenSpan(open) : tokenSpan(dtype);
      return {
        dtype: dtype?.image === 'i32' ? 'i32' : 'f32',
        dtypeWritten: dtype !== undefined,
        dims,
        span: join(start, tokenSpan(close)),
      };
    });
  });

  private dim = this.RULE('dim', (): Dim =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLit);
          return this.ACTION((): Dim => {
            const value = t.payload as number;
            if (!Number.isSafeInteger(value)) this.report(tokenSpan(t), `a dimension must be a whole number, found '${t.image}'`);
            return { kind: 'num', value, span: tokenSpan(t) };
          });
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Ident);
          return this.ACTION((): Dim => ({ kind: 'sym', name: t.image, span: tokenSpan(t) }));
        },
      },
    ]),
  );

  // ---- training -----------------------------------------------------------------------------

  private trainDecl = this.RULE('trainDecl', (): TrainDecl => {
    const kw = this.CONSUME(T.Train);
    const name = this.want(1, T.Ident, () => "expected a name after 'train'", keywordHint);
    this.newlinesBeforeBrace();
    this.want(2, T.LCurly, () => `expected '{' to open train '${name.image}'`);
    const entries = this.items(() => this.SUBRULE(this.trainEntry), () => false);
    const close = this.want(3, T.RCurly, () => `expected '}' to close train '${name.image}'`);
    return this.ACTION(() => ({ kind: 'train', name: ident(name), entries, span: join(tokenSpan(kw), tokenSpan(close)) }));
  });

  /** `key = value`, or a nested block `key { entries }` such as `early_stopping { ... }`. */
  private trainEntry = this.RULE('trainEntry', (): TrainEntry => {
    const key = this.want(1, T.Name, () => "expected a setting such as 'epochs = 10'");
    this.newlinesBeforeBrace();
    this.ACTION(() => {
      const next = this.LA(1);
      if (next.tokenType !== T.Equals && next.tokenType !== T.LCurly) {
        this.fail(next, `expected '=' or '{' after '${key.image}'${foundSuffix(next, this.LA(0))}`);
      }
    });
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          const value = this.SUBRULE(this.expression);
          return this.ACTION((): TrainEntry => ({ kind: 'set', key: ident(key), value, span: join(tokenSpan(key), value.span) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          const entries = this.items(() => this.SUBRULE(this.trainEntry), () => false);
          const close = this.want(2, T.RCurly, () => `expected '}' to close '${key.image}'`);
          return this.ACTION((): TrainEntry => ({
            kind: 'block',
            key: ident(key),
            entries,
            span: join(tokenSpan(key), tokenSpan(close)),
          }));
        },
      },
    ]);
  });

  // ---- expressions, loosest to tightest: |>, + -, * / @, unary -, ^, primary -----------------

  private expression = this.RULE('expression', (): Expr => {
    let left: Expr = this.SUBRULE(this.additive);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      const right = this.SUBRULE2(this.additive);
      left = this.ACTION((): Expr => ({ kind: 'pipe', left, right, span: join(left.span, right.span) }));
    });
    return left;
  });

  private additive = this.RULE('additive', (): Expr => {
    let left: Expr = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.ACTION(() => binary(op.image as BinaryOp, left, right));
    });
    return left;
  });

  private multiplicative = this.RULE('multiplicative', (): Expr => {
    let left: Expr = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.At) },
      ]);
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() => binary(op.image as BinaryOp, left, right));
    });
    return left;
  });

  /** Every path of nested expressions passes through here, so this is where depth is bounded. */
  private unary = this.RULE('unary', (): Expr => {
    try {
      if (++this.nesting > MAX_NESTING && !this.RECORDING_PHASE) {
        this.fail(this.LA(1), `this expression is nested too deeply (more than ${MAX_NESTING} levels)`);
      }
      const minuses: IToken[] = [];
      this.MANY(() => {
        minuses.push(this.CONSUME(T.Minus));
      });
      const operand = this.SUBRULE(this.power);
      return this.ACTION(() => minuses.reduceRight((e, m) => negate(m, e), operand));
    } finally {
      this.nesting--;
    }
  });

  /** `^` is right associative and binds tighter than a unary minus on its left: -x^2 = -(x^2). */
  private power = this.RULE('power', (): Expr => {
    const base = this.SUBRULE(this.primary);
    let result: Expr = base;
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      const exponent = this.SUBRULE(this.unary);
      result = this.ACTION(() => binary('^', base, exponent));
    });
    return result;
  });

  private primary = this.RULE('primary', (): Expr =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLit);
          return this.ACTION((): Expr => ({ kind: 'num', value: t.payload as number, span: tokenSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.StringLit);
          return this.ACTION((): Expr => ({ kind: 'str', value: t.payload as string, span: tokenSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.True);
          return this.ACTION((): Expr => ({ kind: 'bool', value: true, span: tokenSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.False);
          return this.ACTION((): Expr => ({ kind: 'bool', value: false, span: tokenSpan(t) }));
        },
      },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.listExpr) },
    ]),
  );

  private nameOrCall = this.RULE('nameOrCall', (): Expr => {
    const id = this.CONSUME(T.Ident);
    let call = undefined as { args: Arg[]; close: IToken } | undefined;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      const args: Arg[] = [];
      this.OPTION2(() => {
        args.push(this.SUBRULE(this.arg));
        this.MANY(() => {
          this.CONSUME(T.Comma);
          if (this.LA(1).tokenType === T.RParen) return; // trailing comma
          args.push(this.SUBRULE2(this.arg));
        });
      });
      const close = this.want(1, T.RParen, () => this.closeMessage(')', `the call of '${id.image}'`, 'an argument'));
      call = { args, close };
    });
    return this.ACTION((): Expr =>
      call === undefined
        ? { kind: 'name', name: id.image, span: tokenSpan(id) }
        : { kind: 'call', callee: ident(id), args: call.args, span: join(tokenSpan(id), tokenSpan(call.close)) },
    );
  });

  /** A positional argument, or `key = value` where the key may be a keyword (`input = ...`). */
  private arg = this.RULE('arg', (): Arg => {
    let key = undefined as IToken | undefined;
    this.OPTION(() => {
      key = this.CONSUME(T.Name);
      this.CONSUME(T.Equals);
    });
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({
      name: key === undefined ? null : ident(key),
      value,
      span: key === undefined ? value.span : join(tokenSpan(key), value.span),
    }));
  });

  /** Parentheses make no node of their own; the inner node's span is widened to cover them. */
  private parenExpr = this.RULE('parenExpr', (): Expr => {
    const open = this.CONSUME(T.LParen);
    const inner = this.SUBRULE(this.expression);
    const close = this.want(1, T.RParen, () => "expected ')' to close '('");
    return this.ACTION((): Expr => ({ ...inner, span: join(tokenSpan(open), tokenSpan(close)) }));
  });

  private listExpr = this.RULE('listExpr', (): Expr => {
    const open = this.CONSUME(T.LBracket);
    const items: Expr[] = [];
    this.OPTION(() => {
      items.push(this.SUBRULE(this.expression));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        if (this.LA(1).tokenType === T.RBracket) return; // trailing comma
        items.push(this.SUBRULE2(this.expression));
      });
    });
    const close = this.want(1, T.RBracket, () => this.closeMessage(']', 'the list', 'a value'));
    return this.ACTION((): Expr => ({ kind: 'list', items, span: join(tokenSpan(open), tokenSpan(close)) }));
  });

  // ---- helpers: consuming with messages, statement loops, resynchronization ---------------------

  /** CONSUME that, on a mismatch, reports `message()` (built only then) plus what was found. */
  private want(idx: number, type: TokenType, message: () => string, hint?: (t: IToken) => string | undefined): IToken {
    if (!this.RECORDING_PHASE) {
      const t = this.LA(1);
      if (!tokenMatcher(t, type)) this.fail(t, message() + foundSuffix(t, this.LA(0)), hint?.(t));
    }
    return this.consume(idx, type);
  }

  /** Records an error at `at` (or just after the previous token, if `at` is on a later line) and unwinds. */
  private fail(at: IToken, message: string, hint?: string): never {
    this.report(problemSpan(at, this.LA(0), this.lastReal()), message, hint);
    throw new SyntaxStop(message);
  }

  private report(span: Span, message: string, hint?: string): void {
    this.diags.push(hint === undefined ? { severity: 'error', message, span } : { severity: 'error', message, span, hint });
  }

  /** Turns an error from a failed statement into a diagnostic (ours are already recorded). */
  private recover(e: unknown): void {
    if (e instanceof SyntaxStop) return;
    if (e instanceof Error && isRecognitionException(e)) {
      const r = e as IRecognitionException & { previousToken?: IToken };
      this.report(problemSpan(r.token, r.previousToken ?? this.LA(0), this.lastReal()), r.message);
      return;
    }
    throw e;
  }

  /** The last token before the current position that is not a newline. */
  private lastReal(): IToken | undefined {
    for (let k = 0; ; k--) {
      const t = this.LA(k);
      if (t.tokenType === EOF) return undefined;
      if (t.tokenType !== T.Newline) return t;
    }
  }

  /** The body of a block: items separated by newlines or ';', up to the closing '}'. */
  private items<I>(parseItem: () => I, forgotClose: () => boolean): I[] {
    const out: I[] = [];
    if (this.RECORDING_PHASE) {
      parseItem();
      return out;
    }
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === T.Newline || type === T.Semi) {
        this.SKIP_TOKEN();
        continue;
      }
      // `model`/`train` inside a block: its '}' is missing; let the caller report that.
      if (type === T.RCurly || type === EOF || this.atBlockKeyword() || forgotClose()) return out;
      try {
        out.push(parseItem());
        this.endOfStatement();
      } catch (e) {
        this.recover(e);
        this.skipStatement();
      }
    }
  }

  /**
   * `model` or `train` starting a new block: at the start of a line (or after ';'), and not a key
   * as in `model = ...`. Seen inside a block, it means that block's '}' is missing.
   */
  private atBlockKeyword(): boolean {
    const type = this.LA(1).tokenType;
    return (type === T.Model || type === T.Train) && this.LA(2).tokenType !== T.Equals && this.atLineStart();
  }

  private atLineStart(): boolean {
    const prev = this.LA(0).tokenType;
    return prev === T.Newline || prev === T.Semi || prev === EOF;
  }

  private atStatementEnd(): boolean {
    const type = this.LA(1).tokenType;
    return type === T.Newline || type === T.Semi || type === T.RCurly || type === EOF;
  }

  private endOfStatement(): void {
    if (this.atStatementEnd()) return;
    const t = this.LA(1);
    if (t.tokenType === T.RParen || t.tokenType === T.RBracket) {
      this.fail(t, `unexpected ${describe(t)}`, `there is no open '${t.tokenType === T.RParen ? '(' : '['}' for it to close`);
    }
    this.fail(t, `expected a new line or ';' before ${describe(t)}`);
  }

  /**
   * After an error in a statement: skip to its end, a newline or ';' outside nested braces, or the
   * '}' that closes the block. A '}' with more of the line after it is taken as a stray one and
   * skipped, so that it does not close the block early and turn every later line into an error.
   */
  private skipStatement(): void {
    let depth = 0;
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === EOF || this.atBlockKeyword()) return;
      if (depth === 0 && (type === T.Newline || type === T.Semi)) return;
      if (depth === 0 && type === T.RCurly && (this.atLineStart() || ENDS_AFTER_CLOSE.includes(this.LA(2).tokenType))) return;
      if (type === T.LCurly) depth++;
      else if (type === T.RCurly && depth > 0) depth--;
      this.SKIP_TOKEN();
    }
  }

  /** After an error at the top level: skip to the next line that starts with `model`, `train` or `version`, outside braces. */
  private skipToBlock(failedAt: IToken): void {
    if (this.LA(1) === failedAt) this.SKIP_TOKEN(); // always make progress
    let depth = 0;
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === EOF) return;
      if (depth === 0 && (type === T.Model || type === T.Train || type === T.Version) && this.atLineStart()) return;
      if (type === T.LCurly) depth++;
      else if (type === T.RCurly && depth > 0) depth--;
      this.SKIP_TOKEN();
    }
  }

  /** Allows `model xor` / `{` on separate lines: skips newlines only when a '{' follows them. */
  private newlinesBeforeBrace(): void {
    if (this.RECORDING_PHASE || this.LA(1).tokenType !== T.Newline) return;
    let k = 1;
    while (this.LA(k).tokenType === T.Newline) k++;
    if (this.LA(k).tokenType === T.LCurly) for (; k > 1; k--) this.SKIP_TOKEN();
  }

  /** The message for a missing closing bracket, depending on what came instead. */
  private closeMessage(close: string, what: string, item: string): string {
    const t = this.LA(1);
    const prev = this.LA(0);
    if (!showAtActual(t, prev) || t.tokenType === T.RCurly) return `expected '${close}' to close ${what}`;
    const p = prev.tokenType;
    if (p === T.LParen || p === T.LBracket || p === T.Comma) return `expected ${item} or '${close}' after ${describe(prev)}`;
    return `expected ',' or '${close}' in ${what}`;
  }
}

/** The one parser instance: building it (grammar recording, self-analysis) is the costly part. */
const parser = new NnParser();

/** Parses a token vector from `tokenize`; never throws for a malformed input. */
export function parseTokens(tokens: IToken[]): ParseResult {
  return parser.run(tokens);
}
