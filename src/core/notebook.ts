import type { RunEvent } from './events';
import { withoutFences } from './parse';
import { replay, type BlockView, type IterationView, type RunNode, type Trajectory, type TurnView } from './trajectory';

/**
 * A run as a Jupyter notebook (nbformat 4.5): the question and the final answer as
 * markdown, each iteration's prose (the response without its code fences) as markdown,
 * and one code cell per executed block with what it printed as `stream` outputs.
 * Only the root run's blocks become code cells: a child run's code ran in another REPL,
 * so its calls are summarised in markdown rather than made re-runnable here.
 */

type Source = string[];

interface MarkdownCell {
  cell_type: 'markdown';
  id: string;
  metadata: Record<string, never>;
  source: Source;
}

interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: Source;
}

interface CodeCell {
  cell_type: 'code';
  id: string;
  metadata: Record<string, unknown>;
  source: Source;
  execution_count: number | null;
  outputs: StreamOutput[];
}

export type NotebookCell = MarkdownCell | CodeCell;

/** nbformat's multiline string: lines keeping their newline, the last without. */
function lines(text: string): Source {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

class Cells {
  readonly cells: NotebookCell[] = [];
  private executed = 0;

  markdown(text: string): void {
    if (text.trim()) this.cells.push({ cell_type: 'markdown', id: `cell-${this.cells.length + 1}`, metadata: {}, source: lines(text) });
  }

  code(b: BlockView): void {
    const outputs: StreamOutput[] = [];
    if (b.stdout) outputs.push({ output_type: 'stream', name: 'stdout', text: lines(b.stdout) });
    const stderr = [b.stderr, b.timedOut ? 'Timed out.' : '', b.reset ? `NOTE: ${b.reset}` : ''].filter(Boolean).join('\n');
    if (stderr) outputs.push({ output_type: 'stream', name: 'stderr', text: lines(stderr) });
    const metadata = b.durationMs !== undefined ? { rlm_studio: { duration_ms: b.durationMs, ok: b.ok ?? null } } : {};
    const execution_count = b.status === 'done' ? ++this.executed : null;
    this.cells.push({ cell_type: 'code', id: `cell-${this.cells.length + 1}`, metadata, source: lines(b.code), execution_count, outputs });
  }
}

const quote = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');
const clip = (text: string, max = 500) => (text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text);

function subcallNotes(t: Trajectory, b: BlockView): string {
  const notes = b.subcalls.flatMap((id) => {
    const s = t.subcalls[id];
    if (!s) return [];
    const child = s.childRunId ? t.runs[s.childRunId] : undefined;
    const recursed = child ? ` — recursed into a child run of ${child.turns.reduce((n, tn) => n + tn.iterations.length, 0)} iteration(s)` : '';
    const answer = s.error ? `Error: ${s.error}` : (s.response ?? '(no answer)');
    return [`**Sub-call** (${s.model})${recursed}\n\n${quote(clip(s.prompt))}\n\n→ ${clip(answer)}`];
  });
  return notes.join('\n\n');
}

function iteration(out: Cells, t: Trajectory, it: IterationView, level: string): void {
  const heading = `${level} Iteration ${it.iteration}${it.forced ? ' (forced final answer)' : ''}`;
  const prose = withoutFences(it.content);
  out.markdown([heading, prose, ...it.notices.map((n) => `*${n}*`)].filter(Boolean).join('\n\n'));
  for (const b of it.blocks) {
    out.code(b);
    out.markdown(subcallNotes(t, b));
  }
}

function turn(out: Cells, t: Trajectory, run: RunNode, tn: TurnView): void {
  const multi = run.turns.length > 1;
  out.markdown(`${multi ? `## Question ${tn.turn + 1}` : '# Question'}\n\n${tn.question}`);
  if (tn.context && tn.turn === 0) out.markdown(`Context: \`${tn.context.name}\` (${tn.context.pyType}, ${tn.context.totalChars.toLocaleString('en-US')} characters), loaded as \`context\`.`);
  for (const it of tn.iterations) iteration(out, t, it, multi ? '###' : '##');
  const answer = tn.final ? `${tn.final.answer}\n\n*(via ${tn.final.via}, iteration ${tn.final.iteration})*` : `No final answer (${tn.status}).`;
  out.markdown(`${multi ? '###' : '##'} Final answer\n\n${answer}`);
}

export function toNotebook(events: RunEvent[]): string {
  const t = replay(events);
  const out = new Cells();
  const run = t?.runs[t.rootRunId];
  if (t && run) for (const tn of run.turns) turn(out, t, run, tn);
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python', file_extension: '.py', mimetype: 'text/x-python', pygments_lexer: 'ipython3' },
      rlm_studio: t ? { run_id: t.rootRunId, root_model: t.settings.rootModel, sub_model: t.settings.subModel } : {},
    },
    cells: out.cells,
  };
  return JSON.stringify(notebook, null, 1) + '\n';
}
