import { useState } from 'react';

/**
 * An error or hint as people read it, where every `backticked` span is a
 * command shown as code with its own copy button: pasting the OLLAMA_ORIGINS
 * line for this very origin should take one click, not careful selecting.
 */
export function AdviceText({ text, testId }: { text: string; testId?: string }) {
  return (
    <div data-testid={testId} className="space-y-1">
      {text.split('\n').map((line, i) => (
        <p key={i} className="break-words">
          {line.split('`').map((part, j) => (j % 2 === 1 ? <Command key={j} text={part} /> : <span key={j}>{part}</span>))}
        </p>
      ))}
    </div>
  );
}

function Command({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard permission (plain http on a LAN address): the text stays selectable.
    }
  };
  return (
    <span className="mx-0.5 inline-flex max-w-full items-center gap-1 rounded bg-black/40 px-1 align-middle">
      <code data-testid="advice-command" className="break-all text-[11px] text-slate-100 select-all">
        {text}
      </code>
      <button
        type="button"
        data-testid="copy-command"
        title="Copy to the clipboard"
        className="shrink-0 rounded px-1 text-[10px] text-slate-300 hover:bg-slate-700"
        onClick={() => void copy()}
      >
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}
