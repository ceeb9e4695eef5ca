import { useId, useState } from 'react';
import { inputClass } from './Field';

interface CommonProps {
  min: number;
  max: number;
  step?: number;
  title?: string;
  testId?: string;
}

/** A required number (the saved value, in the units shown), or an optional one whose empty field means "no limit". */
export type NumberInputProps = CommonProps &
  (
    | { optional?: false; value: number; /** Called with a value in [min, max] only. */ onCommit: (v: number) => void }
    | { optional: true; value: number | null; /** Called with null (cleared: no limit) or a value in [min, max]. */ onCommit: (v: number | null) => void }
  );

/** Why `text` is not a value in [min, max], or null when it is. */
export function numberProblem(text: string, min: number, max: number): string | null {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) return `Enter a number from ${min} to ${max}.`;
  if (v < min) return `${text.trim()} is below the minimum of ${min}.`;
  if (v > max) return `${text.trim()} is above the maximum of ${max}.`;
  return null;
}

/** What typing `draft` ends in: a value to save (null = no limit, optional fields only) or a message and the kept value. */
export function settleNumber(
  draft: string,
  f: { min: number; max: number; optional: boolean; saved: number | null },
): { ok: true; value: number | null } | { ok: false; problem: string } {
  const cleared = f.optional && draft.trim() === '';
  const why = cleared ? null : numberProblem(draft, f.min, f.max);
  if (!why) return { ok: true, value: cleared ? null : Number(draft) };
  const kept = f.saved === null ? 'no limit' : String(f.saved);
  return { ok: false, problem: f.optional ? `${why} Leave it empty for no limit. Kept ${kept}.` : `${why} Kept ${kept}.` };
}

/**
 * A number edited as text: clearing it and typing a new value must work even
 * when the steps on the way (empty, "4" for 4096) are out of range. Nothing is
 * checked or saved per keystroke (saving "1" on the way to "150" would lose the
 * old value); on blur or Enter a valid value is saved, and an invalid one goes
 * back to the saved value with a message naming what was typed. An `optional`
 * field (a budget) takes empty as a value of its own: no limit.
 */
export function NumberInput(props: NumberInputProps) {
  const { value, min, max, step = 1, title, testId, optional = false } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const messageId = useId();
  const settle = () => {
    if (draft === null) return;
    const r = settleNumber(draft, { min, max, optional, saved: value });
    setProblem(r.ok ? null : r.problem);
    if (r.ok && props.optional) props.onCommit(r.value);
    else if (r.ok && r.value !== null) props.onCommit(r.value);
    setDraft(null);
  };
  return (
    <>
      <input
        type="number"
        data-testid={testId}
        title={title}
        placeholder={optional ? 'no limit' : undefined}
        className={`${inputClass} ${problem ? 'border-amber-500' : ''}`}
        min={min}
        max={max}
        step={step}
        value={draft ?? (value === null ? '' : String(value))}
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
