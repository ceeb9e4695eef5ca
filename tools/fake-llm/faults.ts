/**
 * Faults are asked for in the model name (`solver@429x2@lat200`) or in an
 * `x-fake-fault` header (`429x2,slow500`), so a test needs no server-side setup.
 *
 *   @<status>[xN]   answer that HTTP status (429 adds Retry-After: 1), first N requests (default 1)
 *   @ctx[xN]        400 "context length exceeded", first N requests (default 1)
 *   @reset[K][xN]   cut the stream (socket destroyed) after K chunks (default: half way; 0 = before any), N times (default 1)
 *   @slow[MS]       wait MS (default 2000) before the first byte, every request
 *   @lat[MS]        add MS (default 200) latency before the first byte, every request
 *   @nocors         send no CORS headers on the answer
 *   @nousage        omit token counts
 *   @from<N>        the failing faults above (status/ctx/reset) start at the Nth request, so a run can
 *                   fail later than its first call (`solver@reset@from2`: the second call is cut)
 */

export type FaultKind = 'status' | 'ctx' | 'reset' | 'slow' | 'lat' | 'nocors' | 'nousage' | 'from';

export interface Fault {
  kind: FaultKind;
  /** Status code for 'status'; milliseconds for slow/lat; chunks before the cut for reset. */
  arg?: number;
  /** How many requests it applies to; Infinity = all. */
  times: number;
  /** The suffix as written, to key its counter. */
  spec: string;
}

const FAULT_RE = /^(\d{3}|ctx|reset|slow|lat|nocors|nousage|from)(\d+)?(?:x(\d+))?$/;

export function parseFault(spec: string): Fault | null {
  const m = FAULT_RE.exec(spec.trim());
  if (!m) return null;
  const [, name, arg, times] = m;
  const kind: FaultKind = /^\d{3}$/.test(name) ? 'status' : (name as FaultKind);
  const once = kind === 'status' || kind === 'ctx' || kind === 'reset';
  return {
    kind,
    arg: kind === 'status' ? Number(name) : arg !== undefined ? Number(arg) : undefined,
    times: times !== undefined ? Number(times) : once ? 1 : Infinity,
    spec: spec.trim(),
  };
}

/** `solver@429x2@lat200` → base `solver` and its faults; unknown suffixes are kept in the base name. */
export function parseModelName(model: string): { base: string; faults: Fault[] } {
  const parts = model.split('@');
  const faults: Fault[] = [];
  let base = parts[0];
  for (const p of parts.slice(1)) {
    const f = parseFault(p);
    if (f) faults.push(f);
    else base += `@${p}`;
  }
  return { base, faults };
}

export function parseFaultHeader(value: string | string[] | undefined): Fault[] {
  const v = Array.isArray(value) ? value.join(',') : value;
  if (!v) return [];
  return v
    .split(/[,@\s]+/)
    .map(parseFault)
    .filter((f): f is Fault => f !== null);
}

/** What applies to one request after the counters are consulted. */
export interface ActiveFaults {
  status?: number;
  ctx?: boolean;
  resetAfter?: number | 'half';
  delayMs: number;
  nocors: boolean;
  nousage: boolean;
}

const isFailing = (f: Fault) => f.kind === 'status' || f.kind === 'ctx' || f.kind === 'reset';

export class FaultCounters {
  private fired = new Map<string, number>();
  /** Requests seen per key, for @from. */
  private seen = new Map<string, number>();

  reset(): void {
    this.fired.clear();
    this.seen.clear();
  }

  /** Consumes one use of each limited fault; at most one failing fault (status/ctx/reset) fires per request. */
  take(key: string, faults: Fault[]): ActiveFaults {
    const out: ActiveFaults = { delayMs: 0, nocors: false, nousage: false };
    const nth = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, nth);
    const from = faults.find((f) => f.kind === 'from')?.arg ?? 1;
    let failed = false;
    for (const f of faults) {
      if (f.kind === 'from') continue;
      const failing = isFailing(f);
      if (failing && (failed || nth < from)) continue;
      const id = `${key}|${f.spec}`;
      const n = this.fired.get(id) ?? 0;
      if (n >= f.times) continue;
      this.fired.set(id, n + 1);
      if (f.kind === 'status') out.status = f.arg;
      else if (f.kind === 'ctx') out.ctx = true;
      else if (f.kind === 'reset') out.resetAfter = f.arg ?? 'half';
      else if (f.kind === 'slow') out.delayMs += f.arg ?? 2000;
      else if (f.kind === 'lat') out.delayMs += f.arg ?? 200;
      else if (f.kind === 'nocors') out.nocors = true;
      else if (f.kind === 'nousage') out.nousage = true;
      failed ||= failing;
    }
    return out;
  }
}
