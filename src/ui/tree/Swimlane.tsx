import { useMemo, useState } from 'react';
import type { SubcallView, Trajectory } from '../../core/trajectory';
import { swimlane, type SwimlaneBar } from '../../core/tree';
import { formatCost, formatInt, formatMs } from '../kit/format';
import { timeTicks } from './viewTree';

const LANE_PX = 18;
const DEPTH_BG = ['bg-sky-500', 'bg-violet-500', 'bg-amber-500', 'bg-emerald-500'];
const depthBg = (d: number) => DEPTH_BG[d % DEPTH_BG.length];

type Select = (runId: string, iteration: number) => void;

function barClass(b: SwimlaneBar): string {
  if (b.status === 'error') return 'bg-rose-500';
  return `${depthBg(b.depth)}${b.status === 'running' ? ' animate-pulse opacity-70' : ''}`;
}

function barName(b: SwimlaneBar, s: SubcallView | undefined): string {
  const what = b.status === 'running' ? 'running' : b.status === 'error' ? 'failed' : formatMs(b.end - b.start);
  return `Sub-call at depth ${b.depth}, iteration ${s?.iteration ?? '?'}, ${what}: ${b.label}`;
}

/**
 * Every sub-call of the tree as a bar over time; calls in flight together sit in different
 * lanes, so a batch of 20 is 20 stacked, overlapping bars. Bars are buttons: Tab reaches each,
 * focus or hover shows its details, a click selects the iteration that made it.
 */
export function Swimlane({ trajectory, onSelect }: { trajectory: Trajectory; onSelect: Select }) {
  const lane = useMemo(() => swimlane(trajectory), [trajectory]);
  const [shown, setShown] = useState<string | null>(null);
  const span = Math.max(lane.end - lane.start, 1e-6);
  const pct = (at: number) => ((at - lane.start) / span) * 100;
  const ticks = useMemo(() => timeTicks(lane.end - lane.start), [lane]);
  const depths = [...new Set(lane.bars.map((b) => b.depth))].sort((a, b) => a - b);
  const tip = lane.bars.find((b) => b.id === shown);
  return (
    <div data-testid="swimlane" data-lanes={lane.lanes} data-bars={lane.bars.length} className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-xs text-slate-400">
        <span>
          {formatInt(lane.bars.length)} sub-calls in {formatInt(lane.lanes)} lanes (most in flight at once) over {formatMs(lane.end - lane.start)}
        </span>
        <span className="ml-auto flex gap-3" aria-label="Colours">
          {depths.map((d) => (
            <Key key={d} cls={depthBg(d)} text={`depth ${d}`} />
          ))}
          <Key cls="bg-rose-500" text="failed" />
        </span>
      </div>
      {lane.bars.length === 0 ? (
        <p className="text-sm text-slate-400">No sub-calls yet: llm_query and rlm_query calls appear here as bars over time.</p>
      ) : (
        <div className="rounded border border-slate-800 bg-slate-950 px-3 pb-3 pt-1">
          <Axis ticks={ticks} pct={(x) => pct(lane.start + x)} />
          <div className="relative max-h-[28rem] overflow-y-auto" style={{ height: lane.lanes * LANE_PX + 4 }}>
            {ticks.map((x) => (
              <div key={x} aria-hidden="true" className="absolute top-0 h-full border-l border-slate-800" style={{ left: `${pct(lane.start + x)}%` }} />
            ))}
            {lane.bars.map((b) => (
              <button
                key={b.id}
                type="button"
                data-testid="swimlane-bar"
                data-depth={b.depth}
                data-status={b.status}
                aria-label={barName(b, trajectory.subcalls[b.id])}
                aria-describedby={shown === b.id ? 'swimlane-tip' : undefined}
                onMouseEnter={() => setShown(b.id)}
                onMouseLeave={() => setShown((s) => (s === b.id ? null : s))}
                onFocus={() => setShown(b.id)}
                onBlur={() => setShown((s) => (s === b.id ? null : s))}
                onClick={() => {
                  const s = trajectory.subcalls[b.id];
                  if (s) onSelect(s.runId, s.iteration);
                }}
                className={`absolute rounded-sm hover:brightness-125 focus:outline focus:outline-2 focus:outline-offset-1 focus:outline-white ${barClass(b)}`}
                style={{ left: `${pct(b.start)}%`, width: `max(3px, calc(${pct(b.end) - pct(b.start)}% - 1px))`, top: b.lane * LANE_PX + 2, height: LANE_PX - 4 }}
              />
            ))}
          </div>
          {tip && <Tip bar={tip} s={trajectory.subcalls[tip.id]} />}
        </div>
      )}
    </div>
  );
}

function Key({ cls, text }: { cls: string; text: string }) {
  return (
    <span className="flex items-center gap-1">
      <span aria-hidden="true" className={`inline-block h-2.5 w-4 rounded-sm ${cls}`} />
      {text}
    </span>
  );
}

function Axis({ ticks, pct }: { ticks: number[]; pct(x: number): number }) {
  const last = ticks.length - 1;
  return (
    <div className="relative h-5 text-[11px] text-slate-400" aria-label="Time since the first sub-call" role="img">
      {ticks.map((x, i) => (
        <span
          key={x}
          className="absolute top-0.5 whitespace-nowrap tabular-nums"
          style={{ left: `${pct(x)}%`, transform: i === 0 ? undefined : i === last ? 'translateX(-100%)' : 'translateX(-50%)' }}
        >
          {i === 0 ? '0' : formatMs(x)}
        </span>
      ))}
    </div>
  );
}

/** What a bar stands for; shown under the lanes so it never covers the bars being read. */
function Tip({ bar, s }: { bar: SwimlaneBar; s: SubcallView | undefined }) {
  const tokens = s?.usage ? `${s.usage.estimated ? '~' : ''}${formatInt(s.usage.inputTokens)} in · ${formatInt(s.usage.outputTokens)} out` : '–';
  return (
    <div id="swimlane-tip" role="tooltip" data-testid="swimlane-tip" className="mt-2 rounded border border-slate-700 bg-slate-900 p-2 text-xs text-slate-300">
      <p className="truncate font-mono text-slate-100">{bar.label || '(empty prompt)'}</p>
      <p className="mt-1 flex flex-wrap gap-x-4 text-slate-400">
        <span>model {s?.model ?? '–'}</span>
        <span>{bar.status === 'running' ? 'running' : formatMs(bar.end - bar.start)}</span>
        <span>{tokens}</span>
        <span>{formatCost(s?.cost)}</span>
        <span>depth {bar.depth}</span>
        <span>iteration {s?.iteration ?? '–'}</span>
        {s?.childRunId && <span>ran a child RLM</span>}
        {s?.error && <span className="text-rose-300">{s.error}</span>}
      </p>
    </div>
  );
}
