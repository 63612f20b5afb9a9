import { test } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { solve } from '../solver/solve.js';
import { parseGap } from '../solver/or-library.js';
const OPT: Record<string, number[]> = {
 gap1: [336, 327, 339, 341, 326], gap2: [434, 436, 420, 419, 428], gap3: [580, 564, 573, 570, 564],
 gap4: [656, 644, 673, 647, 664], gap5: [563, 558, 564, 568, 559], gap6: [761, 759, 758, 752, 747],
 gap7: [942, 949, 968, 945, 951], gap8: [1133, 1134, 1141, 1117, 1127], gap9: [709, 717, 712, 723, 706],
 gap10: [958, 963, 960, 947, 947], gap11: [1139, 1178, 1195, 1171, 1171], gap12: [1451, 1449, 1433, 1447, 1446] };
test('gap', () => {
  for (const [name, opt] of Object.entries(OPT)) {
    const f = `solver/instances/${name}.txt`;
    if (!existsSync(f)) continue;
    parseGap(readFileSync(f, 'utf8'), 'max').forEach((p, i) => {
      const r = solve(p);
      console.log(name, i, opt[i], r.status, r.status !== 'infeasible' ? [r.objective, r.bound, r.stats.nodes, r.stats.ms.toFixed(0)] : r.message);
    });
  }
});
