/**
 * Downloaded models, kept in the origin-private file system (OPFS) so a second visit loads from disk.
 * A download writes straight to its file as bytes arrive; a cancelled one keeps its bytes and resumes with an
 * HTTP Range request (a server that ignores Range restarts it). Nothing here loads the model runtime.
 */
import { InpageLoadError } from './gguf-check';
import { formatBytes } from '../../core/format';

export interface StoredModel {
  key: string;
  /** The file name, shown to the user. */
  name: string;
  url: string;
  /** Bytes on disk. */
  size: number;
  /** Expected size (Content-Length); equals `size` once complete. */
  total: number;
  complete: boolean;
}

export interface ByteProgress {
  loaded: number;
  total: number;
}

export interface StoreDeps {
  root?: () => Promise<FileSystemDirectoryHandle>;
  fetch?: typeof fetch;
  storage?: Pick<StorageManager, 'estimate' | 'persist'>;
}

const DIR = 'rlm-models';

export class ModelStore {
  private readonly root: () => Promise<FileSystemDirectoryHandle>;
  private readonly fetch: typeof fetch;
  private readonly storage?: Pick<StorageManager, 'estimate' | 'persist'>;

  constructor(deps: StoreDeps = {}) {
    this.storage = deps.storage ?? globalThis.navigator?.storage;
    this.fetch = deps.fetch ?? ((i, o) => globalThis.fetch(i, o));
    this.root = deps.root ?? (async () => (await navigator.storage.getDirectory()).getDirectoryHandle(DIR, { create: true }));
  }

  async list(): Promise<StoredModel[]> {
    const dir = await this.root();
    const out: StoredModel[] = [];
    for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      if (handle.kind !== 'file' || !name.endsWith('.json')) continue;
      const meta = await this.meta(name.slice(0, -5));
      if (meta) out.push(meta);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async find(url: string): Promise<StoredModel | null> {
    return this.meta(await keyFor(url));
  }

  async open(key: string): Promise<File> {
    return (await (await this.root()).getFileHandle(`${key}.gguf`)).getFile();
  }

  async remove(key: string): Promise<void> {
    const dir = await this.root();
    for (const f of [`${key}.gguf`, `${key}.json`]) await dir.removeEntry(f).catch(() => undefined);
  }

  async estimate(): Promise<{ usage: number; quota: number } | null> {
    const e = await this.storage?.estimate?.().catch(() => undefined);
    return e && typeof e.quota === 'number' ? { usage: e.usage ?? 0, quota: e.quota } : null;
  }

  /** Fetches `url` into the store (resuming a partial file unless `restart`), then returns it complete. */
  async download(url: string, opts: { signal?: AbortSignal; onProgress?: (p: ByteProgress) => void; restart?: boolean } = {}): Promise<StoredModel> {
    const key = await keyFor(url);
    const name = fileName(url);
    if (opts.restart) await this.remove(key);
    const have = (await this.meta(key))?.size ?? 0;
    void this.storage?.persist?.().catch(() => false);
    const res = await this.request(url, have, opts.signal);
    const offset = res.status === 206 ? have : 0;
    // Without Content-Length (a compressing server) the size is known only at the end; the room is checked as bytes come.
    const length = Number(res.headers.get('content-length') ?? 0);
    const total = length > 0 ? offset + length : 0;
    const room = await this.checkRoom(name, length, res, opts.signal);
    const dir = await this.root();
    const writeMeta = (size: number, complete: boolean) =>
      writeJson(dir, `${key}.json`, { name, url, size, total: complete ? size : total, complete });
    await writeMeta(offset, false);
    const file = await dir.getFileHandle(`${key}.gguf`, { create: true });
    const out = await file.createWritable({ keepExistingData: offset > 0 });
    if (offset > 0) await out.seek(offset);
    else await out.truncate(0);
    let loaded = offset;
    try {
      const reader = res.body!.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        loaded += r.value.byteLength;
        if (loaded - offset > room) throw this.tooLarge(name, null, room);
        await out.write(r.value);
        opts.onProgress?.({ loaded, total: Math.max(total, loaded) });
      }
      await out.close();
    } catch (err) {
      // Keep what arrived: closing commits it, so a later download resumes from here.
      await out.close().catch(() => undefined);
      if (err instanceof InpageLoadError) {
        await this.remove(key);
        throw err;
      }
      await writeMeta(loaded, false);
      throw opts.signal?.aborted ? opts.signal.reason : new InpageLoadError(`The download of ${name} broke off after ${formatBytes(loaded)}: ${String(err)}`, 'download');
    }
    await writeMeta(loaded, true);
    return { key, name, url, size: loaded, total: loaded, complete: true };
  }

  private async request(url: string, have: number, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetch(url, { signal, headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw new InpageLoadError(`Could not reach ${url} (${String(err)}). Check the address; the server must allow this page (CORS).`, 'download');
    }
    // A partial file that is in fact whole (its size was unknown): start over rather than fail.
    if (res.status === 416 && have > 0) return this.request(url, 0, signal);
    if (!res.ok || !res.body) throw new InpageLoadError(`${url} answered HTTP ${res.status}; no model was downloaded.`, 'download');
    return res;
  }

  /** Refuses before the body is read: a download that cannot fit must not fill the disk first. */
  /** The bytes the page may still store; a download that cannot fit is refused before its body is read. */
  private async checkRoom(name: string, needed: number, res: Response, signal?: AbortSignal): Promise<number> {
    const e = await this.estimate();
    const room = e ? Math.max(0, e.quota - e.usage) : Infinity;
    if (needed <= room) return room;
    await res.body?.cancel().catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    throw this.tooLarge(name, needed, room);
  }

  private tooLarge(name: string, needed: number | null, room: number): InpageLoadError {
    return new InpageLoadError(
      `${name} ${needed === null ? 'is larger than' : `needs ${formatBytes(needed)}, but`} the ${formatBytes(room)} this browser still lets the page store. ` +
        'Delete models below, free disk space, or pick a smaller model (or load it from a file instead).',
      'quota',
    );
  }

  private async meta(key: string): Promise<StoredModel | null> {
    try {
      const dir = await this.root();
      const m = JSON.parse(await (await (await dir.getFileHandle(`${key}.json`)).getFile()).text()) as Omit<StoredModel, 'key'>;
      const size = (await (await dir.getFileHandle(`${key}.gguf`)).getFile()).size;
      return { ...m, key, size, complete: m.complete && size === m.total };
    } catch {
      return null;
    }
  }
}

async function writeJson(dir: FileSystemDirectoryHandle, name: string, value: unknown): Promise<void> {
  const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
  await w.write(JSON.stringify(value));
  await w.close();
}

export function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() || 'model.gguf');
  } catch {
    return url.split('/').pop() || 'model.gguf';
  }
}

/** One file per URL: a short hash keeps names valid whatever the URL holds. */
export async function keyFor(url: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url)));
  return Array.from(digest.slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}
