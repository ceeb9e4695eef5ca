/** A download's progress in words: bytes, speed and time left, from where it (re)started. */
import { formatBytes } from '../../core/format';

export interface DownloadFigures {
  loaded: number;
  total: number;
  /** Bytes already on disk when this attempt began (a resumed download). */
  startBytes: number;
  startedAt: number;
  now: number;
}

export function downloadRate(p: DownloadFigures): { bytesPerSecond: number; etaSeconds: number | null; percent: number | null } {
  const seconds = Math.max(0.001, (p.now - p.startedAt) / 1000);
  const bytesPerSecond = Math.max(0, p.loaded - p.startBytes) / seconds;
  const left = p.total > 0 ? Math.max(0, p.total - p.loaded) : null;
  const etaSeconds = left !== null && bytesPerSecond > 0 ? left / bytesPerSecond : null;
  return { bytesPerSecond, etaSeconds, percent: p.total > 0 ? Math.min(100, (100 * p.loaded) / p.total) : null };
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function downloadText(p: DownloadFigures): string {
  const r = downloadRate(p);
  const of = p.total > 0 ? ` of ${formatBytes(p.total)}` : '';
  const speed = r.bytesPerSecond > 0 ? ` · ${formatBytes(r.bytesPerSecond)}/s` : '';
  const eta = r.etaSeconds !== null && r.bytesPerSecond > 0 ? ` · ${duration(r.etaSeconds)} left` : '';
  return `${formatBytes(p.loaded)}${of}${speed}${eta}`;
}
