/**
 * In-page probes of the `viz` phase (viz.ts), as strings evaluated in the app's page: tsx would wrap named inner
 * functions in a `__name` helper the page does not have. Every time is `performance.now()` in the page.
 */

/**
 * Installs window.__vizArm(): arms one step. The step starts at the next keydown (capture phase on window, before the
 * app's own listener) and ends when `iteration-detail`'s data-iteration differs from its value at arming AND the next
 * animation frame has fired ("painted"); `afterPaintMs` is one task later (a MessageChannel message posted from that
 * rAF callback runs after the frame is drawn). window.__vizStep resolves with { ms, commitMs, afterPaintMs, to, mutations }; commitMs is keydown → the DOM
 * change seen (React's work), the rest of ms is style, layout and the wait for the frame.
 */
export const STEP_PROBE = `(() => {
  const cur = () => document.querySelector('[data-testid="iteration-detail"]')?.getAttribute('data-iteration') ?? null;
  let p = null;
  window.addEventListener('keydown', () => {
    if (p && p.t0 === null) p.t0 = performance.now();
  }, { capture: true });
  const obs = new MutationObserver((records) => {
    if (!p || p.t0 === null || p.seen) return;
    p.mutations += records.length;
    const now = cur();
    if (now === null || now === p.from) return;
    p.seen = true;
    const step = p;
    const commitMs = performance.now() - step.t0;
    requestAnimationFrame(() => {
      const ms = performance.now() - step.t0;
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        clearTimeout(step.timer);
        step.resolve({ ms, commitMs, afterPaintMs: performance.now() - step.t0, to: now, mutations: step.mutations });
      };
      ch.port2.postMessage(0);
    });
  });
  obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  window.__vizArm = () => {
    const from = cur();
    window.__vizStep = new Promise((resolve, reject) => {
      p = { t0: null, from, seen: false, mutations: 0, resolve,
        timer: setTimeout(() => reject(new Error('iteration-detail stayed at ' + from + ' for 10 s after the key')), 10000) };
    });
    return from;
  };
})()`;

/**
 * Arms the streaming probe before Run is clicked: window.__vizStream resolves once iteration `want` streamed. The
 * window opens when the strip first counts `want` iterations (its card appears as its response starts) and closes
 * when the detail's "streaming…" badge is gone after being seen, or the final answer shows. Meanwhile: 'longtask'
 * entries (PerformanceObserver), the longest gap between animation frames, and DOM mutation records per frame (which
 * part of the page re-renders, without React's Profiler).
 */
export const STREAM_PROBE = `(want) => {
  const q = (s) => document.querySelector(s);
  const count = () => Number(q('[data-testid="timeline-strip"]')?.getAttribute('data-count') ?? 0);
  const streaming = () => /streaming…/.test(q('[data-testid="iteration-detail"] header')?.textContent ?? '');
  const st = { phase: 'wait', t0: 0, t1: 0, sawBadge: false, long: [], frames: 0, gapMax: 0, lastFrame: 0,
    mutations: 0, frameMutations: 0, maxFrameMutations: 0, byTestid: {} };
  const po = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) st.long.push({ start: e.startTime, dur: e.duration });
  });
  po.observe({ type: 'longtask', buffered: false });
  const where = (node) => {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return el?.closest('[data-testid]')?.getAttribute('data-testid') ?? '(none)';
  };
  const tick = (t) => {
    if (st.phase !== 'streaming') return;
    st.gapMax = Math.max(st.gapMax, t - st.lastFrame);
    st.lastFrame = t;
    st.frames++;
    st.maxFrameMutations = Math.max(st.maxFrameMutations, st.frameMutations);
    st.frameMutations = 0;
    requestAnimationFrame(tick);
  };
  window.__vizStream = new Promise((resolve, reject) => {
    const finish = () => {
      st.phase = 'done';
      st.t1 = performance.now();
      obs.disconnect();
      // Entries are delivered a little late: wait for the last ones before cutting the window.
      setTimeout(() => {
        po.disconnect();
        const inside = st.long.filter((e) => e.start + e.dur >= st.t0 && e.start <= st.t1);
        const top = Object.entries(st.byTestid).sort((a, b) => b[1] - a[1]).slice(0, 8);
        resolve({ t0: st.t0, ms: st.t1 - st.t0, longtasks: inside, longtaskMax: Math.max(0, ...inside.map((e) => e.dur)),
          frameGapMax: st.gapMax, frames: st.frames, mutations: st.mutations, maxFrameMutations: st.maxFrameMutations,
          mutationsByTestid: top, sawBadge: st.sawBadge });
      }, 300);
    };
    const obs = new MutationObserver((records) => {
      if (st.phase === 'streaming') {
        st.mutations += records.length;
        st.frameMutations += records.length;
        for (const r of records) { const k = where(r.target); st.byTestid[k] = (st.byTestid[k] ?? 0) + 1; }
        if (streaming()) st.sawBadge = true;
        if (q('[data-testid="final-answer"]') || (st.sawBadge && !streaming())) finish();
      } else if (st.phase === 'wait' && count() >= want) {
        st.phase = 'streaming';
        st.t0 = st.lastFrame = performance.now();
        requestAnimationFrame(tick);
      } else if (st.phase === 'wait' && (q('[data-testid="run-failure"]') || q('[data-testid="run-error"]'))) {
        obs.disconnect();
        reject(new Error('the run failed at ' + count() + ' iterations: ' + (q('[data-testid="run-failure"]') || q('[data-testid="run-error"]')).textContent.slice(0, 300)));
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    setTimeout(() => { obs.disconnect(); reject(new Error('stream window not closed within 15 min (' + count() + ' iterations)')); }, 900000);
  });
}`;
