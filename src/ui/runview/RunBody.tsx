import { useApp } from '../../store';
import { TreePanel } from '../tree/TreePanel';
import { IterationDetail } from './IterationDetail';
import { RunHeader } from './RunHeader';
import { StepBar } from './StepBar';
import { TimelineStrip } from './TimelineStrip';
import { showRunIteration } from './actions';

/**
 * Everything of a shown run. Its own chunk (with the virtual list and the pane library): the first
 * page load has no run to show, so it does not pay for them.
 */
export default function RunBody() {
  const tab = useApp((s) => s.view.tab);
  return (
    <>
      <RunHeader />
      <TimelineStrip />
      <StepBar />
      {tab === 'calls' ? <CallsPanel /> : <IterationDetail />}
    </>
  );
}

function CallsPanel() {
  const t = useApp((s) => s.trajectory);
  if (!t) return null;
  return (
    <section aria-label="Calls and timing" className="rounded-lg border border-slate-800 p-3" data-testid="calls-panel">
      <TreePanel trajectory={t} onSelect={showRunIteration} />
    </section>
  );
}
