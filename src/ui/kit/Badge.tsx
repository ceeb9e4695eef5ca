import type { ReactNode } from 'react';

const tones = {
  neutral: 'bg-slate-800 text-slate-300 border-slate-700',
  good: 'bg-emerald-950 text-emerald-300 border-emerald-800',
  warn: 'bg-amber-950 text-amber-300 border-amber-800',
  bad: 'bg-rose-950 text-rose-300 border-rose-800',
  info: 'bg-sky-950 text-sky-300 border-sky-800',
};

export type Tone = keyof typeof tones;

export function Badge({ tone = 'neutral', children, title, testId }: { tone?: Tone; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span title={title} data-testid={testId} className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs ${tones[tone]}`}>
      {children}
    </span>
  );
}
