/** What the exit code says: scripts branch on it. */
import type { StopReason } from '../../core/events';

export const EXIT = {
  /** The model answered. */
  answered: 0,
  /** Something failed: a dead host, a bad key, a crash. */
  error: 1,
  /** Bad flags or input (commander's usage errors too). */
  usage: 2,
  /** A budget or the iteration cap ended the run: the answer (if any) is partial. */
  budget: 3,
  /** Stopped (Ctrl-C, or a client went away). */
  stopped: 130,
} as const;

export function exitCodeFor(reason: StopReason): number {
  if (reason === 'answered') return EXIT.answered;
  if (reason === 'error') return EXIT.error;
  if (reason === 'stopped') return EXIT.stopped;
  return EXIT.budget;
}
