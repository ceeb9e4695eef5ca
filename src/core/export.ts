import * as v from 'valibot';
import type { RunEvent } from './events';
import { count, runEventSchema } from './event-schema';
import { describeIssue, shorten } from './schema-issues';
import { fillEnvelopes } from './migrate';

/**
 * RLM Studio's own trajectory file: JSON Lines, a header then one event per
 * line (streamed tokens left out: the `response` event holds the full text).
 * Events carry no API keys by construction, so neither does an export.
 */
export const EXPORT_FORMAT = 'rlm-studio-trajectory';
/** 2: every event carries its envelope (runId, parentCallId, depth, turn). Version 1 files are migrated on import. */
const EXPORT_VERSION = 2;

export function toJsonl(events: RunEvent[]): string {
  const header = { type: EXPORT_FORMAT, version: EXPORT_VERSION };
  return [header, ...events.filter((e) => e.type !== 'token')].map((x) => JSON.stringify(x)).join('\n') + '\n';
}

/** A file that cannot be imported; `message` is the text shown to the user. */
export class ImportError extends Error {}

interface Line {
  n: number;
  value: unknown;
}

/** Parses and checks a whole file before returning anything, so a bad file changes nothing. */
export function fromJsonl(text: string): RunEvent[] {
  const lines = parseLines(text);
  if (!lines.length) throw new ImportError('The file is empty.');
  const version = checkHeader(lines[0]);
  if (lines.length < 2) throw new ImportError('The file has a header but no run: line 2 should be a run-started event.');
  const body = version === 1 ? migrateLines(lines.slice(1)) : lines.slice(1);
  const events = body.map(checkEvent);
  checkOrder(events, body);
  return events;
}

/** Version-1 events get their envelope before validation, so their errors name the same fields. */
function migrateLines(lines: Line[]): Line[] {
  const values = fillEnvelopes(lines.map((l) => l.value));
  return lines.map((l, i) => ({ n: l.n, value: values[i] }));
}

function parseLines(text: string): Line[] {
  const out: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    // Blank lines (and a final newline) are not events; numbering still follows the file.
    if (!raw.trim()) return;
    try {
      out.push({ n: i + 1, value: JSON.parse(raw) });
    } catch {
      if (i === 0) throw new ImportError('Line 1 is not JSON: this is not an RLM Studio trajectory file (.jsonl export).');
      throw new ImportError(`Line ${i + 1} is not JSON (the file may be truncated).`);
    }
  });
  return out;
}

// Loose on purpose: the version must be read before anything else is judged.
const headerSchema = v.object({ type: v.optional(v.unknown()), version: v.optional(v.unknown()) });

function checkHeader({ n, value }: Line): number {
  const parsed = v.safeParse(headerSchema, value);
  const { type, version } = parsed.success ? parsed.output : { type: undefined, version: undefined };
  if (type !== EXPORT_FORMAT) {
    const got = type === undefined ? 'no `type`' : `got ${shorten(JSON.stringify(type))}`;
    throw new ImportError(
      `Line ${n} is not an RLM Studio trajectory header: \`type\` must be "${EXPORT_FORMAT}" (${got}). ` +
        'This app imports only files it exported.',
    );
  }
  if (!v.is(count, version)) throw new ImportError(`Line ${n}: \`version\` must be a whole number (got ${shorten(JSON.stringify(version) ?? 'nothing')}).`);
  if (version > EXPORT_VERSION) throw new ImportError(`This file is format version ${version}; this app reads version ≤ ${EXPORT_VERSION}. Update the app to import it.`);
  if (version < 1) throw new ImportError(`Line ${n}: \`version\` must be at least 1 (got ${version}).`);
  return version;
}

function checkEvent({ n, value }: Line): RunEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImportError(`Line ${n} must be a JSON object (got ${shorten(JSON.stringify(value))}).`);
  }
  const r = v.safeParse(runEventSchema, value, { abortEarly: true });
  if (r.success) return r.output;
  const issue = r.issues[0];
  if (issue.type === 'variant' && v.getDotPath(issue) === 'type') {
    if (issue.received === 'undefined') throw new ImportError(`Line ${n}: \`type\` is missing: every line after the header is an event with a type.`);
    throw new ImportError(`Line ${n}: unknown event type ${shorten(issue.received)}.`);
  }
  throw new ImportError(`Line ${n}: ${describeIssue(issue)}.`);
}

function checkOrder(events: RunEvent[], lines: Line[]): void {
  const first = events[0];
  if (first.type !== 'run-started') {
    throw new ImportError(`Line ${lines[0].n}: the first event must be "run-started" (got "${first.type}"): the start of the run is missing.`);
  }
  if (first.parentCallId !== null) {
    throw new ImportError(`Line ${lines[0].n}: the first run is a child run (parentCallId ${JSON.stringify(first.parentCallId)}): the root run is missing.`);
  }
  // Later run-started events are a session's next turn (same runId) or child runs (with a parent call).
  const again = events.findIndex((e, i) => i > 0 && e.type === 'run-started' && e.parentCallId === null && e.runId !== first.runId);
  if (again > 0) throw new ImportError(`Line ${lines[again].n}: a second root run ("${events[again].runId}"); a file holds one run.`);
}
