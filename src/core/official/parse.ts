import * as v from 'valibot';
import { iterationFromRaw, metadataFromRaw, newScope } from './fromRaw';
import { iterationRecordSchema, KNOWN, metadataRecordSchema } from './schema';
import type { JsonObject, OfficialCompletion, OfficialLog } from './types';

/** A log that cannot be read; `line` is 1-based, `path` the offending field when known. */
class OfficialLogError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'OfficialLogError';
  }
}

interface Line {
  no: number;
  value: unknown;
}

const HINT = 'An official rlm log (RLMLogger) has one JSON object per line: a "metadata" record, then one "iteration" record per turn.';

function readLines(text: string): Line[] {
  const raw = text.split(/\r?\n/);
  const lastNonEmpty = raw.findLastIndex((l) => l.trim() !== '');
  const lines: Line[] = [];
  raw.forEach((textLine, i) => {
    if (textLine.trim() === '') return;
    try {
      lines.push({ no: i + 1, value: JSON.parse(textLine) });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const cut = i === lastNonEmpty ? ' It is the last line, so the file looks truncated: copy the complete log again.' : '';
      throw new OfficialLogError(`Line ${i + 1}: not valid JSON (${why}).${cut}`, i + 1);
    }
  });
  if (lines.length === 0) throw new OfficialLogError(`The file is empty. ${HINT}`);
  return lines;
}

function formatPath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    if (typeof item.key === 'number') out += `[${item.key}]`;
    else out += out ? `.${String(item.key)}` : String(item.key);
  }
  return out;
}

function shorten(received: string): string {
  return received.length > 40 ? `${received.slice(0, 37)}...` : received;
}

function issueError(no: number, issues: v.BaseIssue<unknown>[]): OfficialLogError {
  const issue = issues[0]!;
  const path = formatPath(issue);
  // Optional fields accept undefined, so an issue that received it is a required field left out.
  const missing = issue.received === 'undefined';
  const what = missing ? 'is missing' : `${issue.message} (got ${shorten(issue.received)})`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} in this line)` : '';
  const subject = path ? `\`${path}\`` : 'The record';
  return new OfficialLogError(`Line ${no}: ${subject} ${what}${more}`, no, path || undefined);
}

function validate<T>(schema: v.GenericSchema<T>, line: Line): T {
  const result = v.safeParse(schema, line.value, { abortEarly: false });
  if (!result.success) throw issueError(line.no, result.issues);
  return result.output;
}

function recordType(line: Line): string {
  const value = line.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OfficialLogError(`Line ${line.no}: must be a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}. ${HINT}`, line.no);
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    throw new OfficialLogError(`Line ${line.no}: \`type\` must be "metadata" or "iteration" (got ${JSON.stringify(type) ?? 'nothing'}).`, line.no, 'type');
  }
  return type;
}

/** Mutable state while folding lines into completions. */
interface Fold {
  log: OfficialLog;
  metadataLine?: number;
  current?: OfficialCompletion;
  scope: ReturnType<typeof newScope>;
  sawIteration: boolean;
}

function startCompletion(fold: Fold): OfficialCompletion {
  const completion: OfficialCompletion = { iterations: [], finalAnswer: null };
  fold.log.completions.push(completion);
  fold.current = completion;
  fold.scope = newScope();
  return completion;
}

function addMetadata(fold: Fold, line: Line): void {
  if (fold.metadataLine !== undefined || fold.sawIteration) {
    const first = fold.metadataLine === undefined ? 'after iteration records' : `(the first is on line ${fold.metadataLine})`;
    throw new OfficialLogError(
      `Line ${line.no}: a second metadata record ${first}. One file holds one RLMLogger's output; split concatenated logs into separate files.`,
      line.no,
    );
  }
  fold.log.metadata = metadataFromRaw(validate(metadataRecordSchema, line), KNOWN.metadata);
  fold.metadataLine = line.no;
}

function addIteration(fold: Fold, line: Line): void {
  const raw = validate(iterationRecordSchema, line);
  const last = fold.current?.iterations.at(-1);
  // A new RLM.completion() on the same logger restarts the counter (persistent mode).
  const completion = !fold.current || (last && raw.iteration <= last.index) ? startCompletion(fold) : fold.current;
  const iteration = iterationFromRaw(raw, completion.iterations.length, fold.scope);
  completion.iterations.push(iteration);
  completion.finalAnswer = iteration.finalAnswer;
  fold.sawIteration = true;
}

/** Records of other types (some versions write `run_context` before each run) are kept in place. */
function addOther(fold: Fold, line: Line, type: string): void {
  const hasTurns = (fold.current?.iterations.length ?? 0) > 0;
  const completion = !fold.current || (type === 'run_context' && hasTurns) ? startCompletion(fold) : fold.current;
  const record = { position: completion.iterations.length, record: line.value as JsonObject };
  completion.otherRecords = [...(completion.otherRecords ?? []), record];
}

function notOfficial(lines: Line[]): OfficialLogError {
  const first = lines[0]!;
  const ours = recordType(first) === 'run-started' ? ' It looks like an RLM Studio log; import it as one.' : '';
  return new OfficialLogError(`No metadata or iteration record found.${ours} ${HINT}`, first.no);
}

/** Parse a JSONL log written by the official rlm package. Throws OfficialLogError naming line and field. */
export function parseOfficialLog(text: string): OfficialLog {
  const lines = readLines(text);
  const fold: Fold = { log: { completions: [] }, scope: newScope(), sawIteration: false };
  for (const line of lines) {
    const type = recordType(line);
    if (type === 'metadata') addMetadata(fold, line);
    else if (type === 'iteration') addIteration(fold, line);
    else addOther(fold, line, type);
  }
  if (fold.metadataLine === undefined && !fold.sawIteration) throw notOfficial(lines);
  return fold.log;
}

/**
 * Whether a file's first line is an official rlm record rather than ours (whose first
 * line is a `run-started` event). Cheap: looks at the record's type and signature field.
 */
export function detectOfficialLog(firstLine: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(firstLine);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (record.type === 'metadata') return typeof record.root_model === 'string';
  if (record.type === 'iteration') return typeof record.iteration === 'number' && Array.isArray(record.code_blocks);
  if (record.type === 'run_context') return 'prompt' in record;
  return false;
}
