const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/**
 * Sizes in decimal units (1 MB = 1,000,000 bytes), the way Ollama states model sizes and the sandbox states its
 * limit: a size read here matches the number the user sees in `ollama list` and in the sandbox's messages. One
 * decimal below 10, whole numbers above: "4.7 GB", "523 MB", "17 GB".
 */
export function formatBytes(n: number): string {
  let v = Math.max(0, n);
  let i = 0;
  // Climb while the rounded figure would read 1000 or more ("1000 KB" is "1.0 MB").
  while (v >= 999.5 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = i === 0 || v >= 9.95 ? String(Math.round(v)) : v.toFixed(1);
  return `${digits} ${UNITS[i]}`;
}
