/**
 * The built-in tasks' ids and size knobs, apart from their generators: the store and the URL reader need these at
 * page load, and the generators (several kB each) load only with the benchmark.
 */
import type { TaskId } from '../types';

export type BuiltinTaskId = Exclude<TaskId, 'custom'>;

/** Which size a task's column uses: NIAH counts lines (the seed's `--lines`), the others characters. */
export const TASK_SIZE = {
  niah: 'lines',
  sniah: 'chars',
  'multi-needle': 'chars',
  oolong: 'chars',
  'oolong-pairs': 'chars',
  'json-agg': 'chars',
  'code-qa': 'chars',
  'multi-hop': 'chars',
} as const satisfies Record<BuiltinTaskId, 'lines' | 'chars'>;

export const TASK_IDS = Object.keys(TASK_SIZE) as BuiltinTaskId[];

export const isBuiltinTask = (id: string): id is BuiltinTaskId => Object.prototype.hasOwnProperty.call(TASK_SIZE, id);
