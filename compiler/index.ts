// The package's main entry (`nnc`): the compiler's public API. Apps that only run compiled models
// import `nnc/runtime` instead, which carries no compiler.
export type { FileAst, SourceFile, Span } from './syntax/ast.js';
export { CompileError, renderDiagnostic, type Diagnostic } from './syntax/diagnostics.js';
export { parseFile, parseSource } from './syntax/parse.js';
export { checkFile, pickModel, type CheckedFile } from './check/check-file.js';
export type { CheckedModel, ParamInfo, LayerInfo } from './check/model-types.js';
export type { TrainConfig } from './check/train-types.js';
export { initialWeights } from './check/init-weights.js';
export { printGraph } from './ir/printer.js';
export { generate, generateModule, type ModuleGraphs, type ProgramGraph } from './codegen/codegen.js';
export { buildTrainingModule, lossAndGradients } from './training/train-graph.js';
export { gradients } from './autodiff/autodiff.js';
export { evaluate, type Precision } from './interp/interpreter.js';
export { InterpEngine } from './interp/train-engine.js';
export type { CompiledModule } from '../runtime/program.js';
