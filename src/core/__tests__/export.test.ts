import { describe, expect, it } from 'vitest';
import { fromJsonl, ImportError, toJsonl } from '../export';
import { runRlm } from '../loop';
import type { RunEvent } from '../events';
import { replay } from '../trajectory';
import { ScriptedProvider, ScriptedRepl } from '../testing';

describe('trajectory JSONL', () => {
  it('round-trips a run without its token events', async () => {
    const events: RunEvent[] = [];
    const p = new ScriptedProvider(() => '```repl\nFINAL(1)\n```');
    await runRlm(
      { question: 'q', context: null, rootModel: 'm' },
      { root: p, sub: p, repl: new ScriptedRepl(() => ({ final: { value: '1', via: 'FINAL' } })), emit: (e) => events.push(e) },
    );
    const text = toJsonl(events);
    expect(text).not.toContain('"type":"token"');
    const back = fromJsonl(text);
    expect(replay(back)).toEqual(replay(events));
  });
  it('refuses other files with a clear message', () => {
    expect(() => fromJsonl('')).toThrow(ImportError);
    expect(() => fromJsonl('{"type":"metadata"}\n')).toThrow(/not an RLM Studio trajectory/);
    expect(() => fromJsonl('nope')).toThrow(/not JSON/);
  });
});
