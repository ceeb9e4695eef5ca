import { useId, useState } from 'react';
import { inputClass } from '../kit/Field';
import { parseNumberList } from './eta';

/**
 * A list of sizes typed as text ("1000, 10k"): saved on blur or Enter when every token reads;
 * otherwise the saved list stays and the message names the token.
 */
export function ListInput({ values, testId, label, onCommit }: { values: number[]; testId: string; label: string; onCommit(v: number[]): void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const msg = useId();
  const settle = () => {
    if (draft === null) return;
    const r = parseNumberList(draft);
    if (!r.ok) setProblem(`"${r.bad}" is not a positive whole number (1000, 8k and 1M read). Kept ${values.join(', ')}.`);
    else if (!r.values.length) setProblem(`Enter at least one size. Kept ${values.join(', ')}.`);
    else {
      setProblem(null);
      onCommit(r.values);
    }
    setDraft(null);
  };
  return (
    <span className="block space-y-1">
      <input
        data-testid={testId}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? msg : undefined}
        className={`${inputClass} ${problem ? 'border-amber-500' : ''}`}
        value={draft ?? values.join(', ')}
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(null);
        }}
        onBlur={settle}
        onKeyDown={(e) => e.key === 'Enter' && settle()}
      />
      {problem && (
        <span id={msg} data-testid={`${testId}-problem`} className="block text-xs text-amber-300">
          {problem}
        </span>
      )}
    </span>
  );
}
