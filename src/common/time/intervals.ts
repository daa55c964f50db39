/**
 * Half-open intervals of instants, [start, end) in epoch milliseconds, and the few set
 * operations availability needs. Every function takes and returns sorted, disjoint,
 * non-empty intervals ("normalised"), so results can be compared and chained.
 */
export interface Interval {
  start: number;
  end: number;
}

/** Sorts, drops empty intervals and merges overlapping or touching ones. */
export function normalise(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals]
    .filter((interval) => interval.end > interval.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ start: interval.start, end: interval.end });
  }
  return merged;
}

/** What lies in `base` but not in `remove`. */
export function subtract(base: Interval[], remove: Interval[]): Interval[] {
  const result: Interval[] = [];
  let j = 0;
  for (const interval of base) {
    let cursor = interval.start;
    while (j < remove.length && remove[j].end <= cursor) j++;
    let k = j;
    while (k < remove.length && remove[k].start < interval.end) {
      if (remove[k].start > cursor) result.push({ start: cursor, end: remove[k].start });
      cursor = Math.max(cursor, remove[k].end);
      k++;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/** What lies in both. */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (start < end) result.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return result;
}

/** Whether `inner` lies wholly inside one interval of `outer`. */
export function containedIn(inner: Interval, outer: Interval[]): boolean {
  return outer.some((interval) => interval.start <= inner.start && inner.end <= interval.end);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}
