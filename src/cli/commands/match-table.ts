import type { Geography } from '../../../geo/types.js';
import type { MatchResponse } from '../../domain/match.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

/**
 * A readable plain-text rendering of a match response: the ranked homes with their three largest factors
 * and approvals, split plans, relaxations, then the ineligible homes with the rules they break.
 *
 * @example
 * process.stdout.write(formatMatchTable(response, defaultGeography()));
 */
export function formatMatchTable(res: MatchResponse, geo: Geography): string {
  const name = (code: string | null) => (code ? (geo.authority(code)?.name ?? code) : '-');
  const out: string[] = [];
  out.push(`Match ${res.requestId}  ${res.subject.kind} ${res.subject.id}  mode ${res.mode}  policy ${res.policyVersion}  registry ${res.registryVersion}  as of ${res.asOf}`);
  out.push(`${res.counts.homes} homes: ${res.counts.eligible} eligible, ${res.counts.ineligible} ineligible${res.counts.outOfScope ? `, ${res.counts.outOfScope} outside the same-day scope` : ''}`);
  out.push('');
  out.push(`${pad('#', 4)}${pad('home', 14)}${pad('type', 26)}${pad('authority', 22)}${pad('km', 8)}${pad('total', 8)}top factors / approvals`);
  for (const c of res.ranked) {
    const top = [...c.explanation.factors].sort((a, b) => b.impact - a.impact).slice(0, 3).map((f) => `${f.id} ${f.impact.toFixed(1)}`).join(', ');
    const appr = c.approvals.map((a) => a.regulation).join(', ');
    out.push(`${pad(String(c.rank), 4)}${pad(c.homeId, 14)}${pad(c.type, 26)}${pad(name(c.authority), 22)}${pad(c.distanceKm.toFixed(1), 8)}${pad(c.explanation.total.toFixed(2), 8)}${top}${appr ? `  [${appr}]` : ''}`);
  }
  if (res.moreEligible.homeIds.length) out.push(`... and ${res.moreEligible.homeIds.length} more eligible homes (ids and totals in JSON output)`);
  for (const p of res.splitPlans) out.push(`split plan ${p.total.toFixed(2)}: ${p.assignments.map((a) => `${a.childId}->${a.homeId}`).join(', ')} (${p.sentence})`);
  for (const r of res.relaxations) out.push(`relaxation ${r.relax}: ${r.sentence}`);
  out.push('');
  out.push(`Ineligible (nearest ${res.ineligible.length} in full; all ${res.counts.ineligible} grouped below)`);
  for (const h of res.ineligible) {
    out.push(`  ${pad(h.homeId, 14)}${pad(h.type, 26)}${pad(h.distanceKm.toFixed(1), 8)}${h.brokenRules.map((r) => r.id).join(', ')}${h.counterfactual ? `  -> ${h.counterfactual}` : ''}`);
  }
  for (const g of res.ineligibleSummary) out.push(`  ${pad(String(g.count), 6)} homes break ${g.rules.join(' + ')}`);
  return `${out.join('\n')}\n`;
}
