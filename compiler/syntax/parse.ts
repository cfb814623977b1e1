// Entry point of the front end: source text to AST, or a CompileError listing every syntax
// error found in one run (DSL.md section 7).
import type { FileAst, SourceFile } from './ast.js';
import { DiagnosticBag, spanAt } from './diagnostics.js';
import { tokenize } from './lexer.js';
import { parseTokens } from './parser.js';

export function parseFile(file: SourceFile): FileAst {
  const bag = new DiagnosticBag(file);
  const lexed = tokenize(file.text);
  let parsed;
  try {
    parsed = parseTokens(lexed.tokens);
  } catch (e) {
    // The parser bounds expression nesting, so this is a last resort against a stack overflow.
    if (!(e instanceof RangeError)) throw e;
    bag.error(spanAt(file.text, 0, 0), 'this file is nested too deeply to parse');
    bag.throwIfErrors();
    throw e;
  }
  for (const d of lexed.diagnostics) bag.items.push(d);
  // A bad character or string usually breaks its statement too; report only the lexical cause.
  const lexLines = new Set(lexed.diagnostics.map((d) => d.span.line));
  for (const d of parsed.diagnostics) if (!lexLines.has(d.span.line)) bag.items.push(d);
  bag.throwIfErrors();
  return parsed.ast;
}

export function parseSource(path: string, text: string): FileAst {
  return parseFile({ path, text });
}
