// Worker threads do not inherit tsx's loader: register it here, then load the TypeScript worker. tsx's CommonJS hooks
// run in this thread and compile the worker's modules to CommonJS; its ESM loader would start a thread of its own
// (measured: 0.2 s instead of 0.1 s to boot, and 15-20 MiB more resident memory). So the worker and
// the modules it imports must not use top-level await or import.meta, nor import packages that ship only ESM.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)('./csv-worker.ts');
