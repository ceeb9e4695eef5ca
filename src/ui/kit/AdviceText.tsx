import { useState } from 'react';

/**
 * An error or hint as people read it, where every `backticked` span is a
 * command shown on its own row with a copy button: pasting the OLLAMA_ORIGINS
 * line for this very origin should take one click, not careful selecting.
 */
export function AdviceText({ text, testId }: { text: string; testId?: string }) {
  return (
    <div data-testid={testId} className="space-y-1">
      {text.split('\n').map((line, i) => (
        <div key={i} className="break-words">
          {line.split('`').map((part, j) =>
            j % 2 === 1 ? (
              <Command key={j} text={part} />
            ) : (
              // After a command on its own row, a leading ", " would start the next row.
              <span key={j}>{j > 0 ? part.replace(/^[,.]\s*/, '') : part}</span>
            ),
          )}
        </div>
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
    <span className="my-0.5 flex w-full items-start gap-1 rounded bg-black/40 px-1.5 py-0.5">
      <code data-testid="advice-command" className="min-w-0 flex-1 break-all text-[11px] text-slate-100 select-all">
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
