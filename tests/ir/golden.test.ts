// Golden files for the IR printer and the generated WGSL of the examples: a change in lowering or
// codegen shows up in review as a diff of these files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { generate, generateModule } from '../../compiler/codegen/codegen.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import { printGraph } from '../../compiler/ir/printer.js';
import type { KernelSpec, VariantCondition } from '../../runtime/program.js';
import { root } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { build } from '../training/engines.js';

const dir = join(root, 'dsl-examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.nn')).sort();

/** A kernel's WGSL and then each of its variants' (a change in any form shows in review). */
function withVariants(k: KernelSpec): string {
  const label = (w: VariantCondition) => ('gpu' in w ? `hardware GPUs${w.dim ? `, ${w.dim} <= ${w.atMost}` : ''}` : 'subgroupSize' in w ? `subgroups of ${w.subgroupSize}${w.dim ? `, ${w.dim} <= ${w.atMost}` : ''}` : `${w.dim} <= ${w.atMost}`);
  return [`// ===== ${k.name} =====\n${k.wgsl}`, ...(k.variants ?? []).map((v) => `// ===== ${k.name}, variant for ${label(v.when)} =====\n${v.wgsl}`)].join('\n');
}

describe('golden IR and WGSL of the examples', () => {
  for (const f of files) {
    const base = f.replace(/\.nn$/, '');
    it(`${f}: forward IR`, () => {
      const checked = checkFile({ path: f, text: readFileSync(join(dir, f), 'utf8') });
      expectGolden(`ir/${base}.ir`, checked.models.map((m) => `# model ${m.name}\n${printGraph(m.outputs)}`).join('\n'));
    });
    it(`${f}: forward WGSL`, () => {
      const checked = checkFile({ path: f, text: readFileSync(join(dir, f), 'utf8') });
      const mod = generate({ outputs: checked.models[0]!.outputs });
      expectGolden(`wgsl/${base}.wgsl`, mod.kernels.map(withVariants).join('\n'));
    });
  }
  // One training step in full: fused BatchNorm statistics, backward and optimizer kernels.
  it('batchnorm_classifier.nn: training step WGSL', () => {
    const f = 'batchnorm_classifier.nn';
    const b = build(readFileSync(join(dir, f), 'utf8'), 1, join(dir, f));
    const mod = generateModule(b.graphs);
    const steps = mod.programs.train_step!.steps.map((i) => mod.kernels[i]!);
    expectGolden('wgsl/batchnorm_classifier.train_step.wgsl', steps.map(withVariants).join('\n'));
  });
  // A softmax classifier's head: the training step's kernel with the softmax, its gradient and
  // softmax_ce in the matmul's epilogue, and the evaluate program (loss and accuracy per batch).
  it('digits.nn: classifier head of the training step, and the evaluate program, WGSL', () => {
    const f = 'digits.nn';
    const b = build(readFileSync(join(dir, f), 'utf8'), 1, join(dir, f));
    const mod = generateModule(b.graphs);
    const head = mod.programs.train_step!.steps.map((i) => mod.kernels[i]!).filter((k) => /= softmax(_ce)?\(/.test(k.wgsl.split('struct Dims')[0]!));
    const evaluate = mod.programs.evaluate!.steps.map((i) => mod.kernels[i]!);
    expectGolden('wgsl/digits.classifier.wgsl', [...head, ...evaluate].map(withVariants).join('\n'));
  });
  // The tiled GPU forms: the benchmark's 4096³ matmul (64 x 128 blocks), and a batch by a
  // transposed 1024 x 1024 weight with a bias and relu (32 x 64 blocks past 256 rows).
  it('tiled matmuls WGSL', () => {
    const g = newGraph();
    const leaf = (name: string, shape: (number | string)[]) => g.leaf('input', { name }, { shape, dtype: 'f32' });
    const big = g.node('matmul', [leaf('a', [4096, 4096]), leaf('b', [4096, 4096])], {});
    const w = g.node('transpose', [leaf('w', [1024, 1024])], { perm: [1, 0] });
    const y = g.node('relu', [g.node('add', [g.node('matmul', [leaf('x', ['N', 1024]), w], {}), leaf('bias', [1024])], {})], {});
    const mod = generate({ outputs: [{ name: 'big', node: big }, { name: 'y', node: y }] });
    expectGolden('wgsl/tiled-matmuls.wgsl', mod.kernels.map(withVariants).join('\n'));
  });
});
