import { recursionNote } from '../recursion-prompt';
import { describe, expect, it } from 'vitest';
import { buildInitialMessages } from '../prompts';
import { defaultSystemPrompt, PROMPT_STRATEGIES } from '../strategies';
import { profileContext } from '../profile';
import { runRlm } from '../loop';
import { ScriptedProvider, ScriptedRepl } from '../testing';
import type { ContextMeta } from '../types';

const text = `${'alpha beta gamma delta '.repeat(2000)}\nSECRET=Zx81kQ0pLm3Vb7TnR2yWc9Hf5GdJs4Ae\n${'alpha beta gamma delta '.repeat(2000)}`;

async function meta(withProfile: boolean): Promise<ContextMeta> {
  const m: ContextMeta = { name: 'log.txt', pyType: 'str', totalChars: text.length, lines: 3, bytes: text.length, head: 'HEADTEXT', tail: 'TAILTEXT', warnings: [] };
  if (withProfile) m.profile = await profileContext(text, { pause: async () => undefined });
  return m;
}

describe('prompt strategies', () => {
  it('official: the answer dict and orchestrator guidance, no FINAL; type and size only', async () => {
    const [system, first] = buildInitialMessages('Q?', await meta(true), 10, { strategy: 'official' });
    expect(system.content).toContain('answer["ready"] = True');
    expect(system.content).toContain('You are the orchestrator');
    expect(system.content).not.toMatch(/FINAL\(|FINAL_VAR/);
    expect(first.content).toBe(`Answer the following: Q?\n\nYour context is a str with ${text.length.toLocaleString('en-US')} total characters.\n\n${first.content.split('\n').at(-1)}`);
    expect(first.content).toMatch(/Turn 1\/10:/);
    expect(first.content).not.toContain('HEADTEXT');
    expect(first.content).not.toContain('Entropy map');
  });

  it('final: FINAL / FINAL_VAR, no answer dict; a head and tail preview', async () => {
    const [system, first] = buildInitialMessages('Q?', await meta(true), 10, { strategy: 'final' });
    expect(system.content).toContain('FINAL(your answer)');
    expect(system.content).toContain('FINAL_VAR(variable_name)');
    expect(system.content).not.toContain('answer["');
    expect(first.content).toContain('HEADTEXT');
    expect(first.content).toContain('TAILTEXT');
    expect(first.content).not.toContain('Entropy map');
  });

  it('profile: the entropy map with the outlier, its offsets and excerpt in the first message', async () => {
    const m = await meta(true);
    const [system, first] = buildInitialMessages('Q?', m, 10, { strategy: 'profile' });
    expect(system.content).toContain('entropy map');
    const at = text.indexOf('SECRET=');
    const o = m.profile!.outliers[0];
    expect(o.start).toBeLessThanOrEqual(at);
    expect(first.content).toContain('Entropy map: zlib compression ratio');
    expect(first.content).toContain(`chars ${o.start.toLocaleString('en-US')}–${o.end.toLocaleString('en-US')}`);
    expect(first.content).toContain('Zx81kQ0pLm3Vb7TnR2yWc9Hf5GdJs4Ae');
    expect(first.content).toMatch(/Head \[0–300\):/);
    expect(first.content).toMatch(/Middle \[/);
    // Twenty section rows.
    expect(first.content.match(/^ ?\d+\. \[/gm)).toHaveLength(20);
  });

  it('profile without a computed profile falls back to the preview and says so', async () => {
    const [, first] = buildInitialMessages('Q?', await meta(false), 10, { strategy: 'profile' });
    expect(first.content).toContain('HEADTEXT');
    expect(first.content).toContain('No entropy profile was computed');
  });

  it('each strategy has its own default system prompt, with extra sections appended', () => {
    const prompts = PROMPT_STRATEGIES.map((s) => defaultSystemPrompt(s));
    expect(new Set(prompts).size).toBe(3);
    const withNote = defaultSystemPrompt('final', { extraSections: ['Recursion: depth 1 of 1.'] });
    expect(withNote).toBe(`${prompts[1]}\n\nRecursion: depth 1 of 1.`);
    const [system] = buildInitialMessages('Q?', null, 5, { strategy: 'final', extraSections: ['Recursion: depth 1 of 1.'] });
    expect(system.content).toBe(withNote);
  });

  it('a run uses the systemPrompt override verbatim, and the strategy from its settings', async () => {
    const p = new ScriptedProvider(() => 'FINAL(ok)');
    const deps = { root: p, sub: p, repl: new ScriptedRepl(() => ({})), emit: () => undefined };
    const custom = '  My own prompt.\nAnswer with FINAL(x).  ';
    await runRlm({ question: 'Q?', context: null, rootModel: 'r', settings: { systemPrompt: custom, strategy: 'final' } }, deps);
    expect(p.calls[0][0]).toEqual({ role: 'system', content: custom });
    await runRlm({ question: 'Q?', context: null, rootModel: 'r', settings: { strategy: 'profile' } }, deps);
    // The default carries the note on what rlm_query does at this depth (no recursion here).
    const note = { extraSections: [recursionNote(1, 0)] };
    expect(p.calls[1][0].content).toBe(defaultSystemPrompt('profile', note));
    // A cleared editor means the default, not an empty system prompt.
    await runRlm({ question: 'Q?', context: null, rootModel: 'r', settings: { systemPrompt: '  ' } }, deps);
    expect(p.calls[2][0].content).toBe(defaultSystemPrompt('official', note));
  });
});
