import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseBenchJson, toCsv, toJson, toMarkdown } from './exportResults';
import type { BenchConfig, BenchMethod, BenchRecord, TrialResult } from './types';

const config: BenchConfig = {
  tasks: ['niah'],
  lines: [1000],
  sizes: [],
  position: 'random',
  trials: 2,
  seed: 42,
  methods: ['rlm', 'vanilla'],
  models: [{ provider: 'ollama', model: 'qwen3:4b', hosts: ['http://localhost:11434'] }],
  perHost: 1,
  engine: {},
};

const t = (method: BenchMethod, trial: number, o: Partial<TrialResult>): TrialResult => ({
  benchId: 'b1',
  key: `niah|1000|0|${method}|${trial}`,
  spec: { key: `niah|1000|0|${method}|${trial}`, task: 'niah', size: 1000, modelIndex: 0, method, trial },
  status: 'ok',
  answer: 'The answer is 1234567, "quoted" | piped',
  expected: '1234567',
  score: { score: 1, correct: true, detail: 'ok' },
  iterations: 2,
  wallMs: 3000,
  tokensIn: 1000,
  tokensOut: 200,
  costUsd: 0.001,
  subcalls: 1,
  host: 'http://localhost:11434',
  finishedAt: 1,
  events: [],
  ...o,
});

const rec: BenchRecord = {
  format: 'rlm-studio-bench',
  version: 1,
  id: 'b1',
  createdAt: 0,
  appVersion: '0.0.0',
  config,
  status: 'done',
  trials: [
    t('rlm', 0, {}),
    t('rlm', 1, { score: { score: 0, correct: false, detail: 'no' }, wallMs: 5000, iterations: 4 }),
    t('vanilla', 0, { status: 'exceeds-context', score: null, answer: null, costUsd: null }),
    t('vanilla', 1, { status: 'error', score: null, answer: null, error: 'host down', costUsd: null }),
  ],
};

describe('exports', () => {
  it('CSV summary round-trips through papaparse with the seed columns and more', () => {
    const rows = Papa.parse<Record<string, string>>(toCsv(rec), { header: true }).data;
    expect(rows[0]).toMatchObject({ Model: 'qwen3:4b', Provider: 'ollama', Method: 'RLM', Acc: '50 %', AvgTime: '4.0s', Iters: '3.0', 'Tokens in': '1000', Cost: '$0.0020', Errors: '0', '95 % CI': '9 %–91 %' });
    expect(rows[1]).toMatchObject({ Method: 'one-shot', Acc: '', Errors: '1', Exceeds: '1', Cost: '' });
  });

  it('CSV per trial keeps answers with quotes, commas and pipes intact', () => {
    const rows = Papa.parse<Record<string, string>>(toCsv(rec, 'trials'), { header: true }).data;
    expect(rows).toHaveLength(4);
    expect(rows[0].answer).toBe(rec.trials[0].answer);
    expect(rows[3]).toMatchObject({ status: 'error', error: 'host down' });
  });

  it('JSON is the BenchRecord and re-imports', () => {
    const back = parseBenchJson(toJson(rec));
    expect(back).toEqual({ ok: true, record: rec });
    expect(parseBenchJson('{"format":"x"}')).toMatchObject({ ok: false, message: expect.stringContaining('rlm-studio-bench') });
    expect(parseBenchJson('nope')).toMatchObject({ ok: false, message: expect.stringContaining('Not JSON') });
    expect(parseBenchJson(JSON.stringify({ ...rec, trials: [{}] }))).toEqual({ ok: false, message: 'Trial 1 is malformed (needs key, spec and status).' });
  });

  it('Markdown table', () => {
    expect(toMarkdown(rec)).toBe(
      [
        '| Model | Provider | Method | Task | Size | Acc | AvgTime | Iters | Tokens in | Tokens out | Cost | Errors | 95 % CI |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        '| qwen3:4b | ollama | RLM | niah | 1000 | 50 % (1/2) | 4.0s | 3.0 | 1000 | 200 | $0.0020 | 0 | 9 %–91 % |',
        '| qwen3:4b | ollama | one-shot | niah | 1000 | exceeds context | 3.0s | 2.0 | 1000 | 200 |  | 1 |  |',
        '',
      ].join('\n'),
    );
  });
});
