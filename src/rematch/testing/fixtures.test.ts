import { describe, expect, it } from 'vitest';
import { handModel, handUnit, moveViolations } from './fixtures.js';

describe('moveViolations', () => {
  // A (10 in H0 or 4 in H1) and B (6 in H0 or 5 in H1), one place each: the optimum is 15 (A in H0, B in H1)
  const model = handModel([handUnit('A', [[0, 10, 1], [1, 4, 1]]), handUnit('B', [[0, 6, 1], [1, 5, 1]])], [1, 1]);
  const start = Int32Array.of(1, 0); // 10

  it('accepts a true improvement to the optimum', () => {
    expect(moveViolations(model, start, Int32Array.of(0, 1), { gain: 5, maxMoves: null, sets: 'kept' })).toEqual([]);
  });

  it('names every broken promise: a wrong gain, an overfilled home, a value above the optimum, a change without gain', () => {
    expect(moveViolations(model, start, Int32Array.of(0, 0), { gain: 0, maxMoves: null, sets: 'kept' })).toEqual([
      'gain reported 0, actual 6',
      'changed the choice without a gain',
      'home 0 holds 2 of 1 places',
      'value 16 above the optimum 15',
    ]);
    expect(moveViolations(model, start, Int32Array.of(-1, 0), { gain: -4, maxMoves: null, sets: 'kept' })).toEqual(['value fell from 10 to 6']);
  });
});
