import type { RunEvent } from './events';

/**
 * RLM Studio's own trajectory file: JSON Lines, a header then one event per
 * line (streamed tokens left out: the `response` event holds the full text).
 * Events carry no API keys by construction, so neither does an export.
 */
export const EXPORT_FORMAT = 'rlm-studio-trajectory';
export const EXPORT_VERSION = 1;

export function toJsonl(events: RunEvent[]): string {
  const header = { type: EXPORT_FORMAT, version: EXPORT_VERSION };
  return [header, ...events.filter((e) => e.type !== 'token')].map((x) => JSON.stringify(x)).join('\n') + '\n';
}

export class ImportError extends Error {}

export function fromJsonl(text: string): RunEvent[] {
  const lines = text.split('\n').filter((l) => l.trim());
  if (!lines.length) throw new ImportError('The file is empty.');
  let header: { type?: string; version?: number };
  try {
    header = JSON.parse(lines[0]);
  } catch {
    throw new ImportError('The first line is not JSON: this is not an RLM Studio trajectory file.');
  }
  if (header.type !== EXPORT_FORMAT) throw new ImportError('This is not an RLM Studio trajectory file (no header line).');
  if (header.version !== EXPORT_VERSION) throw new ImportError(`Unsupported trajectory version ${header.version}.`);
  return lines.slice(1).map((l, i) => {
    try {
      return JSON.parse(l) as RunEvent;
    } catch {
      throw new ImportError(`Line ${i + 2} is not valid JSON.`);
    }
  });
}
