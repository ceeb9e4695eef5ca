/**
 * Linux /proc readings of Chromium's processes: performance.memory is null in workers, and Pyodide's worker lives in
 * the page's renderer process, so the renderer's RSS is what a big context costs.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcMem {
  pid: number;
  type: string;
  /** Current resident set, MB (1e6 bytes). */
  rssMb: number;
  /** Peak resident set since the process started (VmHWM), MB. */
  hwmMb: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process is gone
  }
}

function cmdline(pid: number): string[] {
  const args = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean);
  // Zygote-forked children (renderers, utilities) rewrite their title into one space-separated string.
  return args.length === 1 ? args[0].split(' ') : args;
}

function ppid(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[1]);
}

function pids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

/** The browser process started with `--user-data-dir=<dir>` (each bench profile has its own temp dir). */
export function findBrowserPid(userDataDir: string): number | null {
  for (const pid of pids()) {
    const args = cmdline(pid);
    if (args.some((a) => a === `--user-data-dir=${userDataDir}`) && !args.some((a) => a.startsWith('--type='))) {
      return pid;
    }
  }
  return null;
}

/** The browser process and all its descendants (zygotes, renderers, GPU/utility processes). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of pids()) {
    const p = ppid(pid);
    if (p === null) continue;
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(pid);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function kb(status: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

export function memOf(pid: number): ProcMem | null {
  const status = read(`/proc/${pid}/status`);
  if (!status) return null;
  const type = cmdline(pid).find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
  return { pid, type, rssMb: (kb(status, 'VmRSS') * 1024) / 1e6, hwmMb: (kb(status, 'VmHWM') * 1024) / 1e6 };
}

export function treeMem(root: number): ProcMem[] {
  return processTree(root).map(memOf).filter((m): m is ProcMem => m !== null);
}

/** Polls the tree every `everyMs` while started; stop() returns the peaks seen. */
export function pollMemory(root: number, everyMs = 50) {
  let peakRendererRss = 0; // largest single renderer
  let peakRendererSum = 0; // all renderers together
  let peakTreeSum = 0; // every Chromium process together
  let samples = 0;
  const sample = () => {
    const mem = treeMem(root);
    const renderers = mem.filter((m) => m.type === 'renderer');
    peakRendererRss = Math.max(peakRendererRss, ...renderers.map((m) => m.rssMb), 0);
    peakRendererSum = Math.max(peakRendererSum, renderers.reduce((s, m) => s + m.rssMb, 0));
    peakTreeSum = Math.max(peakTreeSum, mem.reduce((s, m) => s + m.rssMb, 0));
    samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const renderers = treeMem(root).filter((m) => m.type === 'renderer');
      return { peakRendererRss, peakRendererSum, peakTreeSum, samples,
        rendererHwm: Math.max(0, ...renderers.map((m) => m.hwmMb)) };
    },
  };
}
