import { useRef, type KeyboardEvent } from 'react';
import type { AppTab } from './useTab';

const TABS: { id: AppTab; label: string; testId: string }[] = [
  { id: 'run', label: 'Run', testId: 'tab-run' },
  { id: 'bench', label: 'Benchmark', testId: 'tab-bench' },
];

export const tabId = (t: AppTab) => `app-tab-${t}`;
export const panelId = (t: AppTab) => `app-panel-${t}`;

/** The WAI-ARIA tabs pattern: one tab in the Tab order, arrows/Home/End move between tabs and open them. */
export function TabBar({ tab, onChange }: { tab: AppTab; onChange: (t: AppTab) => void }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to =
      e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    onChange(TABS[to].id);
    refs.current[TABS[to].id]?.focus();
  };
  return (
    <div role="tablist" aria-label="Views" className="flex gap-1" onKeyDown={move}>
      {TABS.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          type="button"
          role="tab"
          id={tabId(t.id)}
          aria-selected={tab === t.id}
          aria-controls={panelId(t.id)}
          tabIndex={tab === t.id ? 0 : -1}
          data-testid={t.testId}
          onClick={() => onChange(t.id)}
          className={`rounded px-3 py-1 text-sm max-lg:min-h-11 ${tab === t.id ? 'bg-slate-700 text-slate-100' : 'text-slate-300 hover:bg-slate-800'}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
