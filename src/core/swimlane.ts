import type { Trajectory } from './trajectory';

export interface SwimlaneBar {
  /** The sub-call's id. */
  id: string;
  /** 0-based row; calls that overlap in time never share one. */
  lane: number;
  start: number;
  /** For a call still running: the latest time seen in the tree. */
  end: number;
  depth: number;
  label: string;
  status: 'running' | 'done' | 'error';
}

export interface Swimlane {
  bars: SwimlaneBar[];
  lanes: number;
  /** Time span of all bars (both 0 when there are none). */
  start: number;
  end: number;
}

const memo = new WeakMap<Trajectory, Swimlane>();

/**
 * Every sub-call of the tree (child runs' included) as a bar over time. Lanes are given
 * greedily in start order, each call taking the lowest lane free by its start, so the
 * number of lanes is the most calls in flight at once: a batch of 20 is 20 rows.
 */
export function swimlane(t: Trajectory): Swimlane {
  const hit = memo.get(t);
  if (hit) return hit;
  const now = Math.max(...Object.values(t.runs).map((r) => r.lastAt));
  const calls = Object.values(t.subcalls)
    .map((s) => ({ s, start: s.startedAt, end: s.durationMs !== undefined ? s.startedAt + s.durationMs : Math.max(now, s.startedAt) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.s.id < b.s.id ? -1 : 1));
  const laneEnds: number[] = [];
  const laneStarts: number[] = [];
  // A lane is free when its last call ended by this start; a zero-length call (a coarse clock) still
  // holds its instant, so calls started together never share a lane.
  const free = (lane: number, start: number) => laneEnds[lane] < start || (laneEnds[lane] === start && laneStarts[lane] < start);
  const bars = calls.map(({ s, start, end }) => {
    let lane = laneEnds.findIndex((_e, i) => free(i, start));
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = end;
    laneStarts[lane] = start;
    const label = s.prompt.replace(/\s+/g, ' ').trim().slice(0, 80);
    return { id: s.id, lane, start, end, depth: s.depth, label, status: s.status };
  });
  const result: Swimlane = {
    bars,
    lanes: laneEnds.length,
    start: bars.length ? Math.min(...bars.map((b) => b.start)) : 0,
    end: bars.length ? Math.max(...bars.map((b) => b.end)) : 0,
  };
  memo.set(t, result);
  return result;
}
