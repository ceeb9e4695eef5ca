import type { EventBody, RunEvent } from './events';

/**
 * Format version 1 (files exported and history saved before events carried an envelope)
 * to version 2. A version-1 stream is one lone run: every event belongs to the last
 * run-started's run, at the root, in turn 0. Nothing is dropped.
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
  return events.map((e) => {
    if (isObject(e) && e.type === 'run-started' && typeof e.runId === 'string') runId = e.runId;
    if (!isLegacyEvent(e)) return e;
    return { ...(e as object), runId, parentCallId: null, depth: 0, turn: 0 };
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
  if (!record.events.some(isLegacyEvent)) return record;
  return { ...record, events: fillEnvelopes(record.events) };
}
