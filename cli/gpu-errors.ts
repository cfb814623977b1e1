// GPU faults a user can act on (a lost device, a model beyond the adapter's limits, the device out
// of memory) become one `nnc: error:` line and exit status 1, not an internal-error stack.
import { DeviceLostError } from '../runtime/gpu-engine.js';
import { UsageError } from './args.js';

const LIMITS = /more than this device('s)? (allows|max)|maxStorageBuffersPerShaderStage|maxComputeWorkgroupStorageSize|workgroup storage|larger than the maximum|exceeds? (the )?(maximum|limit)|out of memory|out-of-memory|OutOfMemory|allocation failed/i;

/** One line: the first line of `msg` and any indented detail lines, joined with '; '. */
function oneLine(msg: string): string {
  return msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .reduce((acc, l) => (acc === '' ? l : `${acc}${acc.endsWith(':') ? ' ' : '; '}${l}`), '');
}

/** The UsageError for `e` when it is a device fault, else null (a real bug stays an internal error). */
export function gpuFault(e: unknown, doing: string, hint = ''): UsageError | null {
  if (e instanceof UsageError) return null;
  if (e instanceof DeviceLostError) {
    const what = e.reason === 'destroyed' ? 'destroyed' : 'lost';
    return new UsageError(`the GPU device was ${what} ${doing}${e.reason !== 'destroyed' && e.detail ? ` (${e.detail})` : ''}${hint}`);
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (LIMITS.test(msg)) {
    return new UsageError(`the model does not fit this GPU ${doing}: ${oneLine(msg)}; try a smaller batch or model, or --backend cpu${hint}`);
  }
  return null;
}
