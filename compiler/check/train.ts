// Checking a train block against DSL.md section 5 and the model it trains.
import type { Arg, Expr, TrainDecl, TrainEntry } from '../syntax/ast.js';
import { closest, didYouMean, type DiagnosticBag } from '../syntax/diagnostics.js';
import { bindArgs, type ArgSpec, type BoundArgs } from './args.js';
import { describeExpr, tensorLiteral } from './literals.js';
import type { CheckedModel } from './model-types.js';
import { has, losses, metrics, optimizers, schedules, type LossName, type MetricName } from './registries.js';
import type { DataSource, EarlyStopping, OptimizerConfig, Schedule, TensorLiteral, TrainConfig, ValidateSource } from './train-types.js';

const keys = ['data', 'validate', 'test', 'loss', 'metrics', 'optimizer', 'batch', 'epochs', 'seed', 'shuffle', 'early_stopping', 'output'] as const;
const esSpecs: readonly ArgSpec[] = [
  { name: 'monitor', kind: 'string', default: 'val_loss' },
  { name: 'patience', kind: 'int', default: 0, check: (v) => (v >= 0 ? null : `'patience' must not be negative, found ${v}`) },
  { name: 'min_delta', kind: 'number', default: 0, check: (v) => (v >= 0 ? null : `'min_delta' must not be negative, found ${v}`) },
  { name: 'restore_best', kind: 'bool', default: false },
];
const csvSpecs: readonly ArgSpec[] = [
  { name: 'path', kind: 'string' },
  { name: 'target', kind: 'expr' },
  { name: 'features', kind: 'expr', optional: true },
  { name: 'normalize', kind: 'bool', default: false },
];

/** Keras's long names of the losses nnc spells short, for the hint. */
const lossAliases: Readonly<Record<string, string>> = { mean_squared_error: 'mse', mean_absolute_error: 'mae' };

function callOf(bag: DiagnosticBag, e: Expr, what: string, allowed: readonly string[]): (Expr & { kind: 'call' }) | null {
  if (e.kind === 'call') return e;
  if (e.kind === 'name') return { kind: 'call', callee: { name: e.name, span: e.span }, args: [], span: e.span };
  bag.error(e.span, `expected ${what} (${allowed.join(', ')}), found ${describeExpr(e)}`);
  return null;
}

function dataSource(bag: DiagnosticBag, e: Expr, model: CheckedModel, key: string): DataSource | null {
  const c = callOf(bag, e, `a data source for '${key}'`, ['inline(...)', 'csv(...)']);
  if (!c) return null;
  if (c.callee.name === 'csv') {
    const a = bindArgs(c.callee, 'csv', c.args, csvSpecs, bag);
    if (!a) return null;
    const t = a.get('target') as Expr;
    let target: string | number;
    if (t.kind === 'str') target = t.value;
    else if (t.kind === 'num' && Number.isInteger(t.value) && t.value >= 0) target = t.value;
    else {
      bag.error(t.span, `'target' must be a column name in quotes or a column index, found ${describeExpr(t)}`);
      return null;
    }
    let features: string[] | null = null;
    const f = a.get('features') as Expr | undefined;
    if (f) {
      if (f.kind !== 'list' || f.items.some((i) => i.kind !== 'str')) {
        bag.error(f.span, `'features' must be a list of column names in quotes, as in ["a", "b"]`);
        return null;
      }
      features = f.items.map((i) => (i as { value: string }).value);
    }
    return { kind: 'csv', path: a.get('path') as string, target, features, normalize: a.get('normalize') as boolean, span: c.span };
  }
  if (c.callee.name === 'split') {
    bag.error(c.callee.span, `split(...) takes a share of the training data for 'validate' only; '${key}' needs inline(...) or csv(...)`);
    return null;
  }
  if (c.callee.name !== 'inline') {
    bag.error(c.callee.span, `unknown data source '${c.callee.name}'; use inline(...) or csv(...)`, didYouMean(c.callee.name, ['inline', 'csv']));
    return null;
  }
  return inline(bag, c, model);
}

function inline(bag: DiagnosticBag, c: Expr & { kind: 'call' }, model: CheckedModel): DataSource | null {
  const input = model.inputs[0];
  const featureKeys = [...new Set(['x', ...(input ? [input.name] : [])])];
  let features: TensorLiteral | null = null;
  let targets: TensorLiteral | null = null;
  let ok = true;
  for (const a of c.args as Arg[]) {
    if (!a.name) {
      bag.error(a.span, `inline data takes named columns, as in inline(x = [[0, 1]], y = [[1]])`);
      ok = false;
      continue;
    }
    const lit = tensorLiteral(a.value);
    if ('bad' in lit) {
      bag.error(lit.bad.span, lit.why);
      ok = false;
      continue;
    }
    if (a.name.name === 'y') targets = lit;
    else if (featureKeys.includes(a.name.name)) features = lit;
    else {
      bag.error(a.name.span, `inline data has no column '${a.name.name}'; use ${featureKeys.map((k) => `'${k}'`).join(' or ')} for the input and 'y' for targets`, didYouMean(a.name.name, [...featureKeys, 'y']));
      ok = false;
    }
  }
  if (!ok) return null;
  for (const [col, lit] of [['input', features], ['y', targets]] as const) {
    if (lit && lit.shape.length === 0) {
      const arg = (c.args as Arg[]).find((a) => a.name && (col === 'y' ? a.name.name === 'y' : a.name.name !== 'y'))!;
      bag.error(arg.value.span, `inline '${arg.name!.name}' must be a list with one entry per row, as in ${arg.name!.name} = [[0, 1], [1, 0]]`);
      return null;
    }
  }
  if (!features || !targets) {
    bag.error(c.span, `inline data needs ${features ? '' : `the input column ('${featureKeys[featureKeys.length - 1]}')`}${!features && !targets ? ' and ' : ''}${targets ? '' : "the targets ('y')"}`);
    return null;
  }
  if (features.shape[0] !== targets.shape[0]) {
    bag.error(c.span, `inline data has ${features.shape[0]} input rows but ${targets.shape[0]} target rows`);
    return null;
  }
  if (input) {
    const want = input.shape.slice(1);
    const have = features.shape.slice(1);
    if (want.length !== have.length || want.some((d, i) => typeof d === 'number' && d !== have[i])) {
      bag.error(c.span, `each inline input row has shape [${have.join(', ')}] but input '${input.name}' expects rows of shape [${want.join(', ')}]`);
      return null;
    }
  }
  return { kind: 'inline', features, targets, span: c.span };
}

function schedule(bag: DiagnosticBag, v: number | Expr): Schedule | null {
  if (typeof v === 'number') return { kind: 'constant', lr: v };
  if (v.kind === 'num') {
    if (v.value <= 0) {
      bag.error(v.span, `'lr' must be greater than 0, found ${v.value}`);
      return null;
    }
    return { kind: 'constant', lr: v.value };
  }
  const c = callOf(bag, v, 'a learning rate or a schedule', Object.keys(schedules));
  if (!c) return null;
  const name = c.callee.name;
  if (!has(schedules, name)) {
    bag.error(c.callee.span, `unknown learning-rate schedule '${name}'`, didYouMean(name, Object.keys(schedules)));
    return null;
  }
  const a = bindArgs(c.callee, `schedule '${name}'`, c.args, schedules[name], bag);
  if (!a) return null;
  const n = (k: string) => a.get(k) as number;
  switch (name) {
    case 'linear_decay':
      return { kind: name, from: n('from'), to: n('to'), steps: n('steps') };
    case 'exponential_decay':
      return { kind: name, lr: n('lr'), rate: n('rate'), every: n('every') };
    case 'cosine_decay':
      return { kind: name, lr: n('lr'), steps: n('steps') };
  }
}

function optimizer(bag: DiagnosticBag, e: Expr): OptimizerConfig | null {
  const c = callOf(bag, e, 'an optimizer', Object.keys(optimizers));
  if (!c) return null;
  const name = c.callee.name;
  if (!has(optimizers, name)) {
    bag.error(c.callee.span, `unknown optimizer '${name}'`, didYouMean(name, Object.keys(optimizers)));
    return null;
  }
  const a: BoundArgs | null = bindArgs(c.callee, `optimizer '${name}'`, c.args, optimizers[name], bag);
  if (!a) return null;
  const lr = schedule(bag, a.get('lr') as number | Expr);
  if (!lr) return null;
  const n = (k: string) => a.get(k) as number;
  switch (name) {
    case 'sgd':
      return { kind: name, lr };
    case 'momentum':
      return { kind: name, lr, momentum: n('momentum') };
    case 'adagrad':
      return { kind: name, lr, epsilon: n('epsilon'), initialAccumulator: n('initial_accumulator') };
    case 'rmsprop':
      return { kind: name, lr, rho: n('rho'), epsilon: n('epsilon') };
    case 'adam':
      return { kind: name, lr, beta1: n('beta1'), beta2: n('beta2'), epsilon: n('epsilon') };
    case 'adamw':
      return { kind: name, lr, beta1: n('beta1'), beta2: n('beta2'), epsilon: n('epsilon'), weightDecay: n('weight_decay') };
  }
}

function int(bag: DiagnosticBag, e: Expr, key: string, min: number): number | null {
  if (e.kind !== 'num' || !Number.isInteger(e.value) || e.value < min) {
    bag.error(e.span, `'${key}' must be a whole number${min > 0 ? ` of at least ${min}` : min === 0 ? ' (0 or more)' : ''}, found ${e.kind === 'num' ? e.value : describeExpr(e)}`);
    return null;
  }
  return e.value;
}

export function checkTrain(decl: TrainDecl, model: CheckedModel, bag: DiagnosticBag): TrainConfig | null {
  const before = bag.items.length;
  const seen = new Map<string, TrainEntry>();
  const attempted = new Set<string>(); // keys written (perhaps wrongly or misspelled): no 'needs' error for them
  for (const entry of decl.entries) {
    const k = entry.key.name;
    if (!(keys as readonly string[]).includes(k)) {
      const near = closest(k, keys);
      if (near) attempted.add(near);
      bag.error(entry.key.span, `unknown train setting '${k}'`, didYouMean(k, keys));
      continue;
    }
    attempted.add(k);
    const prev = seen.get(k);
    if (prev) {
      bag.error(entry.key.span, `'${k}' is already set at line ${prev.span.line}`);
      continue;
    }
    if ((entry.kind === 'block') !== (k === 'early_stopping')) {
      bag.error(entry.key.span, k === 'early_stopping' ? `'early_stopping' takes a block: early_stopping { patience = 5 }` : `'${k}' takes a value: ${k} = ...`);
      continue;
    }
    seen.set(k, entry);
  }
  const value = (k: string): Expr | null => {
    const e = seen.get(k);
    return e && e.kind === 'set' ? e.value : null;
  };
  const need = (k: string): Expr | null => {
    const v = value(k);
    if (!v && !attempted.has(k)) bag.error(decl.name.span, `train block for '${decl.name.name}' needs '${k} = ...'`);
    return v;
  };

  const dataE = need('data');
  const data = dataE && dataSource(bag, dataE, model, 'data');
  let validate: ValidateSource | null = null;
  const vE = value('validate');
  if (vE) {
    if (vE.kind === 'call' && vE.callee.name === 'split') {
      const a = bindArgs(vE.callee, 'split', vE.args, [{ name: 'fraction', kind: 'number', check: (v) => (v > 0 && v < 1 ? null : `'fraction' must be between 0 and 1, found ${v}`) }], bag);
      if (a) validate = { kind: 'split', fraction: a.get('fraction') as number, span: vE.span };
    } else validate = dataSource(bag, vE, model, 'validate');
  }
  const tE = value('test');
  const test = tE && dataSource(bag, tE, model, 'test');

  const lossE = need('loss');
  let loss: LossName | null = null;
  if (lossE) {
    const name = lossE.kind === 'name' ? lossE.name : lossE.kind === 'str' ? lossE.value : null;
    if (name !== null && (losses as readonly string[]).includes(name)) loss = name as LossName;
    else {
      const alias = name === null ? undefined : lossAliases[name];
      const hint = alias ? `nnc calls it '${alias}'` : name === null ? undefined : didYouMean(name, losses);
      bag.error(lossE.span, name === null ? `expected a loss name (${losses.join(', ')})` : `unknown loss '${name}'`, hint);
    }
  }
  const ms: MetricName[] = [];
  const mE = value('metrics');
  if (mE) {
    for (const item of mE.kind === 'list' ? mE.items : [mE]) {
      const name = item.kind === 'name' ? item.name : item.kind === 'str' ? item.value : null;
      if (name !== null && (metrics as readonly string[]).includes(name)) ms.push(name as MetricName);
      else bag.error(item.span, name === null ? `expected a metric name (${metrics.join(', ')})` : `unknown metric '${name}'`, name === null ? undefined : didYouMean(name, metrics));
    }
  }
  const oE = need('optimizer');
  const opt = oE && optimizer(bag, oE);
  const bE = value('batch');
  const batch = bE ? int(bag, bE, 'batch', 1) : 32;
  const eE = value('epochs');
  const epochs = eE ? int(bag, eE, 'epochs', 1) : 1;
  const sE = value('seed');
  const seed = sE ? int(bag, sE, 'seed', 0) : 0;
  const shE = value('shuffle');
  let shuffle = true;
  if (shE) {
    if (shE.kind === 'bool') shuffle = shE.value;
    else bag.error(shE.span, `'shuffle' must be true or false, found ${describeExpr(shE)}`);
  }
  let earlyStopping: EarlyStopping | null = null;
  const es = seen.get('early_stopping');
  if (es && es.kind === 'block') {
    const args: Arg[] = [];
    for (const sub of es.entries) {
      if (sub.kind === 'block') bag.error(sub.key.span, `'${sub.key.name}' takes a value, not a block`);
      else args.push({ name: sub.key, value: sub.value, span: sub.span });
    }
    const a = bindArgs(es.key, 'early_stopping', args, esSpecs, bag);
    if (a) {
      const monitor = a.get('monitor') as string;
      earlyStopping = { monitor, patience: a.get('patience') as number, minDelta: a.get('min_delta') as number, restoreBest: a.get('restore_best') as boolean };
      const known = ['loss', 'val_loss', ...ms, ...ms.map((m) => `val_${m}`)];
      if (!known.includes(monitor)) {
        const arg = args.find((x) => x.name?.name === 'monitor');
        bag.error(arg?.value.span ?? es.key.span, `early_stopping cannot monitor '${monitor}'; this train block records ${known.join(', ')}`, didYouMean(monitor, known));
      }
      if (monitor.startsWith('val_') && !validate) {
        const explicit = args.some((x) => x.name?.name === 'monitor');
        bag.error(
          es.key.span,
          explicit
            ? `early_stopping monitors '${monitor}' but the train block has no 'validate' data`
            : `early_stopping monitors 'val_loss' by default, but the train block has no 'validate' data; add validate = split(0.2) or monitor = loss`,
        );
      }
    }
  }
  let output: string | null = null;
  const outE = value('output');
  if (outE) {
    const name = outE.kind === 'name' ? outE.name : outE.kind === 'str' ? outE.value : null;
    if (name !== null && model.outputs.some((o) => o.name === name)) output = name;
    else if (name === null) bag.error(outE.span, `'output' names an output of model '${model.name}' (${model.outputs.map((o) => `'${o.name}'`).join(', ')}), found ${describeExpr(outE)}`);
    else bag.error(outE.span, `model '${model.name}' has no output '${name}'`, didYouMean(name, model.outputs.map((o) => o.name)));
  }
  if (bag.items.length > before || !data || !loss || !opt || batch === null || epochs === null || seed === null) return null;
  return { model: model.name, span: decl.span, data, validate, test: test ?? null, loss, metrics: ms, optimizer: opt, batch, epochs, seed, shuffle, earlyStopping, output };
}
