/** What comes back from IndexedDB (run history, remembered keys) is checked record by record. */
import { describe, expect, it } from 'vitest';
import { readEvents, readSummaries, UNREADABLE_STATUS } from './historyDb';
import { readKeys } from './keyStore';
import type { RunSummary } from './types';

const summary = (runId: string, startedAt: number): RunSummary => ({
  runId,
  question: `q ${runId}`,
  startedAt,
  status: 'done',
  answer: '1',
  rootModel: 'm',
  iterations: 1,
  wallMs: 5,
  contextName: null,
  models: ['m'],
});

describe('run history records', () => {
  it('lists the good runs newest first and shows a corrupt one as unreadable, naming the field', () => {
    const warnings: string[] = [];
    const list = readSummaries(
      [summary('old', 1), { ...summary('bad', 3), question: { html: '<b>' } }, summary('new', 2), 'garbage', { ...summary('x', 4), startedAt: 'yesterday' }],
      (m) => warnings.push(m),
    );
    expect(list.map((r) => r.runId)).toEqual(['new', 'old', 'bad', 'x']);
    expect(list.slice(0, 2)).toEqual([summary('new', 2), summary('old', 1)]);
    const bad = list[2];
    expect(bad.status).toBe(UNREADABLE_STATUS);
    expect(typeof bad.question).toBe('string');
    expect(bad.question).toContain('`question` must be a string (got Object)');
    expect(list[3].question).toContain('`startedAt` must be a number (got "yesterday")');
    expect(warnings).toHaveLength(3);
    expect(warnings[1]).toMatch(/^Run history: saved run undefined is unreadable/);
  });

  it('gives back stored events only when every one is valid', () => {
    const events = [{ type: 'notice', iteration: 1, at: 1, message: 'm', runId: 'r', parentCallId: null, depth: 0, turn: 0 }];
    expect(readEvents({ runId: 'r', events })).toEqual(events);
    expect(readEvents(undefined)).toBeNull();
    const warnings: string[] = [];
    expect(readEvents({ runId: 'r', events: [...events, { type: 'notice', iteration: 'one', at: 1, message: 'm' }] }, (m) => warnings.push(m))).toBeNull();
    expect(warnings).toEqual(["Run history: a saved run's events are unreadable: `events.1.iteration` must be a number (got \"one\")."]);
  });

  it('opens runs saved before events carried an envelope (migrated, not dropped)', () => {
    const settings = { rootModel: 'm', subModel: 'm', rootEndpoint: 'e', subEndpoint: 'e', maxIterations: 3, maxOutputChars: 9, blockTimeoutMs: 9, subcallConcurrency: 1 };
    const old = [
      { type: 'run-started', runId: 'old', at: 1, question: 'q', context: null, settings },
      { type: 'notice', iteration: 1, at: 2, message: 'm' },
    ];
    const back = readEvents({ runId: 'old', events: old });
    expect(back).toEqual(old.map((e) => ({ ...e, runId: 'old', parentCallId: null, depth: 0, turn: 0 })));
  });
});

describe('remembered keys', () => {
  it('hands back only text keys of known providers and never names a key in a warning', () => {
    const warnings: string[] = [];
    const keys = readKeys(
      [
        ['openai', 'sk-good'],
        ['anthropic', { secret: 'sk-object' }],
        ['__proto__', 'sk-proto'],
        ['gemini', 'sk-other'],
      ],
      (m) => warnings.push(m),
    );
    expect(keys).toEqual({ openai: 'sk-good' });
    expect(Object.getPrototypeOf(keys)).toBe(Object.prototype);
    expect(warnings).toHaveLength(3);
    expect(warnings.join(' ')).not.toMatch(/sk-/);
  });
});
