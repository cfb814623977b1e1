// How syntax errors are worded and where their caret goes. chevrotain's own texts ("Expecting
// token of type --> RParen <--") never reach a user: the parser supplies its own messages, and
// this provider words the few that chevrotain raises by itself (no alternative of an OR fits).
import { EOF, tokenLabel, type IParserErrorMessageProvider, type IToken } from 'chevrotain';
import type { Span } from './ast.js';
import { LCurly, Newline, Semi, StringLit } from './lexer.js';
import { pointAfter, tokenSpan } from './spans.js';

/** A token as a user would name it: `'foo'`, `"a string"`, `the end of the line`. */
export function describe(t: IToken): string {
  if (t.tokenType === EOF) return 'the end of the file';
  if (t.tokenType === Newline) return 'the end of the line';
  const text = t.image.length > 30 ? `${t.image.slice(0, 27)}...` : t.image;
  return t.tokenType === StringLit ? text : `'${text}'`;
}

function startsStatement(t: IToken | undefined): boolean {
  return t === undefined || t.tokenType === EOF || t.tokenType === Newline || t.tokenType === Semi || t.tokenType === LCurly;
}

/**
 * Whether a problem found at `actual` (just after `previous`) is best shown at `actual` itself.
 * Otherwise something is missing at the end of the previous token: the line ended (or, inside
 * brackets, the expression went on to another line) before the expected token came.
 */
export function showAtActual(actual: IToken, previous: IToken | undefined): boolean {
  if (actual.tokenType === EOF || actual.tokenType === Newline) return false;
  if (startsStatement(previous)) return true;
  return actual.startLine! <= previous!.endLine!;
}

/** `, found 'x'` when the caret is on `x`; nothing when it points past the end of a line. */
export function foundSuffix(actual: IToken, previous: IToken | undefined): string {
  return showAtActual(actual, previous) ? `, found ${describe(actual)}` : '';
}

/** Where the caret goes. `lastReal` is the last token before `actual` that is not a newline. */
export function problemSpan(actual: IToken, previous: IToken | undefined, lastReal: IToken | undefined): Span {
  if (showAtActual(actual, previous)) return tokenSpan(actual);
  if (lastReal !== undefined) return pointAfter(lastReal);
  return { start: 0, end: 0, line: 1, col: 1, endLine: 1, endCol: 1 };
}

function after(previous: IToken): string {
  return startsStatement(previous) ? '' : ` after ${describe(previous)}`;
}

/** Words the errors chevrotain raises itself; the rule name says what was being parsed. */
export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    return `expected ${tokenLabel(expected)}${after(previous)}${foundSuffix(actual, previous)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describe(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, previous, customUserDescription, ruleName }) {
    const a = actual[0]!;
    if (customUserDescription) return `${customUserDescription}${foundSuffix(a, previous)}`;
    switch (ruleName) {
      case 'primary':
        return `expected an expression${after(previous)}${foundSuffix(a, previous)}`;
      case 'dim':
        return `expected a dimension (a whole number or a name)${foundSuffix(a, previous)}`;
      case 'modelStmt':
        return `expected input, param, output, layers or 'name = value'${foundSuffix(a, previous)}`;
      default:
        return `unexpected ${describe(a)}`;
    }
  },
  buildEarlyExitMessage({ actual, previous, customUserDescription }) {
    return `expected ${customUserDescription ?? 'more'}${foundSuffix(actual[0]!, previous)}`;
  },
};
