/** One status line on stderr while a run works: iteration, blocks, sub-calls, tokens, cost. */
import type { RunEvent } from '../../core/events';

export interface ProgressSink {
  write(s: string): void;
}

const k = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

export class Progress {
  private iteration = 0;
  private blocks = 0;
  private subcalls = 0;
  private tokensIn = 0;
  private tokensOut = 0;
  private cost = 0;
  private costKnown = true;
  private shown = false;

  constructor(private readonly out: ProgressSink, private readonly enabled: boolean) {}

  onEvent = (e: RunEvent): void => {
    if (!this.enabled) return;
    if (e.type === 'iteration-started' && e.depth === 0) this.iteration = e.iteration;
    else if (e.type === 'code-finished') this.blocks++;
    else if (e.type === 'subcall-finished') {
      this.subcalls++;
      this.count(e);
    } else if (e.type === 'response') this.count(e);
    else if (e.type === 'run-finished' && e.depth === 0) return this.done();
    else return;
    this.draw();
  };

  private count(e: { usage: { inputTokens: number; outputTokens: number }; cost: number | null }): void {
    this.tokensIn += e.usage.inputTokens;
    this.tokensOut += e.usage.outputTokens;
    if (e.cost === null) this.costKnown = false;
    else this.cost += e.cost;
  }

  private draw(): void {
    const cost = this.costKnown ? `$${this.cost.toFixed(4)}` : 'cost unknown';
    const line = `iteration ${this.iteration} · ${this.blocks} blocks · ${this.subcalls} sub-calls · ${k(this.tokensIn)} in / ${k(this.tokensOut)} out tokens · ${cost}`;
    this.out.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
