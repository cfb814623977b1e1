// Where a program's time goes: every kernel of one program dispatched alone (its own submits,
// best time per dispatch kept), on zero-filled buffers sized for the given symbol values.
// `node dist/bench/profile.js [--hidden 256] [--batch 128] [--program train_step] [--unfused]`.
import { createDevice } from '../runtime/device.js';
import { compileKernels, pick } from '../runtime/pipelines.js';
import { workgroupsFor } from '../runtime/dispatch.js';
import { sizeOf, type CompiledModule, type ProgramSpec } from '../runtime/program.js';
import { buildMlp, compileMlp } from './models.js';
import { bestOf, bestPerRun, timeDispatch, timeSubmit } from './micro.js';

export interface KernelTime {
  readonly name: string;
  readonly ms: number;
  readonly header: string;
}

export async function profileProgram(device: GPUDevice, mod: CompiledModule, program: keyof CompiledModule['programs'], bind: ReadonlyMap<string, number>, reps = 3): Promise<KernelTime[]> {
  const prog = mod.programs[program] as ProgramSpec;
  const kernels = await compileKernels(device, prog.steps.map((s) => mod.kernels[s]!));
  const buffers = new Map<string, GPUBuffer>();
  for (const b of mod.buffers) buffers.set(b.name, device.createBuffer({ size: Math.max(16, 4 * sizeOf(b.shape, bind)), usage: 0x80 | 0x8 | 0x4 }));
  const dims = device.createBuffer({ size: Math.max(16, Math.ceil((mod.symbols.length * 4) / 16) * 16), usage: 0x40 | 0x8 });
  device.queue.writeBuffer(dims, 0, Uint32Array.from(mod.symbols, (s) => bind.get(s) ?? 0));
  const out: KernelTime[] = [];
  try {
    for (const k of kernels) {
      const group = device.createBindGroup({
        layout: k.layout,
        entries: [{ binding: 0, resource: { buffer: dims } }, ...k.spec.bindings.map((b, i) => ({ binding: i + 1, resource: { buffer: buffers.get(b.buffer)! } }))],
      });
      const form = pick(k, bind); // the variant a run at this batch size uses
      const wg = workgroupsFor(form.dispatch, bind, device.limits.maxComputeWorkgroupsPerDimension);
      // A kernel with no work at this size is timed as an empty submit. On a fast GPU one dispatch
      // is shorter than a submit's round trip: repeated in one submit until that lasts ~10 ms.
      const best = wg ? await bestPerRun((times) => timeDispatch(device, form.pipeline, group, wg, times), reps, 10) : await bestOf(() => timeSubmit(device, () => undefined), reps, false);
      out.push({ name: k.spec.name, ms: best, header: k.spec.wgsl.split('\n')[0]! });
    }
  } finally {
    for (const b of buffers.values()) b.destroy();
    dims.destroy();
  }
  return out;
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1]! : dflt;
  };
  const hidden = Number(arg('--hidden', '256'));
  const batch = Number(arg('--batch', '128'));
  const program = arg('--program', 'train_step') as keyof CompiledModule['programs'];
  const mod = compileMlp(buildMlp(hidden, batch), { fuse: !process.argv.includes('--unfused') });
  const opened = await createDevice();
  try {
    const times = await profileProgram(opened.device, mod, program, new Map([['N', batch]]));
    const total = times.reduce((a, t) => a + t.ms, 0);
    console.log(`${opened.adapterName}: ${program} of MLP 784-${hidden}-${hidden}-10 at batch ${batch}: ${times.length} kernels, ${total.toFixed(2)} ms summed (each timed alone)`);
    for (const t of [...times].sort((a, b) => b.ms - a.ms)) console.log(`${t.ms.toFixed(3).padStart(9)} ms  ${t.name.padEnd(36)} ${t.header}`);
  } finally {
    opened.destroy();
  }
}

if (process.argv[1]?.endsWith('profile.js')) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
