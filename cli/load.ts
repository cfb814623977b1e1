// Reading and checking a `.nn` file for a command; a missing file is a one-line error.
import { readFileSync } from 'node:fs';
import { checkFile, pickModel, type CheckedFile } from '../compiler/check/check-file.js';
import type { CheckedModel, LowerMode } from '../compiler/check/model-types.js';
import type { TrainingOptions } from '../compiler/check/model.js';
import { UsageError } from './args.js';

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
  }
}

export function loadFile(path: string | undefined, mode: LowerMode = 'inference', opts?: TrainingOptions): CheckedFile {
  if (!path) throw new UsageError('which model file? give the path of a .nn file');
  return checkFile({ path, text: readText(path, 'model file') }, mode, opts);
}

export function loadModel(path: string | undefined, modelName: string | undefined, mode: LowerMode = 'inference'): { file: CheckedFile; model: CheckedModel } {
  const file = loadFile(path, mode);
  try {
    return { file, model: pickModel(file, modelName) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
