// Spans from chevrotain tokens. chevrotain's columns are 1-based and its end positions inclusive;
// a Span's end is one past the last character, so the conversion lives here, in one place.
import type { IToken } from 'chevrotain';
import type { Span } from './ast.js';

export function tokenSpan(t: IToken): Span {
  return {
    start: t.startOffset,
    end: t.endOffset! + 1,
    line: t.startLine!,
    col: t.startColumn!,
    endLine: t.endLine!,
    endCol: t.endColumn! + 1,
  };
}

/** The empty span just after `t`: where a missing token at the end of a line belongs. */
export function pointAfter(t: IToken): Span {
  const at = t.endOffset! + 1;
  return { start: at, end: at, line: t.endLine!, col: t.endColumn! + 1, endLine: t.endLine!, endCol: t.endColumn! + 1 };
}

/** The span from the start of `a` to the end of `b`. */
export function join(a: Span, b: Span): Span {
  return { start: a.start, line: a.line, col: a.col, end: b.end, endLine: b.endLine, endCol: b.endCol };
}
