/**
 * The boot snapshot on disk, for Node hosts (the browser keeps it in IndexedDB, snapshot-store.ts): one file in the
 * cache dir, named by everything that makes a snapshot incompatible (Pyodide's version and the modules imported
 * before it was taken, as the browser's key). Written to a temp file and renamed, so a crash or two processes at
 * once never leave a torn snapshot; a stale or damaged one only costs a cold boot (the client then makes a fresh one).
 * The sandbox never reads this file: the client sends it the bytes in its init message.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SnapshotStore } from './api';
import { cacheDir } from './deno-bundle';
import { SNAPSHOT_IMPORTS } from './protocol';

const PREFIX = 'pyodide-snapshot-';

export function snapshotFileName(): string {
  const version = (createRequire(import.meta.url)('pyodide/package.json') as { version: string }).version;
  const hash = createHash('sha256').update(SNAPSHOT_IMPORTS).digest('hex').slice(0, 12);
  return `${PREFIX}${version}-${hash}.bin`;
}

export function fileSnapshotStore(dir = cacheDir()): SnapshotStore & { file: string } {
  const file = path.join(dir, snapshotFileName());
  return {
    file,
    async load() {
      try {
        return new Uint8Array(await readFile(file));
      } catch {
        return null;
      }
    },
    async save(data) {
      await mkdir(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        await writeFile(tmp, data);
        await rename(tmp, file);
      } finally {
        await rm(tmp, { force: true });
      }
      // One snapshot at a time: older versions' are dead weight.
      for (const name of await readdir(dir)) {
        if (name.startsWith(PREFIX) && name !== path.basename(file) && !name.endsWith('.tmp')) {
          await rm(path.join(dir, name), { force: true });
        }
      }
    },
  };
}
