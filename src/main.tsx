import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './ui/App';
import { prefetchWhenIdle } from './ui/prefetch';
import { PwaNotices } from './ui/PwaNotices';
import { startPwa } from './pwa/register';
import { useApp } from './store';
import { isRunning } from './store/runGate';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
    <PwaNotices />
  </StrictMode>,
);

prefetchWhenIdle();
void startPwa({
  isBusy: () => {
    const s = useApp.getState();
    return isRunning(s) || s.bench.phase.phase === 'running';
  },
  holdsPageState: () => {
    const s = useApp.getState();
    return s.contextFiles !== null || s.trajectory !== null;
  },
  missingHeaders: () => {
    const s = useApp.getState().sandbox;
    return !crossOriginIsolated || (s.state === 'ready' && s.layers !== undefined && !s.layers.csp);
  },
}).catch(() => undefined); // no service worker: the page works as before, only not offline
