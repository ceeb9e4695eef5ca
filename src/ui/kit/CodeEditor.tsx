import EditorModule from 'react-simple-code-editor';
import { Highlight, themes } from 'prism-react-renderer';
import type { KeyboardEvent } from 'react';

// The package is CommonJS with `exports.default`: the production bundle hands over the module object itself.
const Editor = ((EditorModule as unknown as { default?: typeof EditorModule }).default ?? EditorModule) as typeof EditorModule;

/** Python highlighted as React nodes, the same theme as the read-only `Code`. */
function highlightPython(code: string) {
  return (
    <Highlight code={code} language="python" theme={themes.vsDark}>
      {({ tokens, getLineProps, getTokenProps }) => (
        <>
          {tokens.map((line, i) => (
            <div key={i} {...getLineProps({ line })}>
              {line.map((token, j) => (
                <span key={j} {...getTokenProps({ token })} />
              ))}
            </div>
          ))}
        </>
      )}
    </Highlight>
  );
}

interface Props {
  value: string;
  onChange(code: string): void;
  /** The textarea's id, for a <label htmlFor>. */
  id: string;
  autoFocus?: boolean;
  /** Keys pressed in the editor (the wrapper's handler sees them as they bubble from the textarea). */
  onKeyDown?: (e: KeyboardEvent<HTMLElement>) => void;
}

/**
 * An editable code block: a plain textarea under a highlighted copy (react-simple-code-editor), so typing,
 * undo, paste and Playwright's fill() all act on a real textarea. Tab indents; Esc leaves the field as usual.
 */
export function CodeEditor({ value, onChange, id, autoFocus, onKeyDown }: Props) {
  // `code-editor` is an enclosing label whose control is the textarea: a click focuses it, and Playwright's fill()
  // on the test id reaches the textarea (the highlighted copy is aria-hidden, so it adds nothing to the name).
  return (
    <label data-testid="code-editor" className="block">
      <Editor
        value={value}
        onValueChange={onChange}
        highlight={highlightPython}
        textareaId={id}
        autoFocus={autoFocus}
        onKeyDown={onKeyDown}
        padding={8}
        tabSize={4}
        insertSpaces
        className="max-h-96 overflow-auto rounded border border-slate-700 bg-slate-900 font-mono text-xs leading-5 text-slate-100 focus-within:border-sky-500"
        textareaClassName="outline-none"
      />
    </label>
  );
}
