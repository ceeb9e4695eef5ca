import { Highlight, themes } from 'prism-react-renderer';

/** Highlighted, wrapped, read-only code. Focusable: a region that scrolls must be reachable by keyboard. */
export function Code({ code, language = 'python', className = '' }: { code: string; language?: string; className?: string }) {
  return (
    <Highlight code={code} language={language} theme={themes.vsDark}>
      {({ tokens, getLineProps, getTokenProps }) => (
        <pre tabIndex={0} className={`overflow-x-auto rounded bg-slate-900 p-2 text-xs leading-5 ${className}`}>
          {tokens.map((line, i) => (
            <div key={i} {...getLineProps({ line })}>
              {line.map((token, j) => (
                <span key={j} {...getTokenProps({ token })} />
              ))}
            </div>
          ))}
        </pre>
      )}
    </Highlight>
  );
}

export function Output({ text, tone = 'out', testId }: { text: string; tone?: 'out' | 'err'; testId?: string }) {
  const color = tone === 'err' ? 'text-rose-300 bg-rose-950/40' : 'text-slate-200 bg-black/40';
  return (
    <pre tabIndex={0} data-testid={testId} className={`max-h-80 overflow-auto whitespace-pre-wrap break-words rounded p-2 text-xs leading-5 ${color}`}>
      {text}
    </pre>
  );
}
