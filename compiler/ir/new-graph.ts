// A graph whose shape rules come from the op table.
import { Graph } from './graph.js';
import { shapeRule } from './ops/index.js';

export function newGraph(): Graph {
  return new Graph(shapeRule);
}
