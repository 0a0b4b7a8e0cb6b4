// Plain-text tables for the terminal (stdout); progress and notes go to stderr.

export function table(title: string, rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return `\n${title}\n  (none)\n`;
  const cols = columns ?? Object.keys(rows[0]!);
  const text = (v: unknown) =>
    v === undefined || v === null ? '' : typeof v === 'number' ? formatNumber(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const cells = rows.map((r) => cols.map((c) => text(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => `  ${values.map((v, i) => v.padStart(widths[i]!)).join('  ')}`;
  return `${[`\n${title}`, line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? n.toFixed(1) : abs >= 1 ? n.toFixed(2) : n.toPrecision(3);
}
