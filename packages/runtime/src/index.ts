export { createRuntime, exitOnSignal, type Runtime, type RuntimeOptions } from './runtime.js';
