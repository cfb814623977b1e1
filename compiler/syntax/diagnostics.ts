// Diagnostics: located, user-facing errors. Rendering follows DSL.md section 7:
// `file:line:col: error: message`, the source line, a caret under the place, and a hint.
import type { SourceFile, Span } from './ast.js';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly span: Span;
  /** Extra guidance, e.g. "did you mean 'relu'?" */
  readonly hint?: string;
}

/** Thrown by the compiler for a user's mistake; the CLI prints the diagnostics, never a stack. */
export class CompileError extends Error {
  constructor(
    readonly file: SourceFile,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(diagnostics.map((d) => renderDiagnostic(file, d)).join('\n'));
    this.name = 'CompileError';
  }
}

/** Collects diagnostics for one file so a stage can report several errors in one run. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  constructor(readonly file: SourceFile) {}
  error(span: Span, message: string, hint?: string): void {
    this.items.push(hint === undefined ? { severity: 'error', message, span } : { severity: 'error', message, span, hint });
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
  /** Throws a CompileError holding every error so far (sorted by position), if there is any. */
  throwIfErrors(): void {
    if (this.hasErrors) {
      const sorted = [...this.items].sort((a, b) => a.span.start - b.span.start);
      throw new CompileError(this.file, sorted);
    }
  }
}

/** The span covering [start, end) of `text`, with line/column computed from the offsets. */
export function spanAt(text: string, start: number, end: number): Span {
  const a = lineCol(text, start);
  const b = lineCol(text, Math.max(start, end));
  return { start, end: Math.max(start, end), line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

export function renderDiagnostic(file: SourceFile, d: Diagnostic): string {
  const { line, col } = d.span;
  const lines = file.text.split('\n');
  const src = (lines[line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
  const width = d.span.endLine === line ? Math.max(1, d.span.endCol - col) : Math.max(1, src.length - col + 1);
  const gutter = String(line).length;
  const pad = ' '.repeat(gutter);
  const out = [
    `${file.path}:${line}:${col}: ${d.severity}: ${d.message}`,
    `${pad} |`,
    `${line} | ${src}`,
    `${pad} | ${' '.repeat(col - 1)}${'^'.repeat(width)}`,
  ];
  if (d.hint) out.push(`${pad} = hint: ${d.hint}`);
  return out.join('\n');
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), for "did you mean"
 * suggestions: a swapped pair ('sdg' for 'sgd') is one typo, not two.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** The closest candidate to `name`, if it is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(name.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c === undefined ? undefined : `did you mean '${c}'?`;
}
