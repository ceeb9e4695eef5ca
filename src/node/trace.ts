/** The official rlm package's JSONL for a run's events (its visualizer and our page both open it). */
import type { RunEvent } from '../core/events';
import { eventsToOfficial } from '../core/official/fromEvents';
import { writeOfficialLog } from '../core/official/write';

export const officialJsonl = (events: RunEvent[]): string => writeOfficialLog(eventsToOfficial(events));
