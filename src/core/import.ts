import type { RunEvent } from './events';
import { EXPORT_FORMAT, fromJsonl, ImportError } from './export';
import { detectOfficialLog, OfficialLogError, parseOfficialLog } from './official/parse';
import { officialToEvents } from './official/toEvents';
import { shorten } from './schema-issues';

/**
 * The one way in for a trajectory file: RLM Studio's own JSONL export or an official rlm
 * log, told apart by the first line. A file that is neither is refused with what was
 * expected and what its first line looks like, so the user can tell a wrong file from a
 * broken one.
 */

export type TrajectoryFormat = 'rlm-studio' | 'official-rlm';

export interface ImportedTrajectory {
  events: RunEvent[];
  format: TrajectoryFormat;
}

const EXPECTED =
  `Expected JSON Lines (one JSON object per line): an RLM Studio export, whose line 1 is {"type":"${EXPORT_FORMAT}",…}, ` +
  'or an official rlm log, whose line 1 is {"type":"metadata",…} or {"type":"iteration",…}.';

export function importTrajectory(text: string): ImportedTrajectory {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => l.trim() !== '');
  if (index < 0) throw new ImportError(`The file is empty. ${EXPECTED}`);
  const first = lines[index].trim();
  const n = index + 1;
  let value: unknown;
  try {
    value = JSON.parse(first);
  } catch {
    throw new ImportError(`${notJson(text, first, n)} ${EXPECTED}`);
  }
  if (isObject(value) && value.type === EXPORT_FORMAT) return { events: fromJsonl(text), format: 'rlm-studio' };
  // A metadata or iteration record that is not quite right still gets the official parser's precise message.
  if (detectOfficialLog(first) || (isObject(value) && (value.type === 'metadata' || value.type === 'iteration'))) {
    try {
      return { events: officialToEvents(parseOfficialLog(text)), format: 'official-rlm' };
    } catch (e) {
      if (e instanceof OfficialLogError) throw new ImportError(`This official rlm log cannot be read: ${e.message}`);
      throw e;
    }
  }
  throw new ImportError(`${notTrajectory(value, n, lines.length > n)} ${EXPECTED}`);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Line n is not JSON: a JSON document over several lines, CSV, or something else. */
function notJson(text: string, first: string, n: number): string {
  if (first.startsWith('[') || first.startsWith('{')) {
    try {
      const whole = JSON.parse(text);
      return Array.isArray(whole)
        ? `This is a JSON array (${whole.length} item${whole.length === 1 ? '' : 's'}) spread over several lines, not JSON Lines.`
        : 'This is a single JSON document spread over several lines, not JSON Lines.';
    } catch {
      // Not one JSON document either: fall through to the general description.
    }
  }
  if (/^[^{}[\]"]*[,;\t][^{}[\]]*$/.test(first)) return `Line ${n} looks like a CSV/TSV header (${quote(first)}), not a JSON object.`;
  if (/^<(!doctype|html|\?xml|[a-z])/i.test(first)) return `Line ${n} looks like HTML or XML (${quote(first)}), not a JSON object.`;
  return `Line ${n} is not JSON: it begins ${quote(first)}.`;
}

/** Line n is JSON but not the first record of either format. */
function notTrajectory(value: unknown, n: number, more: boolean): string {
  if (Array.isArray(value)) return more ? `Line ${n} is a JSON array, not an object.` : 'This is a JSON array, not JSON Lines.';
  if (!isObject(value)) return `Line ${n} is ${quote(JSON.stringify(value))}, not a JSON object.`;
  const keys = Object.keys(value).slice(0, 6).join(', ');
  if (value.type === 'run-started') return `Line ${n} is an RLM Studio event without the export header (line 1 must be the {"type":"${EXPORT_FORMAT}",…} header).`;
  const type = typeof value.type === 'string' ? `of type "${shorten(value.type, 40)}"` : `without a "type"`;
  return `Line ${n} is a JSON object ${type} (keys: ${keys || 'none'}), which starts neither format.`;
}

const quote = (s: string) => `“${shorten(s, 60)}”`;
