/**
 * The re-match report as plain text for a terminal (`npx homefinder rematch --format table`): a summary
 * (status, objective, bound, gap, counts) and one row per child.
 */
import type { RematchReport } from './report.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function num(x: number | null, digits = 2): string {
  if (x === null) return '-';
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/**
 * Format a report as an aligned text table.
 *
 * @example
 * process.stdout.write(formatRematchTable(report));
 */
export function formatRematchTable(r: RematchReport): string {
  const k = r.counts;
  const lines: string[] = [];
  lines.push(`status ${r.status}  objective ${num(r.objective)}  bound ${num(r.bound)}  gap ${(r.gap * 100).toFixed(4)}%`);
  lines.push(
    `children ${k.children} (settled ${k.settled}, displaced ${k.displaced}, new ${k.new})  homes ${k.homes}  ` +
      `stayed ${k.stayed}  moved ${k.moved}  newly placed ${k.newlyPlaced}  unplaced ${k.unplaced}  ` +
      `settled moved ${k.settledMoved}${k.maxMoves === null ? '' : ` (max ${k.maxMoves})`}`,
  );
  lines.push(`sibling groups ${k.siblingGroups}: together ${k.siblingGroupsTogether}, split ${k.siblingGroupsSplit}`);
  lines.push(`penalties: unplaced ${num(r.penalties.unplaced)}, sibling splits ${num(r.penalties.siblingSplits)}`);
  lines.push(`${r.stats.method} (${r.stats.mode}), ${r.stats.solves} solve(s), ${num(r.stats.ms, 0)} ms (scoring ${num(r.stats.scoringMs, 0)} ms, solver ${num(r.stats.solveMs, 0)} ms)`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('');
  const header = ['child', 'siblings', 'class', 'current', 'assigned', 'change', 'score', 'reason'];
  const rows = r.children.map((c) => [
    c.childId,
    c.siblingGroupId ?? '-',
    c.class,
    c.currentHomeId ?? '-',
    c.homeId ?? '-',
    c.change,
    num(c.score),
    c.reason ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  lines.push(header.map((h, i) => pad(h, widths[i]!)).join('  ').trimEnd());
  for (const row of rows) lines.push(row.map((cell, i) => pad(cell, widths[i]!)).join('  ').trimEnd());
  return `${lines.join('\n')}\n`;
}
