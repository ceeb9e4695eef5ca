/**
 * Code QA over a generated multi-file Python codebase (files concatenated under `# ===== FILE: path =====` headers):
 * the parent of a class, the file defining a class, the class defining a method, or how many classes there are.
 * Imports, instantiations and subclasses of the asked class are decoys, so a bare name search is not enough.
 */
import { TASK_SIZE } from './ids';
import { intIn, pick } from '../rng';
import type { ScorerName, TaskDef } from '../types';
import { caseId, caseRng, code, sizeOf } from './common';

const AREAS = ['billing', 'auth', 'storage', 'network', 'reports', 'scheduler', 'search', 'users', 'payments', 'metrics'];
const PRE = 'Invoice Ledger Token Session Cache Blob Packet Route Report Chart Job Cron Index Query Account Profile Payment Refund Gauge Counter'.split(' ');
const MID = 'Batch Stream Remote Local Async Shared Secure Cached Lazy Bulk Delta Prime Smart Raw Fast'.split(' ');
const SUF = 'Manager Handler Router Service Builder Parser Store Client Worker Adapter Factory Validator Loader Mapper Policy'.split(' ');
const VERB = 'load save validate parse render flush fetch merge split resolve encode decode compute refresh sync'.split(' ');
const NOUN = 'items rows config state buffer payload cache index batch records stream keys chunk header summary'.split(' ');
export const FILE_HEADER = (path: string) => `# ===== FILE: ${path} =====`;

interface Cls {
  name: string;
  parent: string | null;
  file: string;
  methods: string[];
}

function className(r: () => number, taken: Set<string>): string {
  for (;;) {
    const n = `${pick(r, PRE)}${pick(r, MID)}${pick(r, SUF)}${taken.size > 4000 ? intIn(r, 2, 99) : ''}`;
    if (!taken.has(n)) return taken.add(n), n;
  }
}

function classSource(c: Cls, r: () => number, others: Cls[]): string {
  const head = `class ${c.name}${c.parent ? `(${c.parent})` : ''}:\n    """${c.name} for the ${c.file.split('/')[1]} area."""\n`;
  const body = c.methods.map((m) => {
    const other = others.length ? pick(r, others).name : null;
    const use = other && r() < 0.4 ? `        helper = ${other}()\n` : '';
    return `\n    def ${m}(self, ${pick(r, NOUN)}=None):\n${use}        value = ${intIn(r, 1, 999)}\n        return value * ${intIn(r, 2, 9)}\n`;
  });
  return head + body.join('');
}

type Kind = 'parent' | 'file' | 'method' | 'count';
const QUESTION: Record<Kind, (c: Cls) => string> = {
  parent: (c) => `In the codebase, what is the parent class of the class ${c.name}? Answer with the class name.`,
  file: (c) => `In the codebase, which file defines the class ${c.name}? Answer with the file path.`,
  method: (c) => `In the codebase, which class defines the method ${c.methods[0]}? Answer with the class name.`,
  count: () => 'In the codebase, how many classes are defined in total? Answer with a number.',
};

function buildClasses(r: () => number, size: number): { files: Map<string, Cls[]>; all: Cls[] } {
  const taken = new Set<string>();
  const files = new Map<string, Cls[]>();
  const all: Cls[] = [];
  let est = 0;
  while (est < size) {
    const file = `pkg/${pick(r, AREAS)}/${pick(r, NOUN)}_${code(r, 3).toLowerCase()}.py`;
    if (files.has(file)) continue;
    const list: Cls[] = [];
    for (let i = intIn(r, 2, 6); i > 0 && est < size; i--) {
      const parent = all.length && r() < 0.7 ? all[Math.floor(r() * all.length)].name : null;
      const methods = Array.from({ length: intIn(r, 2, 5) }, () => `${pick(r, VERB)}_${pick(r, NOUN)}`);
      const c = { name: className(r, taken), parent, file, methods: [...new Set(methods)] };
      list.push(c);
      all.push(c);
      est += 120 + c.methods.length * 110;
    }
    files.set(file, list);
  }
  return { files, all };
}

export const codeQaTask: TaskDef = {
  id: 'code-qa',
  label: 'Code QA',
  description: 'A generated multi-file Python codebase; which class is the parent, which file or class defines something, how many classes.',
  size: TASK_SIZE['code-qa'],
  generate(p) {
    const size = sizeOf(p);
    const r = caseRng('code-qa', p, size);
    const { files, all } = buildClasses(r, size);
    const kind = pick(r, ['parent', 'file', 'method', 'count'] as const);
    const withParent = all.filter((c) => c.parent);
    const target = kind === 'parent' && withParent.length ? pick(r, withParent) : pick(r, all);
    // The asked method gets a name no other class uses.
    if (kind === 'method') target.methods[0] = `reconcile_${pick(r, NOUN)}_${code(r, 4).toLowerCase()}`;
    const k: Kind = kind === 'parent' && !target.parent ? 'file' : kind;
    const byName = new Map(all.map((c) => [c.name, c]));
    const src = [...files].map(([path, list]) => {
      const imports = list.flatMap((c) => (c.parent && !list.some((x) => x.name === c.parent) ? [byName.get(c.parent)!] : []));
      const head = [...new Set(imports)].map((c) => `from ${c.file.slice(0, -3).replace(/\//g, '.')} import ${c.name}`).join('\n');
      return `${FILE_HEADER(path)}\n${head ? head + '\n\n' : ''}${list.map((c) => classSource(c, r, all.slice(0, 50))).join('\n\n')}`;
    });
    const expected = k === 'parent' ? target.parent! : k === 'file' ? target.file : k === 'method' ? target.name : String(all.length);
    const scorer: ScorerName = k === 'count' ? 'number' : 'contains';
    return {
      task: 'code-qa',
      caseId: caseId('code-qa', p, size),
      question: QUESTION[k](target),
      context: src.join('\n\n') + '\n',
      expected,
      scorer,
      meta: { kind: k, class: target.name, files: files.size, classes: all.length },
    };
  },
};
