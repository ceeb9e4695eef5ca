import { memo, useState } from 'react';
import { useApp } from '../../store';
import { conversationAt } from '../../core/tree';
import type { PromptMessage } from '../../core/events';
import type { IterationView } from '../../core/trajectory';
import { LazyMarkdown } from '../kit/LazyMarkdown';
import { Disclosure } from './Disclosure';
import { ResponseText } from './ResponseText';

/** Messages shown in full at the end of a long conversation; earlier ones wait behind a button. */
const RECENT = 4;

/** The conversation exactly as the model was sent it for this call, then its response. */
export function ConversationPane({ runId, it, live }: { runId: string; it: IterationView; live: boolean }) {
  const conv = useApp((s) => (s.trajectory ? conversationAt(s.trajectory, runId, it.iteration, it.turn) : null));
  const messages = conv?.messages ?? [];
  return (
    <section aria-label="Conversation" className="space-y-2 p-3">
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-400">What the model was sent</h3>
      {conv && !conv.complete && (
        <p className="rounded bg-amber-950/40 px-2 py-1 text-xs text-amber-200">
          This run was saved before prompts were stored: the model's earlier responses are shown, the messages around them are not.
        </p>
      )}
      <MessageList messages={messages} />
      <h3 className="pt-2 text-xs font-medium uppercase tracking-wide text-slate-400">Its response</h3>
      <Response it={it} live={live} />
    </section>
  );
}

function MessageList({ messages }: { messages: PromptMessage[] }) {
  const [all, setAll] = useState(false);
  const system = messages[0]?.role === 'system' ? messages[0] : null;
  const rest = system ? messages.slice(1) : messages;
  // The first message (the question and context summary) and the latest exchange matter most.
  const hidden = all ? 0 : Math.max(0, rest.length - 1 - RECENT);
  const shown = hidden ? [rest[0], ...rest.slice(rest.length - RECENT)] : rest;
  return (
    <ol className="space-y-2" data-testid="conversation">
      {system && (
        <li>
          <Disclosure summary={`System prompt (${system.content.length.toLocaleString('en-US')} chars)`} className="rounded border border-slate-800 text-xs" summaryClassName="px-2 py-1 text-slate-400">
            {() => <pre tabIndex={0} className="max-h-96 overflow-auto whitespace-pre-wrap break-words p-2 text-slate-300">{system.content}</pre>}
          </Disclosure>
        </li>
      )}
      {shown.map((m, i) => (
        <li key={hidden && i > 0 ? i + hidden : i}>
          {hidden > 0 && i === 1 && (
            <button type="button" onClick={() => setAll(true)} className="mb-2 w-full rounded border border-dashed border-slate-700 py-1 text-xs text-sky-300 hover:bg-slate-900">
              Show {hidden} earlier messages
            </button>
          )}
          <Message role={m.role} content={m.content} />
        </li>
      ))}
    </ol>
  );
}

const roleStyle: Record<string, string> = {
  user: 'border-slate-700 bg-slate-900/60',
  assistant: 'border-sky-900 bg-sky-950/30',
};

/** Memoised on the text: the conversation is rebuilt while a run streams, its messages rarely change. */
const Message = memo(function Message({ role, content }: { role: string; content: string }) {
  return (
    <div data-testid="message" data-role={role} className={`rounded border p-2 ${roleStyle[role] ?? 'border-slate-800'}`}>
      <p className="mb-1 text-xs text-slate-400">{role === 'assistant' ? 'model' : role}</p>
      {role === 'assistant' ? (
        <LazyMarkdown text={content} />
      ) : (
        <pre tabIndex={0} className="max-h-96 overflow-auto whitespace-pre-wrap break-words text-xs leading-5 text-slate-300">{content}</pre>
      )}
    </div>
  );
});

function Response({ it, live }: { it: IterationView; live: boolean }) {
  const streaming = live && it.usage === undefined;
  return (
    <div className="space-y-2 rounded border border-sky-800 bg-sky-950/20 p-2">
      <p className="text-xs text-slate-400">
        {it.model ?? 'model'}
        {it.forced && ' · forced final answer'}
      </p>
      {it.thinking && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-400">Thinking ({it.thinking.length.toLocaleString('en-US')} chars)</summary>
          <pre tabIndex={0} className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap text-slate-400">{it.thinking}</pre>
        </details>
      )}
      {/* While streaming, the raw text (no markdown parse per frame); once complete, code that ran moves to the execution side. */}
      {streaming ? (
        it.content && (
          <div data-testid="iteration-response" className="whitespace-pre-wrap break-words text-sm text-slate-300">
            {it.content}
          </div>
        )
      ) : (
        <ResponseText it={it} live={live} />
      )}
      {it.notices.map((n, i) => (
        <p key={i} className="rounded bg-amber-950/40 px-2 py-1 text-xs text-amber-200">
          {n}
        </p>
      ))}
    </div>
  );
}
