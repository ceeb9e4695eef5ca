/**
 * The in-page model in the bench page (`window.benchInpage`, called by inpage.ts): the app's own engine, store
 * and provider with the tiny test model, timed inside the page.
 */
import { InpageEngine } from '../../src/providers/inpage/engine';
import { InpageProvider } from '../../src/providers/inpage';
import type { ChatMessage } from '../../src/core/types';

const now = () => performance.now();
const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'How many lines has the context?' },
];

async function drain(it: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of it) void _;
}

const api = {
  /** Cold: the runtime chunk, the wasm and the model, in a fresh page. Then the same URL again from OPFS. */
  async loads(url: string) {
    const engine = new InpageEngine();
    let t = now();
    const cold = await engine.loadUrl(url);
    const coldMs = now() - t;
    await engine.unload();
    t = now();
    const cached = await engine.loadUrl(url);
    const cacheMs = now() - t;
    return { coldMs, cacheMs, coldSource: cold?.source, cacheSource: cached?.source, threads: cached?.threads, status: engine.getStatus().state };
  },

  /** Per call: the provider's wall time and llama.cpp's own (prompt + generation, from its timings). */
  async calls(url: string, n: number) {
    const engine = new InpageEngine();
    const model = await engine.loadUrl(url);
    if (!model) throw new Error(JSON.stringify(engine.getStatus()));
    const provider = new InpageProvider({ engine: async () => engine });
    const wall: number[] = [];
    const llama: number[] = [];
    for (let i = 0; i < n; i++) {
      let t = now();
      await drain(provider.chat(MESSAGES, { model: model.name }));
      wall.push(now() - t);
      t = now();
      const stream = (await engine.loaded()!.wllama.createChatCompletion({ messages: MESSAGES, stream: true })) as AsyncIterable<{
        timings?: { prompt_ms: number; predicted_ms: number };
      }>;
      let timing = 0;
      for await (const c of stream) if (c.timings) timing = c.timings.prompt_ms + c.timings.predicted_ms;
      llama.push(timing);
    }
    await engine.unload();
    return { wall, llama };
  },
};

export type InpageBenchApi = typeof api;
declare global {
  interface Window {
    benchInpage: InpageBenchApi;
  }
}
window.benchInpage = api;
