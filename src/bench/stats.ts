/**
 * Figures for the results table and the sentences under it, computed only from trials that ran.
 * Accuracy counts scored trials (status ok); errors, "exceeds context" and stopped trials are counted apart, never as
 * wrong answers, so a dead host does not read as a weak model.
 */
import type { BenchMethod, BenchModel, TaskId, TrialResult } from './types';

export interface Interval {
  lo: number;
  hi: number;
}

/** Wilson score interval at 95 %: honest at small n and at 0 % / 100 %, unlike the normal approximation. */
export function wilson(correct: number, n: number, z = 1.96): Interval {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = correct / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

export interface SummaryRow {
  /** `${modelIndex}|${method}|${task}|${size}` */
  key: string;
  modelIndex: number;
  method: BenchMethod;
  task: TaskId;
  size: number;
  /** Finished trials of every status. */
  trials: number;
  /** Trials that produced a scored result (status ok). */
  scored: number;
  correct: number;
  errors: number;
  exceeds: number;
  stopped: number;
  /** correct / scored; null when nothing was scored. */
  acc: number | null;
  /** 95 % Wilson interval of acc; null when nothing was scored. */
  interval: Interval | null;
  /** Mean partial-credit score over scored trials. */
  meanScore: number | null;
  /** Means over trials that ran (ok or error). */
  avgTimeMs: number | null;
  avgIters: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  /** Sum of known costs; null when no trial had a price. */
  costUsd: number | null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function row(key: string, ts: TrialResult[]): SummaryRow {
  const { modelIndex, method, task, size } = ts[0].spec;
  const ok = ts.filter((t) => t.status === 'ok');
  const ran = ts.filter((t) => t.status === 'ok' || t.status === 'error');
  const correct = ok.filter((t) => t.score?.correct).length;
  const costs = ts.map((t) => t.costUsd).filter((c): c is number => typeof c === 'number');
  return {
    key,
    modelIndex,
    method,
    task,
    size,
    trials: ts.length,
    scored: ok.length,
    correct,
    errors: ts.filter((t) => t.status === 'error').length,
    exceeds: ts.filter((t) => t.status === 'exceeds-context').length,
    stopped: ts.filter((t) => t.status === 'stopped').length,
    acc: ok.length ? correct / ok.length : null,
    interval: ok.length ? wilson(correct, ok.length) : null,
    meanScore: mean(ok.map((t) => t.score?.score ?? 0)),
    avgTimeMs: mean(ran.map((t) => t.wallMs)),
    avgIters: mean(ran.map((t) => t.iterations)),
    tokensIn: mean(ran.map((t) => t.tokensIn)),
    tokensOut: mean(ran.map((t) => t.tokensOut)),
    costUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
  };
}

/** One row per model × method × task × size, in the order the groups first finished. */
export function summarise(trials: TrialResult[]): SummaryRow[] {
  const groups = new Map<string, TrialResult[]>();
  for (const t of trials) {
    const k = `${t.spec.modelIndex}|${t.spec.method}|${t.spec.task}|${t.spec.size}`;
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  return [...groups].map(([k, ts]) => row(k, ts));
}

export const METHOD_LABEL: Record<BenchMethod, string> = { rlm: 'RLM', 'rlm-no-sub': 'RLM without sub-calls', vanilla: 'one-shot' };

export const pct = (x: number) => `${Math.round(x * 100)} %`;
const overlap = (a: Interval, b: Interval) => a.lo <= b.hi && b.lo <= a.hi;
const range = (i: Interval) => `${pct(i.lo).replace(' %', '')}–${pct(i.hi)}`;

export const modelName = (models: BenchModel[] | undefined, i: number) => (models?.[i] ? models[i].model : `model ${i + 1}`);

/** Pooled figures of one model × method over the cells (task × size) both compared methods have. */
interface Pool {
  correct: number;
  scored: number;
  tokens: number;
  ran: number;
}

function pool(rows: SummaryRow[]): Pool {
  let correct = 0;
  let scored = 0;
  let tokens = 0;
  let ran = 0;
  for (const r of rows) {
    correct += r.correct;
    scored += r.scored;
    const n = r.trials - r.exceeds - r.stopped;
    tokens += ((r.tokensIn ?? 0) + (r.tokensOut ?? 0)) * n;
    ran += n;
  }
  return { correct, scored, tokens, ran };
}

/** "With 5 trials, 100 % and 60 % may not differ…" for one cell, when the accuracies differ but the intervals overlap. */
function cellSentence(a: SummaryRow, b: SummaryRow, who: string): string | null {
  if (a.acc === null || b.acc === null || !a.interval || !b.interval || a.acc === b.acc) return null;
  const where = `${who} on ${a.task}${a.size ? ` (${a.size.toLocaleString('en-US')})` : ''}`;
  const n = a.scored === b.scored ? `${a.scored} trials` : `${a.scored} and ${b.scored} trials`;
  if (overlap(a.interval, b.interval)) {
    return `${where}: with ${n}, ${pct(a.acc)} (${METHOD_LABEL[a.method]}) and ${pct(b.acc)} (${METHOD_LABEL[b.method]}) may not differ: their 95 % intervals overlap (${range(a.interval)} and ${range(b.interval)}).`;
  }
  const [hi, lo] = a.acc > b.acc ? [a, b] : [b, a];
  return `${where}: ${METHOD_LABEL[hi.method]} is more accurate than ${METHOD_LABEL[lo.method]}, ${pct(hi.acc!)} vs ${pct(lo.acc!)} (95 % intervals ${range(hi.interval!)} and ${range(lo.interval!)} do not overlap).`;
}

/** "RLM used 61 % fewer tokens than one-shot at equal accuracy (…)", pooled over the cells both methods ran. */
function tokenSentence(a: Pool, b: Pool, ma: BenchMethod, mb: BenchMethod, who: string, cells: number): string | null {
  if (!a.ran || !b.ran || !a.scored || !b.scored) return null;
  const ta = a.tokens / a.ran;
  const tb = b.tokens / b.ran;
  if (!ta || !tb) return null;
  const accA = a.correct / a.scored;
  const accB = b.correct / b.scored;
  const ratio = Math.round((1 - ta / tb) * 100);
  const change = ratio === 0 ? 'about as many' : ratio > 0 ? `${ratio} % fewer` : `${Math.round((ta / tb - 1) * 100)} % more`;
  const ia = wilson(a.correct, a.scored);
  const ib = wilson(b.correct, b.scored);
  const accPart =
    accA === accB
      ? `at equal accuracy (${pct(accA)})`
      : overlap(ia, ib)
        ? `at an accuracy that may not differ (${pct(accA)} vs ${pct(accB)}; 95 % intervals overlap)`
        : `and was ${accA > accB ? 'more' : 'less'} accurate (${pct(accA)} vs ${pct(accB)})`;
  const fmt = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} K` : String(Math.round(x)));
  const over = cells > 1 ? ` over ${cells} task cells` : '';
  return `${who}: ${METHOD_LABEL[ma]} used ${change} tokens ${ratio === 0 ? 'as' : 'than'} ${METHOD_LABEL[mb]}${over} (${fmt(ta)} vs ${fmt(tb)} per trial) ${accPart}.`;
}

const PAIRS: [BenchMethod, BenchMethod][] = [
  ['rlm', 'vanilla'],
  ['rlm', 'rlm-no-sub'],
  ['rlm-no-sub', 'vanilla'],
];

/** minRLM-style summaries per model and pair of methods, then the cells whose difference may be noise. */
export function comparisons(rows: SummaryRow[], models?: BenchModel[]): string[] {
  const out: string[] = [];
  const cells: string[] = [];
  const models_ = [...new Set(rows.map((r) => r.modelIndex))];
  for (const mi of models_) {
    const who = modelName(models, mi);
    for (const [ma, mb] of PAIRS) {
      const as = rows.filter((r) => r.modelIndex === mi && r.method === ma);
      const matched = as.flatMap((a) => {
        const b = rows.find((r) => r.modelIndex === mi && r.method === mb && r.task === a.task && r.size === a.size);
        return b ? [[a, b] as const] : [];
      });
      if (!matched.length) continue;
      const s = tokenSentence(pool(matched.map((m) => m[0])), pool(matched.map((m) => m[1])), ma, mb, who, matched.length);
      if (s) out.push(s);
      for (const [a, b] of matched) {
        const c = cellSentence(a, b, who);
        if (c) cells.push(c);
      }
    }
  }
  return [...out, ...cells];
}
