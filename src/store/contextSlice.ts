import { errorMessage } from '../core/error-message';
import { formatBytes } from '../core/format';
import type { StateCreator } from 'zustand';
import type { ContextMeta, ContextProfile } from '../core/types';
import { profileKey, profileOfBlobs } from './fileProfile';
import { formatFor, sniff } from './fileKind';
import { pdfToText } from './pdf';
import { isRunning } from './runGate';
import { sha256OfBlobs } from './fileHash';
import { liveSessionOf } from './sessionSlice';
import type { AppState, ContextFile, SandboxReadiness, StoreDeps } from './types';

export type ContextState =
  | { status: 'empty'; meta: null }
  | { status: 'loading'; meta: null; names: string[]; phase: string; loaded?: number; total?: number }
  | { status: 'ready'; meta: ContextMeta; names: string[] }
  | { status: 'error'; meta: null; names: string[]; message: string; canLoadAsText: boolean };

/** A change asked for during a run: the running code must keep the context it started with. */
export type PendingContext = { kind: 'files'; files: File[]; asText: boolean } | { kind: 'clear' };

export interface ContextSlice {
  sandbox: SandboxReadiness;
  context: ContextState;
  pendingContext: PendingContext | null;
  /** The user's files behind the loaded context, with their hash: what "keep the file with the run" stores. */
  contextFiles: { files: File[]; sha256: string } | null;
  /** Applies the change held back during a run (the run slice calls it when the run ends). */
  applyPendingContext(): Promise<void>;
  cancelPendingContext(): void;
  setFiles(files: File[], opts?: { asText?: boolean }): Promise<void>;
  /** Loads the last files again as plain text (after a JSON error). */
  loadAsText(): Promise<void>;
  clearContext(): Promise<void>;
  /**
   * The loaded context's meta as a run should see it: with its profile (ContextMeta.profile) when the
   * 'profile' strategy is chosen, computed now if it was not at load (the strategy changed since).
   */
  contextForRun(): Promise<ContextMeta | null>;
}

const PROFILES_KEPT = 4;

export const createContextSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], ContextSlice> =>
  (set, get) => {
    deps.sandbox.subscribe((sandbox) => set({ sandbox }));
    let lastFiles: File[] = [];
    /** The loaded text's sources (a PDF's extracted text, the other files as they are), for the profile. */
    let sources: Blob[] = [];
    let loadId = 0;
    // Promises, so that a run started while the load-time profile is computed waits for that one.
    const profiles = new Map<string, Promise<ContextProfile>>();
    const wantsProfile = () => get().settings.engine.strategy === 'profile';
    const withProfile = async (): Promise<ContextMeta | null> => {
      const { context } = get();
      if (context.status !== 'ready' || context.meta.profile || !wantsProfile()) return context.meta;
      const id = loadId;
      const key = profileKey(lastFiles, context.meta.sha256);
      const pending = profiles.get(key) ?? profileOfBlobs(sources, context.meta.totalChars);
      profiles.set(key, pending);
      if (profiles.size > PROFILES_KEPT) profiles.delete(profiles.keys().next().value!);
      const profile = await pending.catch((e: unknown) => {
        profiles.delete(key);
        throw e;
      });
      const now = get().context;
      // Another file was loaded meanwhile: its own profile is computed for it.
      if (id !== loadId || now.status !== 'ready') return context.meta;
      const meta = { ...now.meta, profile };
      set({ context: { ...now, meta } });
      return meta;
    };
    const addToSession = async (files: File[], asText: boolean) => {
      const names = files.map((f) => f.name);
      try {
        await get().addSessionContext(await checkFiles(files, asText, () => {}), names);
      } catch (e) {
        const live = get().session;
        if (live) set({ session: { ...live, adding: null, addError: `${names.join(', ')} could not be added: ${errorMessage(e)}` } });
      }
    };
    return {
      sandbox: { state: 'loading' },
      context: { status: 'empty', meta: null },
      pendingContext: null,
      contextFiles: null,
      applyPendingContext: async () => {
        const p = get().pendingContext;
        if (!p) return;
        set({ pendingContext: null });
        await (p.kind === 'clear' ? get().clearContext() : get().setFiles(p.files, { asText: p.asText }));
      },
      cancelPendingContext: () => set({ pendingContext: null }),
      contextForRun: withProfile,
      loadAsText: () => get().setFiles(lastFiles, { asText: true }),
      clearContext: async () => {
        if (isRunning(get())) return set({ pendingContext: { kind: 'clear' } });
        loadId++;
        lastFiles = [];
        sources = [];
        // Loading `context` again starts a fresh namespace: the session's variables are gone with it.
        set({ context: { status: 'empty', meta: null }, contextFiles: null, session: null });
        await deps.sandbox.loadContext(null);
      },
      setFiles: async (files, opts = {}) => {
        if (!files.length) return get().clearContext();
        if (isRunning(get())) return set({ pendingContext: { kind: 'files', files, asText: opts.asText ?? false } });
        // During a session a file is the next context_<n>: `context` and every variable stay as they are.
        if (liveSessionOf(get())) return addToSession(files, opts.asText ?? false);
        const id = ++loadId;
        lastFiles = files;
        const names = files.map((f) => f.name);
        const bytes = files.reduce((n, f) => n + f.size, 0);
        const phase = `Loading ${formatBytes(bytes)} into Python…`;
        set({ context: { status: 'loading', meta: null, names, phase }, contextFiles: null, session: null });
        try {
          const payload = await checkFiles(files, opts.asText ?? false, (loaded, total) => {
            const pdf = { status: 'loading' as const, meta: null, names, phase: `Extracting PDF text: page ${loaded} of ${total}`, loaded, total };
            if (id === loadId) set({ context: pdf });
          });
          if (id === loadId) set({ context: { status: 'loading', meta: null, names, phase } });
          if (id !== loadId) return;
          sources = payload.map((p) => (p.bytes instanceof Blob ? p.bytes : new Blob([p.bytes])));
          // Hashed while Python loads: both read the file slice by slice, neither holds a second copy.
          const [loaded, sha256] = await Promise.all([deps.sandbox.loadContext(payload), hashOrNull(files)]);
          if (id !== loadId) return;
          const meta = loaded && sha256 ? { ...loaded, sha256 } : loaded;
          set({
            context: meta ? { status: 'ready', meta, names } : { status: 'empty', meta: null },
            contextFiles: meta && sha256 ? { files, sha256 } : null,
          });
          // Ready first, profiled after: the profile only matters once a run starts, which waits for it.
          if (meta && wantsProfile()) void withProfile().catch((e) => console.warn(`Context profile not computed: ${errorMessage(e)}`));
        } catch (e) {
          if (id !== loadId) return;
          const message = errorMessage(e);
          const canLoadAsText = !opts.asText && lastFiles.some((f) => formatFor(f.name) !== 'text') && /json/i.test(message);
          set({ context: { status: 'error', meta: null, names, message, canLoadAsText } });
        }
      },
    };
  };

/** A hash that cannot be computed costs the run nothing but the summary's hash (and keeping the file). */
async function hashOrNull(files: File[]): Promise<string | null> {
  try {
    return await sha256OfBlobs(files);
  } catch (e) {
    console.warn(`Context hash not computed: ${errorMessage(e)}`);
    return null;
  }
}

/** Refuses what cannot be text before any of it is read in full. */
async function checkFiles(files: File[], asText: boolean, progress: (done: number, total: number) => void): Promise<ContextFile[]> {
  const out: ContextFile[] = [];
  for (const f of files) {
    const kind = sniff(await f.slice(0, 8192).arrayBuffer());
    if (kind === 'pdf') {
      const text = await pdfToText(await f.arrayBuffer(), progress);
      // A Blob of the text (UTF-8): the sandbox reads it like any file, with no ArrayBuffer copy kept for reloads.
      out.push({ name: f.name, bytes: new Blob([text], { type: 'text/plain' }), format: 'text' });
      continue;
    }
    if (kind === 'binary') {
      throw new Error(`${f.name} looks like a binary file (${formatBytes(f.size)}, contains NUL bytes). Drop a text, JSON or CSV file.`);
    }
    out.push({ name: f.name, bytes: f, format: asText ? 'text' : formatFor(f.name) });
  }
  return out;
}
