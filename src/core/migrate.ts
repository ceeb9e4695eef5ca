import type { EventBody, RunEvent, StopReason } from './events';

/**
 * Format version 1 (files exported and history saved before events carried an envelope)
 * to version 2. A version-1 stream is one lone run: every event belongs to the last
 * run-started's run, at the root, in turn 0. Nothing is dropped. Also, any run-finished
 * without a stop reason (written before reasons existed) gets the one its status implies.
 */

/** A version-1 event: a body, with `runId` on run-started only. */
export type LegacyRunEvent = EventBody & { runId?: string };

const ENVELOPE_KEYS = ['parentCallId', 'depth', 'turn'] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** True for an event written before the envelope existed: it has none of the envelope's new fields. */
export function isLegacyEvent(x: unknown): boolean {
  return isObject(x) && ENVELOPE_KEYS.every((k) => !(k in x));
}

/**
 * Fills the envelope of every legacy event in a raw (not yet validated) list, leaving
 * version-2 events and non-objects as they are so that validation afterwards reports
 * them at their own index. Works before validation on purpose: a broken old record then
 * gets the same precise message ("`events.3.iteration` must be a number") as a new one.
 */
export function fillEnvelopes(events: readonly unknown[]): unknown[] {
  let runId = '';
  const filled = events.map((e) => {
    if (isObject(e) && e.type === 'run-started' && typeof e.runId === 'string') runId = e.runId;
    if (!isLegacyEvent(e)) return e;
    return { ...(e as object), runId, parentCallId: null, depth: 0, turn: 0 };
  });
  return fillReasons(filled);
}

/** What an old run-finished meant, from its status and how its turn's final answer came. */
export function reasonFrom(status: unknown, via: unknown): StopReason {
  if (status === 'stopped') return 'stopped';
  if (status === 'error') return 'error';
  return via === 'forced' ? 'iterations' : 'answered';
}

/** Gives every run-finished written before stop reasons existed the reason its status and final imply. */
function fillReasons(events: unknown[]): unknown[] {
  const via = new Map<string, unknown>();
  const key = (e: Record<string, unknown>) => `${String(e.runId)}\u0000${String(e.turn)}`;
  return events.map((e) => {
    if (!isObject(e)) return e;
    if (e.type === 'final') via.set(key(e), e.via);
    if (e.type !== 'run-finished' || 'reason' in e) return e;
    return { ...e, reason: reasonFrom(e.status, via.get(key(e))) };
  });
}

/** Typed form of the migration, for events already checked against the version-1 shapes. */
export function migrateEvents(events: readonly LegacyRunEvent[]): RunEvent[] {
  return fillEnvelopes(events) as RunEvent[];
}

/**
 * A history record as read from IndexedDB (`{ runId, events }`), with legacy events
 * migrated, for validation by the store. Anything else is passed through untouched so
 * the store's own check reports it.
 */
export function migrateStored(record: unknown): unknown {
  if (!isObject(record) || !Array.isArray(record.events)) return record;
  const needs = (e: unknown) => isLegacyEvent(e) || (isObject(e) && e.type === 'run-finished' && !('reason' in e));
  if (!record.events.some(needs)) return record;
  return { ...record, events: fillEnvelopes(record.events) };
}
