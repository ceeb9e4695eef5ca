/** minRLM's json_aggregation: `{"employees":[…]}` as compact JSON text; count or salary sum for one department and status. */
import { TASK_SIZE } from './ids';
import { intIn, pick } from '../rng';
import type { TaskDef } from '../types';
import { caseId, caseRng, sizeOf } from './common';

export const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support'] as const;
export const STATUSES = ['active', 'on_leave', 'terminated'] as const;

export const jsonCountQuestion = (dept: string, status: string) =>
  `How many employees in the '${dept}' department have the status '${status}'? Answer with a number.`;
export const jsonSumQuestion = (dept: string, status: string) =>
  `What is the total salary of the employees in the '${dept}' department with the status '${status}'? Answer with a number.`;

export const jsonAggTask: TaskDef = {
  id: 'json-agg',
  label: 'JSON aggregation',
  description: 'A JSON list of employees; count them or sum their salaries for one department and status.',
  size: TASK_SIZE['json-agg'],
  generate(p) {
    const size = sizeOf(p);
    const r = caseRng('json-agg', p, size);
    const dept = pick(r, DEPARTMENTS);
    const status: string = 'active';
    const sum = r() < 0.5;
    const parts: string[] = [];
    let n = 20;
    let count = 0;
    let total = 0;
    for (let id = 1; n < size; id++) {
      const d = pick(r, DEPARTMENTS);
      const s = pick(r, STATUSES);
      const salary = intIn(r, 35, 180) * 1000 + intIn(r, 0, 9) * 100;
      const hired = `${intIn(r, 2010, 2024)}-${String(intIn(r, 1, 12)).padStart(2, '0')}-${String(intIn(r, 1, 28)).padStart(2, '0')}`;
      const rec = `{"id":${id},"department":"${d}","status":"${s}","salary":${salary},"hired":"${hired}"}`;
      parts.push(rec);
      n += rec.length + 1;
      if (d === dept && s === status) {
        count++;
        total += salary;
      }
    }
    return {
      task: 'json-agg',
      caseId: caseId('json-agg', p, size),
      question: sum ? jsonSumQuestion(dept, status) : jsonCountQuestion(dept, status),
      context: `{"employees":[${parts.join(',')}]}`,
      expected: String(sum ? total : count),
      scorer: 'number',
      meta: { kind: sum ? 'sum' : 'count', department: dept, status, records: parts.length },
    };
  },
};
