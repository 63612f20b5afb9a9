import { describe, expect, it } from 'vitest';
import { diffChart, esc, groupedBars, histogram, stackedShares } from './svg.js';

describe('svg charts', () => {
  it('escapes every label and value', () => {
    const svg = diffChart('A <b> & "c"', [{ label: '<script>', value: 0.1, lo: 0, hi: 0.2, better: 'higher' }], (x) => `${x}`);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(esc("it's")).toBe('it&#39;s');
  });
  it('draws a bar per category and series, green when better and red when worse', () => {
    const bars = groupedBars('cost', ['a', 'b', 'c'], [{ name: 'x', values: [1, 2, 3] }, { name: 'y', values: [3, 2, 1] }], (v) => v.toFixed(0));
    expect(bars.match(/<rect /g)?.length).toBe(6 + 2);
    const d = diffChart('d', [
      { label: 'up good', value: 1, lo: 0.5, hi: 1.5, better: 'higher' },
      { label: 'up bad', value: 1, lo: 0.5, hi: 1.5, better: 'lower' },
    ], String);
    expect(d).toContain('#2e7d32');
    expect(d).toContain('#c62828');
  });
  it('stacks shares to the full width and bins a histogram', () => {
    expect(stackedShares('mix', ['f', 'r'], [{ name: 'b', values: [0.75, 0.25] }])).toContain('75%');
    const h = histogram('h', [1, 1, 2, 3, Number.NaN], 3, String);
    expect(h.match(/<rect /g)?.length).toBe(3);
    expect(histogram('none', [], 3, String)).toContain('No values.');
  });
});
