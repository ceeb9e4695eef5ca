/**
 * One model instance answers one request at a time: calls wait here in order. A caller that is stopped while
 * waiting leaves the line at once (it never held the model, so nothing else is disturbed).
 */
export class Lane {
  private busy = false;
  private readonly waiting: Array<{ go: () => void; signal?: AbortSignal }> = [];

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once this caller holds the lane; rejects with the signal's reason if stopped first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const release = () => {
      const next = this.waiting.shift();
      if (next) next.go();
      else this.busy = false;
    };
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve, reject) => {
      const entry = { go: () => (signal?.removeEventListener('abort', onAbort), resolve(once(release))), signal };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) (done = true), f();
  };
}
