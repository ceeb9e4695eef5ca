import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import * as v from 'valibot';
import type { RunEvent } from '../core/events';
import { finiteNumber, runEventListSchema } from '../core/event-schema';
import { describeIssue } from '../core/schema-issues';
import { migrateStored } from '../core/migrate';
import type { HistoryStore, RunSummary } from './types';
import { afterSave, chunkRange, eventChunk, joinStored, planSave, type SavePlan, type Written } from './eventChunks';

interface HistorySchema extends DBSchema {
  runs: { key: string; value: RunSummary; indexes: { startedAt: number } };
  /** Per run: a record saved before chunks (`{ runId, events }`), or its chunks (eventChunks.ts). */
  events: { key: string; value: { runId: string; events: RunEvent[]; run?: string; seq?: number } };
}

const runSummarySchema = v.object({
  runId: v.string(),
  question: v.string(),
  startedAt: finiteNumber,
  status: v.string(),
  answer: v.union([v.string(), v.null()]),
  rootModel: v.string(),
  iterations: finiteNumber,
  wallMs: finiteNumber,
  contextName: v.union([v.string(), v.null()]),
  // Added with search and "keep the file": records saved before have none of these and still list.
  models: v.optional(v.array(v.string())),
  contextSha256: v.optional(v.string()),
  keptFile: v.optional(v.boolean()),
  turns: v.optional(finiteNumber),
  questions: v.optional(v.array(v.string())),
  forkOf: v.optional(v.object({ runId: v.string(), iteration: finiteNumber })),
});

/** Fills what older records lack: a run saved before `models` existed used at least its root model. */
function upgradeSummary(r: v.InferOutput<typeof runSummarySchema>): RunSummary {
  return { ...r, models: r.models?.length ? r.models : [r.rootModel] };
}

/** Shown where a run was, so the user sees that something is wrong and can delete it. */
export const UNREADABLE_STATUS = 'unreadable';

/**
 * Records read back from IndexedDB are untrusted (an older app version, a
 * browser extension, a half-written upgrade): each is checked on its own.
 * A corrupt one is not shown as a run; it stays in the list as an
 * "unreadable" row naming the problem, so one bad record neither breaks the
 * list nor disappears unexplained. Nothing stored is changed.
 */
export function readSummaries(records: unknown[], warn: (m: string) => void = console.warn): RunSummary[] {
  const out: RunSummary[] = [];
  for (const record of records) {
    const r = v.safeParse(runSummarySchema, record);
    if (r.success) {
      out.push(upgradeSummary(r.output));
      continue;
    }
    const runId = typeof record === 'object' && record !== null ? (record as { runId?: unknown }).runId : undefined;
    const problem = describeIssue(r.issues[0]);
    warn(`Run history: saved run ${JSON.stringify(runId)} is unreadable: ${problem}.`);
    if (typeof runId !== 'string') continue;
    out.push({
      runId,
      question: `This saved run could not be read (${problem}). Delete it, or re-import its export.`,
      startedAt: -Infinity,
      status: UNREADABLE_STATUS,
      answer: null,
      rootModel: '?',
      iterations: 0,
      wallMs: 0,
      contextName: null,
      models: [],
    });
  }
  // Newest first; unreadable rows last.
  return out.sort((a, b) => b.startedAt - a.startedAt || (a.runId < b.runId ? -1 : 1));
}

/** A stored run's events, or null when absent or corrupt (reported: a replay of half a run would mislead). */
export function readEvents(record: unknown, warn: (m: string) => void = console.warn): RunEvent[] | null {
  if (record === undefined) return null;
  // Runs saved before events carried an envelope are migrated, never dropped.
  const r = v.safeParse(v.object({ events: runEventListSchema }), migrateStored(record), { abortEarly: true });
  if (r.success) return r.output.events;
  warn(`Run history: a saved run's events are unreadable: ${describeIssue(r.issues[0])}.`);
  return null;
}

interface FilesSchema extends DBSchema {
  files: { key: string; value: { runId: string; files: File[] } };
}

/**
 * Past runs in IndexedDB: summaries for the list, the event stream for replay, and in a
 * database of their own the files the user chose to keep (its own database so the runs
 * database keeps its version: older tabs and tools open it at version 1).
 */
export function indexedDbHistory(name = 'rlm-studio'): HistoryStore {
  let db: Promise<IDBPDatabase<HistorySchema>> | null = null;
  let filesDb: Promise<IDBPDatabase<FilesSchema>> | null = null;
  /** What this page wrote of each run it saved: a checkpoint then appends only what is new. */
  const written = new Map<string, Written>();
  const openFiles = () =>
    (filesDb ??= openDB<FilesSchema>(`${name}-files`, 1, {
      upgrade(d) {
        d.createObjectStore('files', { keyPath: 'runId' });
      },
    }));
  const open = () =>
    (db ??= openDB<HistorySchema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('runs', { keyPath: 'runId' }).createIndex('startedAt', 'startedAt');
        d.createObjectStore('events', { keyPath: 'runId' });
      },
    }));
  return {
    async list() {
      // The whole store, not the startedAt index: the index silently leaves out a record whose startedAt is corrupt.
      return readSummaries(await (await open()).getAll('runs'));
    },
    async save(summary, events) {
      const { runId } = summary;
      const plan = planSave(written.get(runId), events);
      const tx = (await open()).transaction(['runs', 'events'], 'readwrite');
      await Promise.all([tx.objectStore('runs').put(summary), ...writeEvents(tx.objectStore('events'), runId, plan), tx.done]);
      written.set(runId, afterSave(plan, written.get(runId), events));
    },
    async load(runId) {
      const tx = (await open()).transaction('events');
      const [legacy, chunks] = await Promise.all([tx.store.get(runId), tx.store.getAll(chunkRange(runId)), tx.done]);
      return readEvents(joinStored(legacy, chunks));
    },
    async remove(runId) {
      written.delete(runId);
      const tx = (await open()).transaction(['runs', 'events'], 'readwrite');
      const store = tx.objectStore('events');
      await Promise.all([tx.objectStore('runs').delete(runId), store.delete(runId), store.delete(chunkRange(runId)), tx.done]);
      await (await openFiles()).delete('files', runId);
    },
    async saveFiles(runId, files) {
      await (await openFiles()).put('files', { runId, files });
    },
    async loadFiles(runId) {
      const record: unknown = await (await openFiles()).get('files', runId);
      const files = (record as { files?: unknown } | undefined)?.files;
      return Array.isArray(files) && files.every((f) => f instanceof Blob) ? (files as File[]) : null;
    },
  };
}

type EventsStore = IDBPObjectStore<HistorySchema, ('runs' | 'events')[], 'events', 'readwrite'>;

/** The writes a save plan makes in the `events` store; a rewrite also drops the run's older records of either shape. */
function writeEvents(store: EventsStore, runId: string, plan: SavePlan): Promise<unknown>[] {
  if (plan.kind === 'summary-only') return [];
  if (plan.kind === 'append') return [store.put(eventChunk(runId, plan.seq, plan.events))];
  return [store.delete(runId), store.delete(chunkRange(runId)), store.put(eventChunk(runId, 0, plan.events))];
}

/** History in memory, for store tests; `saves` counts writes. */
export function memoryHistory(): HistoryStore & { saves: number } {
  const runs = new Map<string, { summary: RunSummary; events: RunEvent[] }>();
  const kept = new Map<string, File[]>();
  return {
    saves: 0,
    async list() {
      return [...runs.values()].map((r) => r.summary).sort((a, b) => b.startedAt - a.startedAt);
    },
    async save(summary, events) {
      this.saves++;
      runs.set(summary.runId, structuredClone({ summary, events }));
    },
    async load(runId) {
      return structuredClone(runs.get(runId)?.events ?? null);
    },
    async remove(runId) {
      runs.delete(runId);
      kept.delete(runId);
    },
    async saveFiles(runId, files) {
      kept.set(runId, [...files]);
    },
    async loadFiles(runId) {
      return kept.get(runId) ?? null;
    },
  };
}
