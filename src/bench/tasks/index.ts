/** Every built-in task by id: label, one-line description, size knob and generator. */
import type { TaskDef } from '../types';
import type { BuiltinTaskId } from './ids';
import { codeQaTask } from './codeQa';
import { jsonAggTask } from './jsonAgg';
import { multiHopTask } from './multiHop';
import { multiNeedleTask } from './multiNeedle';
import { niahTask } from './niah';
import { oolongTask } from './oolong';
import { oolongPairsTask } from './oolongPairs';
import { sniahTask } from './sniah';

export { TASK_IDS, TASK_SIZE, isBuiltinTask, type BuiltinTaskId } from './ids';

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

