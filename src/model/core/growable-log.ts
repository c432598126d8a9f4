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

  /** Number of leading entries ≤ value (entries are non-decreasing). */
  countAtOrBelow(value: number): number {
    let low = 0;
    let high = this.length;
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
