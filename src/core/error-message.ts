/** The one line a person should read about a failure: a provider error's advice, else the error's own message. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'userMessage' in e && typeof e.userMessage === 'string') return e.userMessage;
  if (e instanceof Error) return e.message;
  return String(e);
}
