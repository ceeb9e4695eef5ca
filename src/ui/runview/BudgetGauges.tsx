import { useNow } from '../kit/useNow';
import type { RunSettingsPublic, StopReason } from '../../core/events';
import type { RunStats } from '../../core/tree';
import type { Trajectory } from '../../core/trajectory';
import { Badge, type Tone } from '../kit/Badge';
import { formatCost, formatInt, formatMs } from '../kit/format';

export const STOP_REASON_LABELS: Record<StopReason, string> = {
  answered: 'answered',
  iterations: 'iteration limit reached',
  depth: 'depth limit reached',
  subcalls: 'sub-call budget used up',
  tokens: 'token budget used up',
  cost: 'cost budget used up',
  'wall-time': 'wall-time budget used up',
  errors: 'too many errors in a row',
  stopped: 'stopped by you',
  error: 'ended by an error',
};

const reasonTone = (r: StopReason): Tone => (r === 'answered' ? 'good' : r === 'error' ? 'bad' : r === 'stopped' ? 'warn' : 'info');

/** Why a finished run ended, beside its status. */
export function StopReasonBadge({ reason }: { reason: StopReason }) {
  return (
    <span data-testid="stop-reason" data-reason={reason}>
      <Badge tone={reasonTone(reason)} title="why the run ended">
        {STOP_REASON_LABELS[reason]}
      </Badge>
    </span>
  );
}

interface Gauge {
  name: string;
  label: string;
  used: number;
  max: number;
  text: string;
}

/** A limit that is set: null is unlimited, and 0 is too for these (see EngineSettings). */
const isSet = (n: number | null | undefined): n is number => typeof n === 'number' && n > 0;

/**
 * Sub-calls that drew on the budget (budget.ts takeSubcall): not those answered from the cache, nor
 * those refused before any call — by a budget, or by the window check — which the engine records with
 * its refusal as the error. Matched by its wording (budget.ts, window.ts), the only mark a refusal has.
 */
export function budgetedSubcalls(t: Trajectory): number {
  const refused = (e: string | undefined) => !!e && (/budget exhausted/.test(e) || /window is [\d,]+ tokens/.test(e));
  return Object.values(t.subcalls).filter((s) => !s.cached && !refused(s.error)).length;
}

/**
 * Iterations as the limit counts them: the model's own turns in the current question. The forced last call made
 * after the limit is not one of them (it would read "16 / 15"), and a session's earlier questions had their own limit.
 */
export function limitedIterations(t: Trajectory): number {
  const turn = t.turns[t.turns.length - 1];
  return turn ? turn.iterations.filter((it) => !it.forced).length : 0;
}

/** The gauges for the limits the run started with; none for an unlimited budget. */
export function gaugesOf(settings: RunSettingsPublic, st: RunStats, wallMs: number, subcalls = st.subcalls, iterations = st.own.iterations): Gauge[] {
  const out: Gauge[] = [];
  const add = (name: string, label: string, used: number, max: number | null | undefined, fmt: (n: number) => string) => {
    if (isSet(max)) out.push({ name, label, used, max, text: `${fmt(used)} / ${fmt(max)}` });
  };
  add('tokens', 'Tokens', st.tokensIn + st.tokensOut, settings.maxTokens, formatInt);
  add('cost', 'Cost', st.cost ?? 0, settings.maxCostUsd, (n) => formatCost(n));
  // maxSubcalls 0 is a limit (none allowed), unlike the others.
  if (settings.maxSubcalls === 0) out.push({ name: 'subcalls', label: 'Sub-calls', used: subcalls, max: 0, text: `${subcalls} / 0` });
  else add('subcalls', 'Sub-calls', subcalls, settings.maxSubcalls, formatInt);
  add('wall-time', 'Wall time', wallMs, settings.maxWallMs, formatMs);
  add('iterations', 'Iterations', iterations, settings.maxIterations, formatInt);
  return out;
}

function GaugeBar({ g }: { g: Gauge }) {
  const share = g.max > 0 ? Math.min(1, g.used / g.max) : g.used > 0 ? 1 : 0;
  const color = share >= 1 ? 'bg-rose-500' : share >= 0.8 ? 'bg-amber-400' : 'bg-sky-500';
  return (
    <div
      data-testid={`gauge-${g.name}`}
      role="progressbar"
      aria-label={`${g.label} used`}
      aria-valuemin={0}
      aria-valuemax={g.max}
      aria-valuenow={Math.min(g.used, g.max)}
      aria-valuetext={g.text}
      className="min-w-32 flex-1 space-y-0.5"
    >
      <div className="flex justify-between gap-2 text-[11px] text-slate-400">
        <span>{g.label}</span>
        <span className="font-mono text-slate-300">{g.text}</span>
      </div>
      <div className="h-1.5 overflow-hidden rounded bg-slate-800">
        <div className={`h-full ${color}`} style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}

/**
 * The wall clock of a live run. Events alone would freeze it during a long silent block (a loop, a slow sub-call),
 * exactly when the wall-time budget matters, so it ticks once a second from the run's start until it finishes.
 */
export function useLiveWallMs(t: Trajectory, live: boolean, fromEvents: number): number {
  const ticking = live && !t.finished;
  const now = useNow(ticking);
  if (t.finished) return t.finished.wallMs;
  return ticking ? Math.max(fromEvents, now - t.startedAt) : fromEvents;
}

/** Budgets as they are used, live while the run streams. */
export function BudgetGauges({ t, st, live = false }: { t: Trajectory; st: RunStats; live?: boolean }) {
  const wallMs = useLiveWallMs(t, live, st.wallMs);
  const gauges = gaugesOf(t.settings, st, wallMs, budgetedSubcalls(t), limitedIterations(t));
  if (!gauges.length) return null;
  return (
    <div data-testid="budget-gauges" aria-label="Budgets" role="group" className="flex flex-wrap gap-3 rounded border border-slate-800 p-2">
      {gauges.map((g) => (
        <GaugeBar key={g.name} g={g} />
      ))}
    </div>
  );
}
