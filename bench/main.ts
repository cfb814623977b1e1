// `npm run bench`: prints the figures; `npm run bench -- --json` prints them as one JSON object.
import { join } from 'node:path';
import { measureCheckSpeed } from './check-speed.js';

const root = join(import.meta.dirname, '..', '..');
const json = process.argv.includes('--json');

const speed = measureCheckSpeed(root, [
  'dsl-examples/xor.nn',
  'dsl-examples/batchnorm_classifier.nn',
  'dsl-examples/regression_dropout.nn',
]);

if (json) {
  console.log(JSON.stringify({ check_speed: speed }, null, 2));
} else {
  console.log('parse + check, warm (median of 200 runs):');
  for (const s of speed) {
    console.log(`  ${s.file.padEnd(40)} parse ${s.parse_ms.toFixed(3)} ms, parse+check+lower ${s.check_ms.toFixed(3)} ms`);
  }
}
