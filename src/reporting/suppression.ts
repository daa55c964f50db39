/**
 * Small groups are never shown: a figure that describes fewer than three organisations (or
 * people) is replaced by this string, in JSON, CSV and every page.
 */
export const SUPPRESSED = '< 3';
export const MIN_GROUP = 3;

/** A figure as reports show it: a number, null (nothing to say), or suppressed. */
export type Figure = number | null | typeof SUPPRESSED;

/** A figure with the number of organisations (or people) it describes. */
export interface Cell {
  value: number | null;
  contributors: number;
}

export interface CountedTable<F extends string> {
  rows: Record<F, Cell>[];
  /** Each figure's total over all rows (a sum, or a count of the distinct contributors). */
  totals: Record<F, Cell>;
}

export interface ShownTable<F extends string> {
  rows: Record<F, Figure>[];
  totals: Record<F, Figure>;
  /** Whether any figure was suppressed. */
  suppressed: boolean;
}

const small = (cell: Cell) => cell.contributors > 0 && cell.contributors < MIN_GROUP;

/**
 * Suppression, the one function every report goes through. Primary: a cell describing one or
 * two contributors is hidden. Secondary, per figure (column): when its total is shown and
 * exactly one cell of the column is hidden, that cell would be the total minus the others, so
 * a second one is hidden too — the one with the fewest contributors (then the first): a zero
 * if there is one, so that "< 3" stays true wherever it can, and in a table whose rows have
 * one contributor count for all their figures, whole rows are hidden alike and no row total
 * can give a cell away either. With no second cell to hide,
 * the total is hidden. A total that describes one or two contributors is hidden as well.
 */
export function suppress<F extends string>(
  table: CountedTable<F>,
  figures: readonly F[],
): ShownTable<F> {
  const hidden = table.rows.map(() => new Set<F>());
  const hiddenTotals = new Set<F>();
  for (const figure of figures) {
    table.rows.forEach((row, index) => {
      if (small(row[figure])) hidden[index].add(figure);
    });
    if (small(table.totals[figure])) hiddenTotals.add(figure);
    if (hiddenTotals.has(figure)) continue;
    const hiddenCount = hidden.filter((cells) => cells.has(figure)).length;
    if (hiddenCount !== 1) continue;
    const second = table.rows
      .map((row, index) => ({ cell: row[figure], index }))
      .filter(({ cell, index }) => !hidden[index].has(figure) && cell.value !== null)
      .sort((a, b) => a.cell.contributors - b.cell.contributors || a.index - b.index)[0];
    if (second) hidden[second.index].add(figure);
    else hiddenTotals.add(figure);
  }
  const show = (cell: Cell, isHidden: boolean): Figure => (isHidden ? SUPPRESSED : cell.value);
  const rows = table.rows.map((row, index) => {
    const shown = {} as Record<F, Figure>;
    for (const figure of figures) shown[figure] = show(row[figure], hidden[index].has(figure));
    return shown;
  });
  const totals = {} as Record<F, Figure>;
  for (const figure of figures)
    totals[figure] = show(table.totals[figure], hiddenTotals.has(figure));
  return {
    rows,
    totals,
    suppressed: hiddenTotals.size > 0 || hidden.some((cells) => cells.size > 0),
  };
}
