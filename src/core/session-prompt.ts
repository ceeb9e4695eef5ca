import type { SessionInfo } from './events';

/**
 * What a session's later turn tells the root model about the persistent REPL, in the official package's words
 * (rlm/utils/prompts.py build_user_prompt: "You have N contexts available (context_0 through context_{N-1})", and
 * likewise for histories). One difference: a single history is named `history_0`, not `history`, because `history`
 * here is compaction's full record of the current turn (issue 9 keeps the two apart).
 */
export function sessionNotes(session: SessionInfo | undefined): string[] {
  if (!session) return [];
  const notes: string[] = [];
  const { contexts, histories } = session;
  if (contexts > 1) {
    notes.push(`Note: You have ${contexts} contexts available (context_0 through context_${contexts - 1}).`);
    // The count alone does not say what a file added mid-session is; its type and size are as cheap as the first's.
    (session.extraContexts ?? []).forEach((m, i) =>
      notes.push(`context_${i + 1} is a ${m.pyType} with ${m.totalChars.toLocaleString('en-US')} total characters (from "${m.name}").`),
    );
  }
  if (histories === 1) notes.push('Note: You have 1 prior conversation history available (history_0).');
  else if (histories > 1) notes.push(`Note: You have ${histories} prior conversation histories available (history_0 through history_${histories - 1}).`);
  if (histories > 0) {
    notes.push(
      'Each history is a list of {"role", "content"} messages: an earlier question of this session, as that turn\'s conversation. ' +
        'The variables earlier turns created are still defined: SHOW_VARS() lists them.',
    );
  }
  return notes;
}
