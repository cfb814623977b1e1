// Tokens of the `.nn` language (DSL.md section 1) and the lexer that produces them.
// The lexer is built once at module load; `tokenize` adds the language's own rules on top of
// chevrotain's output: newlines inside ( ) and [ ] are dropped, strings are decoded into the
// token's payload, and every lexical problem becomes a located Diagnostic.
import { createToken, createTokenInstance, Lexer, type IToken, type TokenType } from 'chevrotain';
import { spanAt, type Diagnostic } from './diagnostics.js';
import { tokenSpan } from './spans.js';

/** Anything that can stand where a key is expected: an identifier or a keyword (`input = ...`). */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Ident = createToken({
  name: 'Ident',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name],
  label: 'a name',
});

// `longer_alt` makes `inputs` or `output_layer` lex as one identifier, not keyword + rest.
function keyword(word: string): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Ident,
    categories: [Name],
    label: `'${word}'`,
  });
}
export const Version = keyword('version');
export const Model = keyword('model');
export const Train = keyword('train');
export const Input = keyword('input');
export const Param = keyword('param');
export const Output = keyword('output');
export const Layers = keyword('layers');
export const True = keyword('true');
export const False = keyword('false');
export const KEYWORDS: readonly TokenType[] = [Version, Model, Train, Input, Param, Output, Layers, True, False];

export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'a new line' });
// A byte-order mark and no-break spaces (pasted from documents) are whitespace too.
const Spaces = createToken({ name: 'Spaces', pattern: /[ \t\r\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED, line_breaks: false });
const Comment = createToken({
  name: 'Comment',
  pattern: /(?:#|\/\/)[^\n]*/,
  group: Lexer.SKIPPED,
  line_breaks: false,
  start_chars_hint: ['#', '/'],
});
// Unary minus is an operator, so numbers are unsigned here.
export const NumberLit = createToken({
  name: 'NumberLit',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});
export const StringLit = createToken({
  name: 'StringLit',
  pattern: /"(?:[^"\\\n]|\\.)*"/,
  line_breaks: false,
  start_chars_hint: ['"'],
  label: 'a string',
});
// Tried after StringLit: a string that reaches the end of the line without its closing quote.
const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n]|\\.)*\\?/,
  line_breaks: false,
  start_chars_hint: ['"'],
});

function punct(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'` });
}
export const Pipe = punct('Pipe', '|>');
export const Plus = punct('Plus', '+');
export const Minus = punct('Minus', '-');
export const Star = punct('Star', '*');
export const Slash = punct('Slash', '/');
export const At = punct('At', '@');
export const Caret = punct('Caret', '^');
export const Equals = punct('Equals', '=');
export const Colon = punct('Colon', ':');
export const Comma = punct('Comma', ',');
export const Semi = punct('Semi', ';');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LCurly = punct('LCurly', '{');
export const RCurly = punct('RCurly', '}');

/** Every token type, in lexing priority order (keywords before Ident, comments before '/'). */
export const ALL_TOKENS: readonly TokenType[] = [
  Newline, Spaces, Comment, NumberLit, StringLit, UnterminatedString,
  ...KEYWORDS, Ident, Name,
  Pipe, Plus, Minus, Star, Slash, At, Caret, Equals, Colon, Comma, Semi,
  LParen, RParen, LBracket, RBracket, LCurly, RCurly,
];

// Only '\n' ends a line, matching how diagnostics count lines ('\r' is plain whitespace).
const lexer = new Lexer([...ALL_TOKENS], {
  positionTracking: 'full',
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ['\n'],
  ensureOptimizations: true,
});

export interface Lexed {
  /** Tokens for the parser: comments and insignificant newlines removed. */
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function tokenize(text: string): Lexed {
  const diagnostics: Diagnostic[] = [];
  const result = lexer.tokenize(text);
  for (const e of result.errors) diagnostics.push(badCharacters(text, e.offset, e.length));
  const tokens: IToken[] = [];
  let depth = 0; // open ( and [ ; a newline inside them does not end a statement
  for (let t of result.tokens) {
    switch (t.tokenType) {
      case LParen:
      case LBracket:
        depth++;
        break;
      case RParen:
      case RBracket:
        if (depth > 0) depth--;
        break;
      case LCurly:
      case RCurly:
        depth = 0; // brackets never span blocks: an unclosed one must not swallow the rest of the file
        break;
      case Newline:
        if (depth > 0) continue;
        break;
      case NumberLit:
        t.payload = numberValue(t, diagnostics);
        break;
      case StringLit:
        t.payload = decodeString(t, t.image.slice(1, -1), diagnostics);
        break;
      case UnterminatedString:
        diagnostics.push(error(t, 'unterminated string', 'close it with \'"\' on the same line'));
        // Keep parsing as if it were closed, so one typo does not cascade into more errors.
        t = createTokenInstance(StringLit, t.image, t.startOffset, t.endOffset!, t.startLine!, t.endLine!, t.startColumn!, t.endColumn!);
        t.payload = decodeString(t, t.image.slice(1).replace(/\\$/, ''), diagnostics);
        break;
    }
    tokens.push(t);
  }
  return { tokens, diagnostics };
}

function error(t: IToken, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = { severity: 'error', message, span: tokenSpan(t) };
  return hint === undefined ? d : { ...d, hint };
}

function numberValue(t: IToken, diagnostics: Diagnostic[]): number {
  const value = Number(t.image);
  if (!Number.isFinite(value)) diagnostics.push(error(t, `number '${t.image}' is too large`));
  return value;
}

/** Resolves `\"` and `\\`; any other escape is reported (the language defines only these two). */
function decodeString(t: IToken, body: string, diagnostics: Diagnostic[]): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[i + 1];
    if (next === '"' || next === '\\') {
      out += next;
      i++;
    } else {
      const shown = next === undefined ? '\\' : `\\${next}`;
      diagnostics.push(
        error(t, `unknown escape '${shown}' in a string`, 'only \\" and \\\\ are escapes; write \\\\ for a backslash'),
      );
      if (next !== undefined) i++;
    }
  }
  return out;
}

/** chevrotain reports a run of characters no token matches; name them in the user's terms. */
function badCharacters(text: string, offset: number, length: number): Diagnostic {
  const chars = text.slice(offset, offset + length);
  const shown = [...chars].map((c) => (c < ' ' || c === '\u007f' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
  const message = [...chars].length === 1 ? `unexpected character '${shown}'` : `unexpected characters '${shown}'`;
  const span = spanAt(text, offset, offset + length);
  return chars.startsWith('|') ? { severity: 'error', message, span, hint: "the pipe operator is written '|>'" } : { severity: 'error', message, span };
}
