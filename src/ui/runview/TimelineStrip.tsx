import { useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store';
import { isRunning } from '../../store/runGate';
import { markKey, runIterations, shownOf, turnMarks } from './selection';
import { TimelineCard } from './TimelineCard';
import { goTo } from './actions';

const CARD_PX = 176;

/** The strip of iteration cards, virtualised: only the cards in view (plus a few) are in the DOM. */
export function TimelineStrip() {
  const { runId, index } = useApp(
    useShallow((s) => {
      const shown = shownOf(s.trajectory, s.view);
      return { runId: shown?.runId ?? null, index: shown?.index ?? null };
    }),
  );
  const iterations = useApp((s) => runIterations(s.trajectory, runId));
  const run = useApp((s) => (runId ? s.trajectory?.runs[runId] : undefined));
  const live = useApp(isRunning);
  // Only a pause of this strip's run marks its card: a paused child shows on its own strip.
  const pausedAt = useApp((s) => (s.runPhase.phase === 'paused' && s.runPhase.step.runId === runId ? s.runPhase.step.iteration : null));
  const marks = useMemo(() => turnMarks(run), [run?.turns]); // eslint-disable-line react-hooks/exhaustive-deps
  const multiTurn = (run?.turns.length ?? 0) > 1;
  const isRoot = useApp((s) => !!runId && s.trajectory?.rootRunId === runId);
  const openFork = useApp((s) => s.openFork);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    horizontal: true,
    count: iterations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_PX,
    overscan: 6,
  });
  useEffect(() => {
    if (index !== null) virtual.scrollToIndex(index, { align: 'auto' });
  }, [index, virtual]);
  // Keyboard stepping moves the focus with the selection when it was on a card.
  useEffect(() => {
    const active = document.activeElement;
    if (index === null || !(active instanceof HTMLElement) || active.dataset.testid !== 'timeline-card') return;
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus({ preventScroll: true }));
  }, [index]);
  const last = iterations.length - 1;
  return (
    <div
      ref={scrollRef}
      role="listbox"
      aria-label="Iterations"
      aria-orientation="horizontal"
      data-testid="timeline-strip"
      data-count={iterations.length}
      className="overflow-x-auto overflow-y-hidden rounded-lg border border-slate-800 bg-slate-950/60"
    >
      <div className="relative h-28" style={{ width: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((v) => {
          const it = iterations[v.index];
          return (
            <div key={v.key} className="absolute top-0 h-full p-1" style={{ left: v.start, width: CARD_PX }}>
              <TimelineCard
                it={it}
                index={v.index}
                selected={v.index === index}
                tabStop={index === null || index >= iterations.length ? v.index === 0 : v.index === index}
                final={marks.finals.has(markKey(it))}
                failed={marks.errors.has(markKey(it))}
                live={live && v.index === last}
                paused={live && v.index === last && pausedAt === it.iteration}
                multiTurn={multiTurn}
                onPick={goTo}
                // A fork continues the root run's first question; a live run cannot be forked yet.
                onFork={!live && isRoot && it.turn === 0 && !it.forced ? openFork : undefined}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
