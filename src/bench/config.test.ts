import { describe, expect, it } from 'vitest';
import { configFromUrl, configToUrl, DEFAULT_CONFIG, PRESETS, validateConfig } from './config';
import type { BenchModel } from './types';

describe('configFromUrl', () => {
  it('reads the issue URL, one m= per model, URL-decoded', () => {
    const r = configFromUrl(
      '?tab=bench&tasks=niah&lines=1000&trials=3&seed=42&methods=rlm,vanilla&m=ollama,qwen3:4b,http://localhost:11434&m=openai%2Cgpt-4o-mini%40eu%2Chttps%3A%2F%2Fa%2Fv1%2Chttps%3A%2F%2Fb%2Fv1',
    )!;
    expect(r.problems).toEqual([]);
    expect(r.config).toEqual({
      ...DEFAULT_CONFIG,
      tasks: ['niah'],
      lines: [1000],
      trials: 3,
      seed: 42,
      methods: ['rlm', 'vanilla'],
      models: [
        { provider: 'ollama', model: 'qwen3:4b', hosts: ['http://localhost:11434'] },
        { provider: 'openai', model: 'gpt-4o-mini@eu', hosts: ['https://a/v1', 'https://b/v1'] },
      ],
    });
  });

  it('reads sizes, position and the nosub alias; null when the URL has no bench keys', () => {
    const c = configFromUrl('tasks=sniah,json-agg&sizes=8000,100000&position=end&methods=rlm,nosub,rlm-no-sub')!.config;
    expect([c.tasks, c.sizes, c.position, c.methods]).toEqual([['sniah', 'json-agg'], [8000, 100000], 'end', ['rlm', 'rlm-no-sub']]);
    expect(configFromUrl('?tab=bench')).toBeNull();
    expect(configFromUrl('')).toBeNull();
  });

  it('takes the in-page model as a benchmark model', () => {
    const r = configFromUrl('m=inpage,rlm-tiny.gguf')!;
    expect([r.config.models, r.problems]).toEqual([[{ provider: 'inpage', model: 'rlm-tiny.gguf', hosts: [] }], []]);
  });

  it('ignores bad values with a sentence each and keeps the rest', () => {
    const r = configFromUrl('?tasks=niah,bogus&lines=ten&trials=0&methods=rlm&position=top&m=ollama&m=ollama,qwen3:4b')!;
    expect(r.config.tasks).toEqual(DEFAULT_CONFIG.tasks);
    expect(r.config.models).toEqual([{ provider: 'ollama', model: 'qwen3:4b', hosts: [] }]);
    expect(r.problems).toEqual([
      expect.stringContaining('`tasks`: "bogus" is not one of niah, sniah'),
      '`lines=ten` must be whole numbers from 10 to 10,000,000, comma separated; ignored.',
      '`trials=0` must be whole numbers from 1 to 1,000, comma separated; ignored.',
      '`position=top` is not one of start, middle, end, random; ignored.',
      '`m=ollama` must be PROVIDER,MODEL[,HOST…] with PROVIDER one of ollama, openai, anthropic, inpage; ignored.',
    ]);
  });

  it('configToUrl round-trips', () => {
    const cfg = { ...DEFAULT_CONFIG, tasks: ['niah', 'oolong'] as const, perHost: 2, models: [{ provider: 'ollama' as const, model: 'qwen3:4b', hosts: ['http://h:11434', 'http://g:11434'] }] };
    const url = configToUrl({ ...cfg, tasks: [...cfg.tasks] });
    expect(url).toContain('m=ollama,qwen3:4b,http');
    expect(url.startsWith('?tab=bench&')).toBe(true);
    expect(configFromUrl(url)).toEqual({ config: { ...cfg, tasks: [...cfg.tasks] }, problems: [] });
  });
});

describe('validateConfig', () => {
  it('fills defaults and accepts a full config (object or text)', () => {
    expect(validateConfig({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
    const full = { ...DEFAULT_CONFIG, models: [{ provider: 'anthropic', model: 'claude-haiku-4-5', hosts: [] }], engine: { maxIterations: 5 } };
    expect(validateConfig(JSON.stringify(full))).toEqual({ ok: true, config: full });
  });
  it.each([
    ['{', 'not valid JSON'],
    [{ trials: 'three' }, '`trials` must be a number (got "three")'],
    [{ trials: 2.5 }, '`trials` must be a whole number (got 2.5)'],
    [{ sizes: [20_000_000] }, '`sizes.0` must be at most 10000000'],
    [{ methods: ['rlm', 'fast'] }, '`methods.1` must be one of "rlm", "rlm-no-sub", "vanilla"'],
    [{ models: [{ provider: 'ollama' }] }, '`models.0.model` is missing'],
    [{ tasks: ['custom'] }, '"custom" but `custom` has no cases'],
    [{ tasks: [] }, '`tasks`'],
  ])('%j → %s', (input, message) => {
    const r = validateConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
});

describe('PRESETS', () => {
  const available: BenchModel[] = [
    { provider: 'ollama', model: 'qwen3:4b', hosts: [] },
    { provider: 'ollama', model: 'qwen3:0.6b', hosts: [] },
    { provider: 'ollama', model: 'qwen3:1.7b-q4_K_M', hosts: [] },
    { provider: 'openai', model: 'gpt-4o-mini', hosts: [] },
  ];
  it('RLM-Ollama NIAH: 10,000 lines, 3 trials, seed 42, RLM, the seed models ticked when present', () => {
    const c = PRESETS.find((p) => p.name === 'RLM-Ollama NIAH')!.build(available);
    expect([c.tasks, c.lines, c.trials, c.seed, c.methods]).toEqual([['niah'], [10_000], 3, 42, ['rlm']]);
    expect(c.models.map((m) => m.model)).toEqual(['qwen3:0.6b', 'qwen3:1.7b-q4_K_M']);
    expect(PRESETS[0].build(available.slice(3)).models).toEqual([]);
    expect(validateConfig(c).ok).toBe(true);
  });
  it('minRLM: the six tasks, RLM and vanilla', () => {
    const c = PRESETS.find((p) => p.name === 'minRLM RLM vs vanilla')!.build(available);
    expect(c.tasks).toEqual(['sniah', 'multi-needle', 'oolong-pairs', 'json-agg', 'oolong', 'code-qa']);
    expect(c.methods).toEqual(['rlm', 'vanilla']);
    expect(validateConfig(c).ok).toBe(true);
  });
});
