import { barChartSvg, lineChartSvg, SvgChartsService } from './svg-charts.service';

const base = {
  id: 'rooms 1',
  title: 'Booked hours <by> room',
  description: 'Hours & more: "Hall" leads',
  categoryAxisLabel: 'Room',
  valueAxisLabel: 'Hours',
};

/** The attribute values of every element of a kind, in order. */
const all = (svg: string, element: string, attribute: string): string[] =>
  [...svg.matchAll(new RegExp(`<${element}\\b[^>]*\\b${attribute}="([^"]*)"`, 'g'))].map(
    (m) => m[1],
  );
const texts = (svg: string): string[] =>
  [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** Tags open and close in order (the SVG is well-formed as far as its elements go). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const [tag, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)) {
    void tag;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('SVG charts', () => {
  const bars = barChartSvg({
    ...base,
    bars: [
      { label: 'Hall <script>', value: 40 },
      { label: 'Kitchen', value: '< 3' },
      { label: 'Garden', value: null },
      { label: 'Studio', value: 10 },
    ],
  });

  it('draws a bar with its value for each figure, and none for a suppressed or empty one', () => {
    expect(all(bars, 'rect', 'class')).toEqual(['chart-bar', 'chart-bar']);
    const widths = all(bars, 'rect', 'width').map(Number);
    expect(widths[0]).toBeCloseTo(widths[1] * 4, 0);
    expect(texts(bars)).toEqual(expect.arrayContaining(['40', '10', '&lt; 3', '–']));
    expect(bars).toMatch(/class="chart-value chart-suppressed"[^>]*>&lt; 3</);
  });

  it('has a text alternative: role img, an aria-label, a title and a description', () => {
    expect(bars).toMatch(/^<svg [^>]*role="img"/);
    expect(bars).toContain('aria-label="Booked hours &lt;by&gt; room"');
    expect(bars).toContain('aria-describedby="rooms-1-desc"');
    expect(bars).toContain('<title id="rooms-1-title">Booked hours &lt;by&gt; room</title>');
    expect(bars).toContain(
      '<desc id="rooms-1-desc">Hours &amp; more: &quot;Hall&quot; leads</desc>',
    );
    // Axis labels.
    expect(texts(bars)).toEqual(expect.arrayContaining(['Room', 'Hours']));
  });

  it('escapes every text and uses no inline style', () => {
    expect(bars).not.toContain('<script');
    expect(bars).toContain('Hall &lt;script&gt;');
    expect(bars).not.toMatch(/\sstyle=|<style/);
    expect(balanced(bars)).toBe(true);
  });

  it('mirrors for right-to-left: bars grow from the right', () => {
    const rtl = barChartSvg({ ...base, direction: 'rtl', bars: [{ label: 'قاعة', value: 5 }] });
    const ltr = barChartSvg({ ...base, bars: [{ label: 'قاعة', value: 5 }] });
    expect(rtl).toContain('direction="rtl"');
    const [x] = all(rtl, 'rect', 'x').map(Number);
    const [width] = all(rtl, 'rect', 'width').map(Number);
    const [ltrX] = all(ltr, 'rect', 'x').map(Number);
    expect(x + width).toBeCloseTo(640 - ltrX, 0);
    // Figures stay left to right (isolated): "< 3", not "3 >".
    const hidden = barChartSvg({ ...base, direction: 'rtl', bars: [{ label: 'م', value: '< 3' }] });
    expect(texts(hidden)).toContain('\u2066&lt; 3\u2069');
  });

  it('uses the caller’s number format and top of the axis', () => {
    const share = barChartSvg({
      ...base,
      maxValue: 1,
      format: (v) => `${Math.round(v * 100)} %`,
      bars: [{ label: 'A', value: 0.25 }],
    });
    expect(texts(share)).toEqual(expect.arrayContaining(['25 %', '0 %', '100 %']));
  });

  it('draws lines broken at suppressed points, which are written as "< 3"', () => {
    const line = lineChartSvg({
      ...base,
      id: 'months',
      categories: ['Jan', 'Feb', 'Mar', 'Apr'],
      series: [
        { name: 'Requests', values: [4, 5, '< 3', 6] },
        { name: 'Pairs & more', values: [3, 3, 3, 3] },
      ],
    });
    const paths = all(line, 'path', 'd').filter((d) => !d.includes('V'));
    // First series: two pieces (Jan–Feb, Apr); second: one line through four points.
    expect(paths[0].match(/M/g)).toHaveLength(2);
    expect(paths[1].match(/L/g)).toHaveLength(3);
    expect(all(line, 'circle', 'class')).toHaveLength(7);
    expect(texts(line)).toEqual(
      expect.arrayContaining(['&lt; 3', 'Pairs &amp; more', 'Jan', 'Apr', 'Room', 'Hours']),
    );
    expect(line).toMatch(/^<svg [^>]*role="img"[^>]*aria-label=/);
    expect(line).not.toMatch(/\sstyle=|<style/);
    expect(balanced(line)).toBe(true);
  });

  it('mirrors lines for right-to-left: January on the right', () => {
    const chart = { ...base, categories: ['Jan', 'Feb'], series: [{ name: 'A', values: [1, 2] }] };
    const [first, second] = all(lineChartSvg({ ...chart, direction: 'rtl' }), 'circle', 'cx').map(
      Number,
    );
    expect(first).toBeGreaterThan(second);
  });

  it('is injectable with the same output', () => {
    const service = new SvgChartsService();
    expect(service.bar({ ...base, bars: [] })).toBe(barChartSvg({ ...base, bars: [] }));
  });
});
