import { describe, expect, it } from 'vitest';
import type { EventBody, EventEnvelope, RunEvent, RunSettingsPublic } from '../../core/events';
import { replay } from '../../core/trajectory';
import { DEFAULT_VIEW } from '../../store/viewSlice';
import { formatHash, hashFor, parseHash, pickAt, runIterations, shownOf, turnMarks } from './selection';

const settings: RunSettingsPublic = { rootModel: 'm', subModel: 's', rootEndpoint: 'e', subEndpoint: 'e', maxIterations: 5, maxOutputChars: 99, blockTimeoutMs: 9, subcallConcurrency: 2 };
const ROOT: EventEnvelope = { runId: 'root', parentCallId: null, depth: 0, turn: 0 };
const ev = (body: EventBody, env: Partial<EventEnvelope> = {}): RunEvent => ({ ...body, ...ROOT, ...env });

function run(iterations: number): RunEvent[] {
  const kid = { runId: 'kid', parentCallId: 'c1', depth: 1 };
  const out: RunEvent[] = [ev({ type: 'run-started', at: 0, question: 'q', context: null, settings })];
  for (let i = 1; i <= iterations; i++) out.push(ev({ type: 'iteration-started', iteration: i, at: i, forced: false }));
  out.push(
    ev({ type: 'code-started', iteration: 1, block: 1, at: 1, code: 'x', lang: 'repl' }),
    ev({ type: 'subcall-started', id: 'c1', iteration: 1, block: 1, at: 1, prompt: 'p', model: 's' }),
    ev({ type: 'run-started', at: 1, question: 'p', context: null, settings }, kid),
    ev({ type: 'iteration-started', iteration: 1, at: 1, forced: false }, kid),
    ev({ type: 'iteration-started', iteration: 2, at: 2, forced: false }, kid),
    ev({ type: 'final', iteration: iterations, at: 9, answer: 'a', via: 'FINAL' }),
  );
  return out;
}

describe('run view selection', () => {
  it('follows the newest iteration by default, also for a view saved for another run', () => {
    const t = replay(run(3))!;
    expect(shownOf(t, DEFAULT_VIEW)).toMatchObject({ runId: 'root', index: 2, count: 3 });
    const other = { ...DEFAULT_VIEW, rootRunId: 'older', runId: 'older', pick: { mode: 'pinned' as const, index: 0 } };
    expect(shownOf(t, other)).toMatchObject({ runId: 'root', index: 2 });
  });

  it('clamps a pinned index, closes on request, and shows a child run of the tree', () => {
    const t = replay(run(3))!;
    expect(shownOf(t, { ...DEFAULT_VIEW, rootRunId: 'root', pick: { mode: 'pinned', index: 99 } })?.index).toBe(2);
    expect(shownOf(t, { ...DEFAULT_VIEW, rootRunId: 'root', pick: { mode: 'closed' } })?.index).toBeNull();
    expect(shownOf(t, { ...DEFAULT_VIEW, rootRunId: 'root', runId: 'kid', pick: { mode: 'pinned', index: 0 } })).toMatchObject({ runId: 'kid', index: 0, count: 2 });
    expect(runIterations(t, 'kid').map((it) => it.iteration)).toEqual([1, 2]);
    // A child run that is not in this trajectory falls back to the root.
    expect(shownOf(t, { ...DEFAULT_VIEW, rootRunId: 'root', runId: 'gone', pick: { mode: 'pinned', index: 0 } })?.runId).toBe('root');
  });

  it('stepping onto the newest iteration of a live run follows again; on a finished run it pins', () => {
    expect(pickAt(4, 5, true)).toEqual({ mode: 'follow' });
    expect(pickAt(9, 5, false)).toEqual({ mode: 'pinned', index: 4 });
    expect(pickAt(-3, 5, true)).toEqual({ mode: 'pinned', index: 0 });
  });

  it('round-trips the hash, and writes the one for the shown run', () => {
    const v = { run: 'a b', child: 'kid', it: 7 };
    expect(parseHash(formatHash(v))).toEqual(v);
    expect(parseHash('#run=x&it=0')).toEqual({ run: 'x', child: null, it: null });
    expect(parseHash('#other=1')).toBeNull();
    const t = replay(run(3))!;
    expect(hashFor({ trajectory: t, view: DEFAULT_VIEW })).toBe('#run=root&it=3');
    expect(hashFor({ trajectory: t, view: { ...DEFAULT_VIEW, rootRunId: 'root', runId: 'kid', pick: { mode: 'pinned', index: 1 } } })).toBe('#run=root&child=kid&it=2');
    expect(hashFor({ trajectory: t, view: { ...DEFAULT_VIEW, rootRunId: 'root', pick: { mode: 'closed' } } })).toBe('#run=root');
  });

  it('marks the iteration that answered', () => {
    const t = replay(run(3))!;
    expect([...turnMarks(t.runs.root).finals]).toEqual(['0/3']);
  });
});
