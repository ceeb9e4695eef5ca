import { useId, useState } from 'react';
import { inputClass } from './Field';

export interface NumberInputProps {
  /** The saved value, in the units shown. */
  value: number;
  min: number;
  max: number;
  step?: number;
  title?: string;
  testId?: string;
  /** Called with a value in [min, max] only. */
  onCommit: (v: number) => void;
}

/** Why `text` is not a value in [min, max], or null when it is. */
export function numberProblem(text: string, min: number, max: number): string | null {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) return `Enter a number from ${min} to ${max}.`;
  if (v < min) return `${text.trim()} is below the minimum of ${min}.`;
  if (v > max) return `${text.trim()} is above the maximum of ${max}.`;
  return null;
}

/**
 * A number edited as text: clearing it and typing a new value must work even
 * when the steps on the way (empty, "4" for 4096) are out of range. Nothing is
 * checked or saved per keystroke (saving "1" on the way to "150" would lose the
 * old value); on blur or Enter a valid value is saved, and an invalid one goes
 * back to the saved value with a message naming what was typed.
 */
export function NumberInput({ value, min, max, step = 1, title, testId, onCommit }: NumberInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const messageId = useId();
  const settle = () => {
    if (draft === null) return;
    const why = numberProblem(draft, min, max);
    setProblem(why ? `${why} Kept ${value}.` : null);
    if (!why) onCommit(Number(draft));
    setDraft(null);
  };
  return (
    <>
      <input
        type="number"
        data-testid={testId}
        title={title}
        className={`${inputClass} ${problem ? 'border-amber-500' : ''}`}
        min={min}
        max={max}
        step={step}
        value={draft ?? String(value)}
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
