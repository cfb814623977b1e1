// Checking a whole file: every model and train block, all errors reported together.
import type { FileAst, SourceFile } from '../syntax/ast.js';
import { DiagnosticBag, didYouMean } from '../syntax/diagnostics.js';
import { parseFile } from '../syntax/parse.js';
import { checkModel, type TrainingOptions } from './model.js';
import type { CheckedModel, LowerMode } from './model-types.js';
import { checkTrain } from './train.js';
import type { TrainConfig } from './train-types.js';

export interface CheckedFile {
  readonly file: SourceFile;
  readonly ast: FileAst;
  readonly models: readonly CheckedModel[];
  readonly trains: ReadonlyMap<string, TrainConfig>;
}

/** Whether the model's train block reads `csv(..., normalize = true)`: its input is then standardized. */
function wantsNormalization(ast: FileAst, model: string): boolean {
  const t = ast.trains.find((x) => x.name.name === model);
  const data = t?.entries.find((e) => e.kind === 'set' && e.key.name === 'data');
  if (!data || data.kind !== 'set' || data.value.kind !== 'call' || data.value.callee.name !== 'csv') return false;
  return data.value.args.some((a) => a.name?.name === 'normalize' && a.value.kind === 'bool' && a.value.value);
}

/** Parses and checks `file`; throws CompileError with every error found. */
export function checkFile(file: SourceFile, mode: LowerMode = 'inference', opts?: TrainingOptions): CheckedFile {
  const ast = parseFile(file);
  const bag = new DiagnosticBag(file);
  if (ast.version && ast.version.value !== 1) {
    bag.error(ast.version.span, `this file is written for version ${ast.version.value} of the language; nnc reads version 1`);
  }
  const models: CheckedModel[] = [];
  const byName = new Map<string, CheckedModel | null>();
  for (const m of ast.models) {
    if (byName.has(m.name.name)) {
      const prev = ast.models.find((x) => x.name.name === m.name.name)!;
      bag.error(m.name.span, `a model named '${m.name.name}' is already defined at line ${prev.name.span.line}`);
      continue;
    }
    const normalize = wantsNormalization(ast, m.name.name);
    const checked = checkModel(m, bag, mode, { seed: opts?.seed ?? 0, normalize });
    byName.set(m.name.name, checked);
    if (checked) models.push(checked);
  }
  const trains = new Map<string, TrainConfig>();
  const seenTrain = new Set<string>();
  for (const t of ast.trains) {
    const name = t.name.name;
    if (!byName.has(name)) {
      bag.error(t.name.span, `train block for unknown model '${name}'`, didYouMean(name, byName.keys()));
      continue;
    }
    if (seenTrain.has(name)) {
      bag.error(t.name.span, `model '${name}' already has a train block`);
      continue;
    }
    seenTrain.add(name);
    const model = byName.get(name);
    if (!model) continue; // the model's own errors are already reported
    const cfg = checkTrain(t, model, bag);
    if (cfg) trains.set(name, cfg);
  }
  if (ast.models.length === 0 && !bag.hasErrors) {
    bag.error({ start: 0, end: 0, line: 1, col: 1, endLine: 1, endCol: 1 }, 'this file declares no model; start one with: model NAME { ... }');
  }
  bag.throwIfErrors();
  return { file, ast, models, trains };
}

/** The model named `name`, or the only/first model; throws a plain Error listing the names otherwise. */
export function pickModel(checked: CheckedFile, name?: string): CheckedModel {
  if (name === undefined) return checked.models[0]!;
  const m = checked.models.find((x) => x.name === name);
  if (!m) {
    const names = checked.models.map((x) => x.name);
    const hint = didYouMean(name, names);
    throw new Error(`${checked.file.path}: no model named '${name}'; it declares ${names.map((n) => `'${n}'`).join(', ')}${hint ? ` (${hint})` : ''}`);
  }
  return m;
}
