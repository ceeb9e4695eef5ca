/** Step mode in the store: the link turns it on, a block pauses the run phase, run/skip/continue/Stop answer it. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from './createStore';
import { stepModeFromLink } from './stepSlice';
import { testDeps } from './testDeps';
import type { EventOf } from '../core/events';

const until = async (f: () => boolean) => {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!f()) throw new Error('timed out');
};

function app(search = '?provider=openai&model=m&stepMode=1') {
  const t = testDeps({ search });
  const store = createAppStore(t.deps);
  t.sandbox.setStatus({ state: 'ready' });
  store.getState().setQuestion('how many?');
  return { ...t, store };
}

const started = (s: ReturnType<typeof app>['store']) =>
  s.getState().runEvents.filter((e): e is EventOf<'code-started'> => e.type === 'code-started');

describe('step mode link', () => {
  it('reads 1/0 and reports anything else', () => {
    expect(stepModeFromLink('?stepMode=1')).toEqual({ on: true, problem: null });
    expect(stepModeFromLink('?stepMode=0').on).toBe(false);
    expect(stepModeFromLink('').on).toBe(false);
    expect(stepModeFromLink('?stepMode=maybe').problem).toMatch(/stepMode=maybe.*not 1 or 0/);
    const a = app('?provider=openai&model=m&stepMode=maybe');
    expect(a.store.getState().stepMode).toBe(false);
    expect(a.store.getState().settingsNotice).toMatch(/stepMode=maybe/);
  });
});

describe('step mode in the store', () => {
  it('pauses before the block; running an edit records it; nothing ran before the decision', async () => {
    const a = app();
    const done = a.store.getState().startRun();
    await until(() => a.store.getState().runPhase.phase === 'paused');
    const phase = a.store.getState().runPhase;
    expect(phase).toMatchObject({ phase: 'paused', step: { iteration: 1, block: 1, code: 'FINAL(1)', depth: 0 } });
    expect(a.log).not.toContain('exec-start');
    a.store.getState().stepRun('FINAL(2)');
    await done;
    expect(started(a.store)[0]).toMatchObject({ code: 'FINAL(2)', original: 'FINAL(1)' });
    expect(a.store.getState().runPhase).toEqual({ phase: 'idle' });
  });

  it('skip runs nothing; continue turns step mode off', async () => {
    const a = app();
    const done = a.store.getState().startRun();
    await until(() => a.store.getState().runPhase.phase === 'paused');
    a.store.getState().stepSkip();
    await until(() => a.store.getState().runPhase.phase === 'paused' && (a.store.getState().runPhase as { step: { iteration: number } }).step.iteration === 2);
    expect(a.log).not.toContain('exec-start');
    a.store.getState().stepContinue();
    await done;
    expect(a.store.getState().stepMode).toBe(false);
    expect(started(a.store).map((e) => [e.iteration, !!e.skipped])).toEqual([[1, true], [2, false]]);
    expect(a.log.filter((l) => l === 'exec-start')).toHaveLength(1);
  });

  it('unticking the toggle while paused runs the block as written and does not pause again', async () => {
    const a = app();
    const done = a.store.getState().startRun();
    await until(() => a.store.getState().runPhase.phase === 'paused');
    a.store.getState().setStepMode(false);
    await done;
    expect(started(a.store)).toHaveLength(1);
    expect(started(a.store)[0].original).toBeUndefined();
    expect(a.log).toContain('exec-start');
  });

  it('Stop while paused ends the run as stopped', async () => {
    const a = app();
    const done = a.store.getState().startRun();
    await until(() => a.store.getState().runPhase.phase === 'paused');
    a.store.getState().stopRun();
    await done;
    const end = a.store.getState().runEvents.at(-1) as EventOf<'run-finished'>;
    expect(end).toMatchObject({ type: 'run-finished', status: 'stopped' });
    expect(a.log).not.toContain('exec-start');
    expect(a.store.getState().runPhase).toEqual({ phase: 'idle' });
  });

  it('off: blocks run without pausing', async () => {
    const a = app('?provider=openai&model=m');
    await a.store.getState().startRun();
    expect(a.log).toContain('exec-start');
    expect(started(a.store)[0].original).toBeUndefined();
  });
});
