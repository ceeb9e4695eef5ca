import { useId } from 'react';
import { useApp } from '../../store';
import { recursionNote } from '../../core/recursion-prompt';
import { defaultSystemPrompt, PROMPT_STRATEGIES, type PromptStrategy } from '../../core/strategies';
import { Field, inputClass } from '../kit/Field';
import { FromLink } from './FromLink';

const STRATEGY_LABELS: Record<PromptStrategy, string> = {
  official: 'official (the rlm package’s prompt)',
  final: 'final (answer with FINAL)',
  profile: 'profile (context preview and entropy map)',
};

/**
 * The strategy and the system prompt. An unedited prompt is stored as '' so that it follows the
 * strategy (and the depth note); typing the default back counts as unedited.
 */
export function PromptFields() {
  const strategy = useApp((s) => s.settings.engine.strategy);
  const own = useApp((s) => s.settings.engine.systemPrompt);
  const maxDepth = useApp((s) => s.settings.engine.maxDepth);
  const setEngine = useApp((s) => s.setEngine);
  const hintId = useId();
  const fallback = defaultSystemPrompt(strategy, { extraSections: [recursionNote(maxDepth, 0)] });
  return (
    <div className="col-span-2 space-y-2 border-t border-slate-800 pt-2">
      <Field label="Prompt strategy" hint={<FromLink k="strategy" />}>
        <select
          data-testid="strategy-select"
          className={inputClass}
          value={strategy}
          onChange={(e) => setEngine('strategy', e.target.value as PromptStrategy)}
        >
          {PROMPT_STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {STRATEGY_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      <div className="space-y-1 text-sm">
        <div className="flex items-center gap-2">
          <label htmlFor={`${hintId}-prompt`} className="text-xs font-medium uppercase tracking-wide text-slate-400">
            System prompt
          </label>
          <span data-testid="system-prompt-state" className="text-xs text-slate-400">
            {own ? 'edited: used as written' : `the ${strategy} default`}
          </span>
          <button
            type="button"
            data-testid="system-prompt-reset"
            disabled={!own}
            onClick={() => setEngine('systemPrompt', '')}
            className="ml-auto rounded border border-slate-700 px-2 py-0.5 text-xs text-slate-300 hover:bg-slate-800 disabled:opacity-50"
          >
            Reset to default
          </button>
        </div>
        <textarea
          id={`${hintId}-prompt`}
          data-testid="system-prompt-input"
          aria-describedby={hintId}
          rows={8}
          spellCheck={false}
          className={`${inputClass} font-mono text-xs`}
          value={own || fallback}
          onChange={(e) => setEngine('systemPrompt', e.target.value === fallback ? '' : e.target.value)}
        />
        <span id={hintId} className="block text-xs text-slate-400">
          Edited, it is sent as written instead of the strategy’s prompt.
        </span>
      </div>
    </div>
  );
}
