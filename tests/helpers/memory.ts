/** Memory as the reliability tests weigh it: after full garbage collections, so only what is kept is counted. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The tests run without --expose-gc; this is V8's documented way to get `gc` from inside.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** process.memoryUsage() after two full collections (the second frees what the first's finalizers released). */
export function memoryAfterGc(): NodeJS.MemoryUsage {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage();
}
