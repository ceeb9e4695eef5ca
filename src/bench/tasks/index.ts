/** Every built-in task by id: label, one-line description, size knob and generator. */
import type { TaskDef, TaskId } from '../types';
import { codeQaTask } from './codeQa';
import { jsonAggTask } from './jsonAgg';
import { multiHopTask } from './multiHop';
import { multiNeedleTask } from './multiNeedle';
import { niahTask } from './niah';
import { oolongTask } from './oolong';
import { oolongPairsTask } from './oolongPairs';
import { sniahTask } from './sniah';

export type BuiltinTaskId = Exclude<TaskId, 'custom'>;

export const TASKS: Record<BuiltinTaskId, TaskDef> = {
  niah: niahTask,
  sniah: sniahTask,
  'multi-needle': multiNeedleTask,
  oolong: oolongTask,
  'oolong-pairs': oolongPairsTask,
  'json-agg': jsonAggTask,
  'code-qa': codeQaTask,
  'multi-hop': multiHopTask,
};

export const TASK_IDS = Object.keys(TASKS) as BuiltinTaskId[];

export const isBuiltinTask = (id: string): id is BuiltinTaskId => Object.prototype.hasOwnProperty.call(TASKS, id);
