import { Cell, suppress, SUPPRESSED } from './suppression';

const cell = (value: number | null, contributors = value ?? 0): Cell => ({ value, contributors });
type F = 'organizations' | 'hours';
const row = (organizations: number, hours: number): Record<F, Cell> => ({
  organizations: cell(organizations),
  hours: cell(hours, organizations),
});
const FIGURES = ['organizations', 'hours'] as const;

describe('suppress', () => {
  it('shows a table without small groups as it is', () => {
    const shown = suppress({ rows: [row(3, 10), row(5, 2)], totals: row(8, 12) }, FIGURES);
    expect(shown).toEqual({
      rows: [
        { organizations: 3, hours: 10 },
        { organizations: 5, hours: 2 },
      ],
      totals: { organizations: 8, hours: 12 },
      suppressed: false,
    });
  });

  it('hides a group of one or two and a second one, so the total does not give it away', () => {
    const shown = suppress(
      { rows: [row(7, 70), row(2, 20), row(4, 40), row(3, 30)], totals: row(16, 160) },
      FIGURES,
    );
    // The 2 is hidden first; of the rest, the smallest group (3) goes with it, in both columns.
    expect(shown.rows).toEqual([
      { organizations: 7, hours: 70 },
      { organizations: SUPPRESSED, hours: SUPPRESSED },
      { organizations: 4, hours: 40 },
      { organizations: SUPPRESSED, hours: SUPPRESSED },
    ]);
    expect(shown.totals).toEqual({ organizations: 16, hours: 160 });
    expect(shown.suppressed).toBe(true);
  });

  it('needs no second cell when two are hidden already', () => {
    const shown = suppress(
      { rows: [row(1, 5), row(2, 8), row(9, 90)], totals: row(12, 103) },
      FIGURES,
    );
    expect(shown.rows.map((r) => r.organizations)).toEqual([SUPPRESSED, SUPPRESSED, 9]);
  });

  it('keeps zeros (nobody is no small group), and hides one as the second cell', () => {
    const plain = suppress({ rows: [row(0, 0), row(4, 3)], totals: row(4, 3) }, FIGURES);
    expect(plain.rows[0]).toEqual({ organizations: 0, hours: 0 });
    const shown = suppress(
      { rows: [row(5, 50), row(1, 3), row(0, 0)], totals: row(6, 53) },
      FIGURES,
    );
    // "< 3" stays true: the zero is hidden rather than the five.
    expect(shown.rows).toEqual([
      { organizations: 5, hours: 50 },
      { organizations: SUPPRESSED, hours: SUPPRESSED },
      { organizations: SUPPRESSED, hours: SUPPRESSED },
    ]);
  });

  it('hides the total when there is no second cell, and a total of one or two', () => {
    expect(suppress({ rows: [row(2, 4)], totals: row(2, 4) }, FIGURES).totals).toEqual({
      organizations: SUPPRESSED,
      hours: SUPPRESSED,
    });
    const lonely = suppress({ rows: [row(2, 4), row(0, 0)], totals: row(5, 4) }, FIGURES);
    expect(lonely.rows[0]).toEqual({ organizations: SUPPRESSED, hours: SUPPRESSED });
    expect(
      lonely.rows[1].organizations === SUPPRESSED || lonely.totals.organizations === SUPPRESSED,
    ).toBe(true);
  });

  it('never leaves exactly one hidden cell in a column whose total is shown', () => {
    // Every table of 1..5 rows with groups of 0..4 organisations.
    const sizes = [0, 1, 2, 3, 4];
    const tables: number[][] = [[]];
    for (let length = 1; length <= 4; length++) {
      for (const previous of tables.filter((t) => t.length === length - 1))
        for (const size of sizes) tables.push([...previous, size]);
    }
    for (const groups of tables.filter((t) => t.length > 0)) {
      const total = groups.reduce((a, b) => a + b, 0);
      const shown = suppress(
        { rows: groups.map((g) => row(g, g * 10)), totals: row(total, total * 10) },
        FIGURES,
      );
      for (const figure of FIGURES) {
        const hiddenCells = shown.rows.filter((r) => r[figure] === SUPPRESSED).length;
        if (shown.totals[figure] !== SUPPRESSED) expect(hiddenCells).not.toBe(1);
        shown.rows.forEach((r, i) => {
          if (groups[i] > 0 && groups[i] < 3) expect(r[figure]).toBe(SUPPRESSED);
        });
      }
    }
  });
});
