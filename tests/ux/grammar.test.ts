// The TextMate grammar of editors/ (nn.tmLanguage.json, scope source.nn) against the language's
// own lexer: every example file is tokenized with the grammar (tests/ux/textmate.ts) and each
// token the compiler's lexer finds must carry the expected scope: comments, keywords, numbers,
// strings, booleans, operators, layer, activation and function names. The VS Code manifest must
// point at the grammar.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../compiler/syntax/lexer.js';
import { root } from '../helpers/cli.js';
import { describeLine, Tokenizer, type Grammar, type LineScopes } from './textmate.js';

const grammarPath = join(root, 'editors', 'nn.tmLanguage.json');
const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as Grammar;
const tm = new Tokenizer(grammar);

function nnFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'data' ? [] : nnFiles(p);
    return f.endsWith('.nn') ? [p] : [];
  });
}
const examples = [...nnFiles(join(root, 'dsl-examples')), join(root, 'examples', 'web', 'digits.nn')].sort();

/** Scopes by character offset in the whole text. */
function scopesByOffset(text: string): { at(offset: number): string[]; lines: LineScopes[] } {
  const lines = tm.tokenize(text);
  const starts: number[] = [];
  let o = 0;
  for (const l of text.split('\n')) {
    starts.push(o);
    o += l.length + 1;
  }
  return {
    lines,
    at(offset: number) {
      let line = starts.length - 1;
      while (starts[line]! > offset) line--;
      return lines[line]![offset - starts[line]!] ?? [];
    },
  };
}

/** What scope a token of the compiler's lexer must have (a prefix of the innermost one). */
function expectedScope(type: string, image: string, next: string, prev: string | undefined): RegExp | null {
  if (type === 'Ident' && (prev === 'Model' || prev === 'Train')) return /^entity\.name\.type\.model\.nn$/;
  switch (type) {
    case 'NumberLit':
      return /^constant\.numeric\.nn$/;
    case 'StringLit':
      return /^(string\.quoted\.double|punctuation\.definition\.string|constant\.character\.escape)/;
    case 'True':
    case 'False':
      return /^constant\.language\.boolean\.nn$/;
    case 'Version':
    case 'Model':
    case 'Train':
    case 'Input':
    case 'Param':
    case 'Output':
    case 'Layers':
      // A keyword used as a key (`inline(input = ...)`, `output = Dense(1)`) is a name, not a keyword.
      return /^=(?!=)/.test(next) ? /^variable\./ : /^keyword\.declaration\.nn$/;
    case 'Pipe':
      return /^keyword\.operator\.pipe\.nn$/;
    case 'At':
      return /^keyword\.operator\.matmul\.nn$/;
    case 'Plus':
    case 'Minus':
    case 'Star':
    case 'Slash':
    case 'Caret':
      return /^keyword\.operator\.arithmetic\.nn$/;
    case 'Ident':
      if (/^(Dense|BatchNorm|BatchNormalization|Dropout|Activation)$/.test(image)) return /^support\.class\.layer\.nn$/;
      if (/^(relu|leaky_relu|sigmoid|tanh|softmax)$/.test(image) && !/^=/.test(next)) return /^support\.function\.activation\.nn$/;
      if (/^(he_normal|glorot_uniform|zeros|random_normal)$/.test(image)) return /^support\.function\.initializer\.nn$/;
      if (/^(adam|sgd|rmsprop|adagrad)$/.test(image) && next.startsWith('(')) return /^support\.function\.optimizer\.nn$/;
      if (/^(csv|inline|split)$/.test(image)) return /^support\.function\.data\.nn$/;
      return /^(variable|entity|support|storage)\./;
    default:
      return null;
  }
}

describe('editors/nn.tmLanguage.json', () => {
  it('is a TextMate grammar for source.nn whose patterns all compile', () => {
    expect(grammar.scopeName).toBe('source.nn');
    expect((grammar as unknown as { fileTypes: string[] }).fileTypes).toContain('nn');
    expect(() => new Tokenizer(grammar).tokenize('model m { input x: [N, 2] }')).not.toThrow();
  });

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of examples) {
    it(`scopes every token of ${relative(root, file)} as the compiler's lexer reads it`, () => {
      const text = readFileSync(file, 'utf8');
      const { at, lines } = scopesByOffset(text);
      const textLines = text.split('\n');
      const lineOf = (offset: number): string => {
        const n = text.slice(0, offset).split('\n').length - 1;
        return `line ${n + 1}: ${textLines[n]}\n${describeLine(textLines[n]!, lines[n]!)}`;
      };
      const lexed = tokenize(text);
      expect(lexed.diagnostics).toEqual([]);
      const covered = new Uint8Array(text.length);
      lexed.tokens.forEach((t, k) => {
        for (let i = t.startOffset; i <= t.endOffset!; i++) covered[i] = 1;
        const want = expectedScope(t.tokenType.name, t.image, text.slice(t.endOffset! + 1).trimStart(), lexed.tokens[k - 1]?.tokenType.name);
        if (!want) return;
        for (let i = t.startOffset; i <= t.endOffset!; i++) {
          const inner = at(i).at(-1) ?? '';
          expect(inner, `'${t.image}' (${t.tokenType.name}) at ${lineOf(i)}`).toMatch(want);
        }
      });
      // What the lexer skipped is whitespace or a comment.
      for (let i = 0; i < text.length; i++) {
        if (covered[i] || /\s/.test(text[i]!)) continue;
        expect(at(i).join(' '), `comment text at ${lineOf(i)}`).toMatch(/comment\.line\.(number-sign|double-slash)\.nn/);
      }
    });
  }

  it('scopes the expression form: pipes, matmul, declarations, keywords as keys', () => {
    const text = [
      'version 1',
      'model residual {  // a residual block',
      '  input x: [N, 16]',
      '  param W: f32[16, 16] = random_normal(stddev = 0.05), l2 = 1e-4',
      '  h = x |> Dense(16, activation = relu) |> BatchNorm()',
      '  output y = h + (h @ W |> relu) * 0.5 ^ 2',
      '}',
      'train residual {',
      '  data = inline(input = [[1, 2]], y = [[0.5]]); loss = mse',
      '  optimizer = adam(lr = linear_decay(0.1, 0.01, 100))',
      '  early_stopping { monitor = "val_loss"; restore_best = true }',
      '}',
    ].join('\n');
    const lines = tm.tokenize(text);
    const textLines = text.split('\n');
    const scope = (line: number, needle: string, nth = 0): string => {
      let col = -1;
      for (let k = 0; k <= nth; k++) col = textLines[line]!.indexOf(needle, col + 1);
      expect(col, `'${needle}' on line ${line + 1}`).toBeGreaterThanOrEqual(0);
      return lines[line]![col]!.at(-1)!;
    };
    expect(scope(0, 'version')).toBe('keyword.declaration.nn');
    expect(scope(0, '1')).toBe('constant.numeric.nn');
    expect(scope(1, 'model')).toBe('keyword.declaration.nn');
    expect(scope(1, 'residual')).toBe('entity.name.type.model.nn');
    expect(scope(1, '//')).toBe('punctuation.definition.comment.nn');
    expect(scope(1, 'a residual')).toBe('comment.line.double-slash.nn');
    expect(scope(2, 'input')).toBe('keyword.declaration.nn');
    expect(scope(2, 'x')).toBe('variable.other.declaration.nn');
    expect(scope(2, ':')).toBe('punctuation.separator.type.nn');
    expect(scope(3, 'f32')).toBe('storage.type.nn');
    expect(scope(3, 'random_normal')).toBe('support.function.initializer.nn');
    expect(scope(3, 'stddev')).toBe('variable.parameter.nn');
    expect(scope(3, '1e-4')).toBe('constant.numeric.nn');
    expect(lines[3]![textLines[3]!.indexOf('1e-4') + 3]!.at(-1)).toBe('constant.numeric.nn'); // the exponent's digits too
    expect(scope(4, 'h')).toBe('variable.other.assignment.nn');
    expect(scope(4, '|>')).toBe('keyword.operator.pipe.nn');
    expect(scope(4, 'Dense')).toBe('support.class.layer.nn');
    expect(scope(4, 'activation')).toBe('variable.parameter.nn');
    expect(scope(4, 'relu')).toBe('support.function.activation.nn');
    expect(scope(4, 'BatchNorm')).toBe('support.class.layer.nn');
    expect(scope(5, 'output')).toBe('keyword.declaration.nn');
    expect(scope(5, '@')).toBe('keyword.operator.matmul.nn');
    expect(scope(5, '*')).toBe('keyword.operator.arithmetic.nn');
    expect(scope(5, '^')).toBe('keyword.operator.arithmetic.nn');
    expect(scope(5, '0.5')).toBe('constant.numeric.nn');
    expect(scope(7, 'train')).toBe('keyword.declaration.nn');
    expect(scope(8, 'data')).toBe('support.type.property-name.train.nn');
    expect(scope(8, 'inline')).toBe('support.function.data.nn');
    expect(scope(8, 'input')).toBe('variable.parameter.nn');
    expect(scope(8, 'loss')).toBe('support.type.property-name.train.nn');
    expect(scope(8, 'mse')).toBe('support.constant.loss.nn');
    expect(scope(9, 'adam')).toBe('support.function.optimizer.nn');
    expect(scope(9, 'linear_decay')).toBe('support.function.schedule.nn');
    expect(scope(10, 'early_stopping')).toBe('support.type.property-name.train.nn');
    expect(scope(10, 'monitor')).toBe('support.type.property-name.train.nn');
    expect(scope(10, 'val_loss')).toBe('string.quoted.double.nn');
    expect(scope(10, 'restore_best')).toBe('support.type.property-name.train.nn');
    expect(scope(10, 'true')).toBe('constant.language.boolean.nn');
  });

  it('keeps # inside a string out of comments, and ends an unterminated string at the line end', () => {
    const text = 'data = csv("a#b.csv", target = "y") # real comment\nx = "open\nmodel m {';
    const lines = tm.tokenize(text);
    const l0 = text.split('\n')[0]!;
    expect(lines[0]![l0.indexOf('#')]!.at(-1)).toBe('string.quoted.double.nn');
    expect(lines[0]![l0.indexOf('# real')]!.at(-1)).toBe('punctuation.definition.comment.nn');
    expect(lines[0]![l0.indexOf('real')]!.at(-1)).toBe('comment.line.number-sign.nn');
    expect(lines[2]![0]!.at(-1)).toBe('keyword.declaration.nn');
  });
});

describe('editors/vscode', () => {
  const dir = join(root, 'editors', 'vscode');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    engines: { vscode: string };
    contributes: { languages: { id: string; extensions: string[]; configuration?: string }[]; grammars: { language: string; scopeName: string; path: string }[] };
  };

  it('contributes the nn language and the grammar file', () => {
    expect(manifest.engines.vscode).toMatch(/^\^1\./);
    const lang = manifest.contributes.languages.find((l) => l.id === 'nn')!;
    expect(lang.extensions).toEqual(['.nn']);
    const g = manifest.contributes.grammars.find((x) => x.language === 'nn')!;
    expect(g.scopeName).toBe('source.nn');
    expect(resolve(dir, g.path)).toBe(grammarPath);
    if (lang.configuration) {
      const conf = JSON.parse(readFileSync(resolve(dir, lang.configuration), 'utf8')) as { comments: { lineComment: string } };
      expect(conf.comments.lineComment).toBe('#');
    }
    expect(existsSync(dirname(grammarPath))).toBe(true);
  });
});
