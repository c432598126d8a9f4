// An append-only, non-decreasing array of times that grows by doubling and supports
// binary search: the database's commit log and each replica's apply times.

export class GrowableLog {
  private values = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }

  get(index: number): number {
    return this.values[index];
  }

  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  fill(from: number, to: number, value: number): void {
    this.values.fill(value, from, Math.min(to, this.length));
  }

  /**
   * Number of leading entries ≤ value (entries are non-decreasing). Most questions are about
   * recent times (a read's staleness, a replica's position now), so the search gallops back from
   * the end before it bisects: O(log k) for an answer k entries from the end.
   */
  countAtOrBelow(value: number): number {
    const values = this.values;
    let high = this.length - 1;
    if (high < 0 || values[high] <= value) return this.length;
    // values[high] > value; step back by doubling until an entry ≤ value (or the start).
    let step = 1;
    let low = high - step;
    while (low >= 0 && values[low] > value) {
      high = low;
      step *= 2;
      low = high - step;
    }
    low = Math.max(low + 1, 0);
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.values[mid] <= value) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Index of the first entry > value. */
  firstAbove(value: number): number {
    return this.countAtOrBelow(value);
  }
}
