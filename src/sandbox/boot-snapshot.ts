/**
 * The Pyodide memory snapshot the page keeps to start workers in ~0.3 s instead of 2-4 s. Only ever taken from a
 * worker booting cold, before it is ready: model code can't have run there yet, so it cannot plant state that
 * outlives its session.
 */
import type { SnapshotStore } from './api';

export class BootSnapshot {
  private data: Uint8Array | null = null;
  /** The current worker was asked to make a snapshot (cold boot, or a stored one that may fail to restore). */
  private expecting = false;

  constructor(
    private readonly enabled: boolean,
    private readonly store: SnapshotStore | null,
  ) {}

  /** The stored snapshot, if the store answers within 1.5 s: a store that fails or hangs only costs the speed-up. */
  async loadStored(): Promise<Uint8Array | null> {
    if (!this.enabled || !this.store) return null;
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500));
    this.data = await Promise.race([this.store.load().catch(() => null), timeout]);
    return this.data;
  }

  get hasStore(): boolean {
    return this.enabled && this.store !== null;
  }

  /** The init fields for a new worker. A stored snapshot may be stale or damaged: the worker then boots cold and
   * makes a fresh one. */
  forWorker(fromStore: boolean): { snapshot: Uint8Array | null; makeSnapshot: boolean } {
    this.expecting = this.enabled && (!this.data || fromStore);
    return { snapshot: this.data, makeSnapshot: this.expecting };
  }

  /** A snapshot from the worker: kept only while it boots, and only if it was asked for one. */
  offer(data: Uint8Array, booting: boolean): void {
    if (!this.expecting || !booting) return;
    this.expecting = false;
    this.data = data;
    void this.store?.save(data).catch(() => undefined);
  }

  /** The worker is ready: from now on model code may run in it. */
  ready(): void {
    this.expecting = false;
  }
}
