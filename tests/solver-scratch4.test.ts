import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseGap } from '../solver/or-library.js';
import { lpReference } from '../solver/lp-reference.js';
test('lp gap3-4', () => {
  const p = parseGap(readFileSync('solver/instances/gap3.txt', 'utf8'), 'max')[4]!;
  const r = lpReference(p, 60000);
  console.log(JSON.stringify(r).slice(0, 300));
});
