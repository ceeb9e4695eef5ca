/** `rlm-studio ask "question" [file…]`: the answer alone on stdout, progress on stderr, the outcome in the exit code. */
import { writeFile } from 'node:fs/promises';
import { toJsonl } from '../../core/export';
import { readContextFiles, type NamedContext } from '../context';
import { RLM } from '../rlm';
import { officialJsonl } from '../trace';
import type { CompletionResult } from '../turn';
import { EXIT, exitCodeFor } from './exit';
import { rlmOptions, type ModelFlags } from './options';
import { Progress } from './progress';

export interface AskFlags extends ModelFlags {
  context?: string[];
  json?: boolean;
  trace?: string;
  events?: string;
  quiet?: boolean;
  progress?: boolean;
}

export async function readStdin(): Promise<Uint8Array | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const all = Buffer.concat(chunks);
  return all.length ? new Uint8Array(all) : null;
}

/** Files named, then piped input; `-` names stdin explicitly. */
export async function gatherContext(files: string[]): Promise<NamedContext[]> {
  const named = files.filter((f) => f !== '-');
  const out = await readContextFiles(named);
  const wantsStdin = files.includes('-') || named.length === 0;
  const piped = wantsStdin ? await readStdin() : null;
  if (piped) out.push({ name: 'stdin.txt', content: piped });
  return out;
}

export function jsonSummary(r: CompletionResult) {
  return {
    answer: r.answer, iterations: r.iterations, stopReason: r.stopReason, status: r.status, usage: r.usage, cost: r.cost,
    totalTime: r.totalTime, runId: r.runId, ...(r.error ? { error: r.error } : {}),
  };
}

export async function ask(question: string, files: string[], flags: AskFlags): Promise<number> {
  if (!question.trim()) {
    process.stderr.write('rlm-studio: ask needs a question, e.g. rlm-studio ask "How many ERROR lines?" server.log\n');
    return EXIT.usage;
  }
  const contexts = await gatherContext([...(flags.context ?? []), ...files]);
  const rlm = new RLM(rlmOptions(flags));
  const progress = new Progress(process.stderr, !flags.quiet && (flags.progress ?? process.stderr.isTTY === true));
  const ctrl = new AbortController();
  const onSigint = () => ctrl.abort();
  process.once('SIGINT', onSigint);
  try {
    const r = await rlm.completion({ prompt: question, context: contexts.length ? contexts : undefined, signal: ctrl.signal, onEvent: progress.onEvent });
    progress.done();
    if (flags.trace) await writeFile(flags.trace, officialJsonl(r.trajectory));
    if (flags.events) await writeFile(flags.events, toJsonl(r.trajectory));
    if (flags.json) process.stdout.write(JSON.stringify(jsonSummary(r)) + '\n');
    else if (r.answer !== null) process.stdout.write(r.answer.endsWith('\n') ? r.answer : r.answer + '\n');
    if (r.error) process.stderr.write(`rlm-studio: error: ${r.error}\n`);
    else if (r.stopReason !== 'answered' && !flags.json) process.stderr.write(`rlm-studio: stopped (${r.stopReason}) before a final answer${r.answer ? '; the answer above is partial' : ''}.\n`);
    return exitCodeFor(r.stopReason);
  } finally {
    process.off('SIGINT', onSigint);
    await rlm.close();
  }
}
