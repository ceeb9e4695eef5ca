import { useState } from 'react';
import { useApp } from '../../store';
import type { Price } from '../../core/cost';
import { inputClass } from '../kit/Field';

const cell = `${inputClass} px-1 py-0.5 text-right text-xs`;

/**
 * USD per million tokens by model name; a name also prices its dated
 * snapshots (`gpt-4o` covers `gpt-4o-2024-08-06`). Local models cost 0 unless listed (see callCost).
 */
export function PriceTable() {
  const prices = useApp((s) => s.settings.prices);
  const updateSettings = useApp((s) => s.updateSettings);
  const [draft, setDraft] = useState({ model: '', input: '', output: '' });
  const rows = Object.entries(prices).sort(([a], [b]) => a.localeCompare(b));
  const setPrice = (model: string, p: Price) => updateSettings((s) => ({ ...s, prices: { ...s.prices, [model]: p } }));
  const remove = (model: string) =>
    updateSettings((s) => ({ ...s, prices: Object.fromEntries(Object.entries(s.prices).filter(([m]) => m !== model)) }));
  const add = () => {
    const model = draft.model.trim();
    const input = Number(draft.input);
    const output = Number(draft.output);
    if (!model || !(input >= 0) || !(output >= 0) || draft.input === '' || draft.output === '') return;
    setPrice(model, { input, output });
    setDraft({ model: '', input: '', output: '' });
  };

  return (
    <details data-testid="price-table" className="rounded border border-slate-800 p-2">
      <summary className="cursor-pointer text-xs font-medium uppercase tracking-wide text-slate-400">Prices (USD per 1M tokens)</summary>
      <p className="mt-1 text-xs text-slate-400">Used for the cost of each call. Local models (Ollama, or an OpenAI-compatible server on this machine or your network) cost $0 unless listed; any other unlisted model shows “$ –”.</p>
      <table className="mt-2 w-full table-fixed text-xs">
        <thead className="text-slate-400">
          <tr>
            <th className="text-left font-normal">model</th>
            <th className="w-14 text-right font-normal">input</th>
            <th className="w-14 text-right font-normal">output</th>
            <th className="w-6" />
          </tr>
        </thead>
        <tbody>
          {rows.map(([model, p]) => (
            <tr key={model} data-testid="price-row" data-model={model}>
              <td className="truncate pr-1 text-[11px] text-slate-300" title={model}>
                {model}
              </td>
              <td>
                <PriceInput testId="price-input" label={`${model}: input price`} value={p.input} onChange={(input) => setPrice(model, { ...p, input })} />
              </td>
              <td>
                <PriceInput testId="price-output" label={`${model}: output price`} value={p.output} onChange={(output) => setPrice(model, { ...p, output })} />
              </td>
              <td className="text-right">
                <button type="button" data-testid="price-remove" title={`Remove ${model}`} aria-label={`Remove the price of ${model}`} className="px-1 text-slate-400 hover:text-rose-300" onClick={() => remove(model)}>
                  ×
                </button>
              </td>
            </tr>
          ))}
          <tr>
            <td className="pr-1 pt-1">
              <input data-testid="price-new-model" aria-label="New price: model name" className={`${inputClass} px-1 py-0.5 text-xs`} placeholder="model name" value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value })} />
            </td>
            <td className="pt-1">
              <input data-testid="price-new-input" aria-label="New price: input, USD per 1M tokens" className={cell} inputMode="decimal" placeholder="0.00" value={draft.input} onChange={(e) => setDraft({ ...draft, input: e.target.value })} />
            </td>
            <td className="pt-1">
              <input data-testid="price-new-output" aria-label="New price: output, USD per 1M tokens" className={cell} inputMode="decimal" placeholder="0.00" value={draft.output} onChange={(e) => setDraft({ ...draft, output: e.target.value })} />
            </td>
            <td className="pt-1 text-right">
              <button type="button" data-testid="price-add" title="Add this price" aria-label="Add this price" className="px-1 text-sky-400 hover:text-sky-300" onClick={add}>
                +
              </button>
            </td>
          </tr>
        </tbody>
      </table>
    </details>
  );
}

/** Edits as text so "0." and "" can be typed on the way to a number; only numbers ≥ 0 are saved. */
function PriceInput({ value, onChange, testId, label }: { value: number; onChange: (v: number) => void; testId: string; label: string }) {
  const [text, setText] = useState(String(value));
  return (
    <input
      data-testid={testId}
      aria-label={label}
      className={cell}
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const v = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= 0) onChange(v);
      }}
      onBlur={() => setText(String(value))}
    />
  );
}
