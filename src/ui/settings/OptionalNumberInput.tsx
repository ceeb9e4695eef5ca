import { useId, useState } from 'react';
import { inputClass } from '../kit/Field';
import { numberProblem } from '../kit/NumberInput';

export interface OptionalNumberInputProps {
  /** The saved value in the units shown; null = unlimited (shown empty). */
  value: number | null;
  min: number;
  max: number;
  step?: number;
  title?: string;
  testId?: string;
  /** Called with null (cleared: unlimited) or a value in [min, max]. */
  onCommit: (v: number | null) => void;
}

/**
 * A budget: like NumberInput (checked on blur or Enter, an invalid entry goes back to the saved value
 * with a message), except that an empty field is a value of its own, "unlimited".
 */
export function OptionalNumberInput({ value, min, max, step = 1, title, testId, onCommit }: OptionalNumberInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const messageId = useId();
  const shown = value === null ? '' : String(value);
  const settle = () => {
    if (draft === null) return;
    const why = draft.trim() === '' ? null : numberProblem(draft, min, max);
    setProblem(why ? `${why} Leave it empty for no limit. Kept ${shown || 'no limit'}.` : null);
    if (!why) onCommit(draft.trim() === '' ? null : Number(draft));
    setDraft(null);
  };
  return (
    <>
      <input
        type="number"
        data-testid={testId}
        title={title}
        placeholder="no limit"
        className={`${inputClass} ${problem ? 'border-amber-500' : ''}`}
        min={min}
        max={max}
        step={step}
        value={draft ?? shown}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? messageId : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(null);
        }}
        onBlur={settle}
        onKeyDown={(e) => e.key === 'Enter' && settle()}
      />
      {problem && (
        <span id={messageId} role="alert" data-testid={testId ? `${testId}-problem` : 'number-problem'} className="block text-xs text-amber-300">
          {problem}
        </span>
      )}
    </>
  );
}
