/**
 * Some OpenAI-compatible servers (llama.cpp without a reasoning parser, LM
 * Studio, older vLLM) put a model's reasoning inside the content as
 * `<think>…</think>`. Left in the text, a ```repl block drafted while thinking
 * would be executed, so a leading think section is split off as thinking.
 */
export type Piece = { type: 'text' | 'thinking'; text: string };

const OPEN = '<think>';
const CLOSE = '</think>';

export class ThinkTagSplitter {
  private state: 'start' | 'thinking' | 'text' = 'start';
  private buf = '';

  push(chunk: string): Piece[] {
    if (this.state === 'text') return chunk ? [{ type: 'text', text: chunk }] : [];
    this.buf += chunk;
    return this.state === 'start' ? this.fromStart() : this.fromThinking();
  }

  /** Whatever is still held back when the stream ends. */
  flush(): Piece[] {
    const rest = this.buf;
    this.buf = '';
    if (!rest) return [];
    return [{ type: this.state === 'thinking' ? 'thinking' : 'text', text: rest }];
  }

  private fromStart(): Piece[] {
    const trimmed = this.buf.trimStart();
    if (trimmed.length < OPEN.length && OPEN.startsWith(trimmed)) return [];
    if (trimmed.startsWith(OPEN)) {
      this.state = 'thinking';
      this.buf = trimmed.slice(OPEN.length);
      return this.fromThinking();
    }
    this.state = 'text';
    const text = this.buf;
    this.buf = '';
    return [{ type: 'text', text }];
  }

  private fromThinking(): Piece[] {
    const end = this.buf.indexOf(CLOSE);
    if (end >= 0) {
      const thinking = this.buf.slice(0, end);
      const after = this.buf.slice(end + CLOSE.length).replace(/^\s+/, '');
      this.buf = '';
      this.state = 'text';
      const out: Piece[] = [];
      if (thinking) out.push({ type: 'thinking', text: thinking });
      if (after) out.push({ type: 'text', text: after });
      return out;
    }
    // Hold back a tail that could be the start of the closing tag.
    let keep = 0;
    for (let k = Math.min(CLOSE.length - 1, this.buf.length); k > 0; k--) {
      if (CLOSE.startsWith(this.buf.slice(-k))) {
        keep = k;
        break;
      }
    }
    const out = this.buf.slice(0, this.buf.length - keep);
    this.buf = this.buf.slice(this.buf.length - keep);
    return out ? [{ type: 'thinking', text: out }] : [];
  }
}
