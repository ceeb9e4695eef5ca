/**
 * Page side of the service worker (src/pwa/sw.ts): registers it under the base URL, and
 *  - on a host that sends no boundary headers, reloads ONCE when the service worker first takes the page, so the
 *    page and the sandbox worker are served with its headers (said on screen before and after; never during a run);
 *  - when a new deployment is found, offers "A new version is available — Reload" and never reloads by itself;
 *  - asks for persistent storage, so history and the cached app are not evicted under storage pressure.
 * workbox-window is loaded lazily, after the page is up.
 */
export type PwaState = {
  /** A new version is installed and waiting for the user. */
  update: boolean;
  /** The header reload: about to happen, done in this tab, or put off because something was running. */
  headerReload: 'none' | 'reloading' | 'reloaded' | 'held';
};

export interface PwaDeps {
  /** A run or a benchmark is going: no reload now. */
  isBusy(): boolean;
  /** Something only this page holds (a loaded file, a session's Python state): the header reload waits for the user. */
  holdsPageState(): boolean;
  /** The page or its sandbox worker lacks a header-given layer (no isolation, no worker CSP). */
  missingHeaders(): boolean;
}

const RELOAD_KEY = 'rlm-sw-header-reload';
let state: PwaState = { update: false, headerReload: 'none' };
const listeners = new Set<() => void>();
let applyUpdate: (() => void) | null = null;

function set(patch: Partial<PwaState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export const pwaStore = {
  get: () => state,
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** The user pressed Reload on the update prompt. */
  reloadToUpdate: () => applyUpdate?.(),
  dismiss: () => set({ headerReload: 'none' }),
  /** The user pressed Reload on the put-off header reload. */
  reloadNow: () => {
    sessionStorage.setItem(RELOAD_KEY, 'done');
    location.reload();
  },
};

/** What to do when a service worker takes the page: the user's update (reload), the first take-over on a host that
 * lacks the headers (one reload, unless something would be lost), or nothing. */
export function onControlling(c: { updating: boolean; isUpdate: boolean; reloadedBefore: boolean; missingHeaders: boolean;
  busy: boolean; holds: boolean }): 'update-reload' | 'header-reload' | 'hold' | 'nothing' {
  if (c.updating) return 'update-reload';
  if (c.isUpdate || !c.missingHeaders || c.reloadedBefore) return 'nothing';
  return c.busy || c.holds ? 'hold' : 'header-reload';
}

export async function startPwa(deps: PwaDeps): Promise<void> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  if (sessionStorage.getItem(RELOAD_KEY) === 'done') {
    sessionStorage.setItem(RELOAD_KEY, 'shown'); // said once; the key still stops a second reload in this tab
    set({ headerReload: 'reloaded' });
  }
  const base = new URL('./', location.href); // the page is the base URL's index (its state is in query and hash)
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox(new URL('sw.js', base).href, { scope: base.pathname });
  let updating = false;
  applyUpdate = () => {
    if (deps.isBusy()) return;
    updating = true;
    wb.messageSkipWaiting();
  };
  wb.addEventListener('waiting', () => set({ update: true }));
  wb.addEventListener('controlling', (e) => {
    const act = onControlling({ updating, isUpdate: e.isUpdate === true, reloadedBefore: sessionStorage.getItem(RELOAD_KEY) !== null,
      missingHeaders: deps.missingHeaders(), busy: deps.isBusy(), holds: deps.holdsPageState() });
    if (act === 'hold') return set({ headerReload: 'held' });
    if (act === 'header-reload') {
      sessionStorage.setItem(RELOAD_KEY, 'done');
      set({ headerReload: 'reloading' });
    }
    if (act !== 'nothing') location.reload();
  });
  await wb.register();
  void navigator.storage?.persist?.().catch(() => false);
}
