import type { RunEvent } from '../core/events';

/**
 * A run's events in IndexedDB as append-only chunks, so a checkpoint writes what happened since the last one instead
 * of the whole run again (a 1,000-iteration run used to rewrite its whole event list at each of its 1,000 saves).
 *
 * The chunks live in the `events` store beside the records saved before (one `{ runId, events }` per run), so the
 * database keeps its version (older tabs and tools open it at version 1). That store's key path is `runId`, so a
 * chunk's `runId` field is its key, `<run id>\0<seq, 9 digits>`, which sorts chunks in order after the run's own key;
 * `run` and `seq` say the same plainly.
 */
export interface EventChunk {
  runId: string;
  run: string;
  seq: number;
  events: RunEvent[];
}

const SEP = '\u0000';

export const chunkKey = (runId: string, seq: number) => `${runId}${SEP}${String(seq).padStart(9, '0')}`;

/** Every chunk key of a run, and nothing of another run (run ids hold no NUL). */
export const chunkRange = (runId: string) => IDBKeyRange.bound(`${runId}${SEP}`, `${runId}\u0001`, false, true);

export const eventChunk = (runId: string, seq: number, events: RunEvent[]): EventChunk =>
  ({ runId: chunkKey(runId, seq), run: runId, seq, events });

/** What this page last wrote of a run: how many events, the last one (by identity) and the last chunk's number. */
export interface Written {
  count: number;
  last: RunEvent | undefined;
  seq: number;
}

export type SavePlan =
  | { kind: 'append'; seq: number; events: RunEvent[] }
  | { kind: 'summary-only' }
  | { kind: 'rewrite'; events: RunEvent[] };

/**
 * Appends when `events` continue what was written (same length or longer, and the last written event is the same
 * object at the same place: the run's own checkpoints are copies of one growing list); otherwise the run is written
 * anew (first save in this page, an import, a list that is not a continuation).
 */
export function planSave(written: Written | undefined, events: RunEvent[]): SavePlan {
  const continues = written && events.length >= written.count && (written.count === 0 || events[written.count - 1] === written.last);
  if (!continues) return { kind: 'rewrite', events };
  if (events.length === written.count) return { kind: 'summary-only' };
  return { kind: 'append', seq: written.seq + 1, events: events.slice(written.count) };
}

export function afterSave(plan: SavePlan, written: Written | undefined, events: RunEvent[]): Written {
  const seq = plan.kind === 'append' ? plan.seq : plan.kind === 'rewrite' ? 0 : written!.seq;
  return { count: events.length, last: events[events.length - 1], seq };
}

/**
 * A run's stored record: its chunks joined in order when it has any, else the whole-run record saved before chunks
 * (read as it is, never rewritten). `undefined` when neither exists. A chunk that is not one is returned as is, for
 * the caller's validation to reject and report.
 */
export function joinStored(legacy: unknown, chunks: unknown[]): unknown {
  if (!chunks.length) return legacy;
  const sorted = [...chunks].sort((a, b) => seqOf(a) - seqOf(b));
  const parts = sorted.map((c) => (c as { events?: unknown }).events);
  if (!parts.every(Array.isArray)) return { events: parts.find((p) => !Array.isArray(p)) };
  return { events: (parts as unknown[][]).flat() };
}

const seqOf = (c: unknown) => {
  const seq = (c as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' ? seq : Number.MAX_SAFE_INTEGER;
};
