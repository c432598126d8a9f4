// One bisection for the sorted records the model keeps (fluid segments, apply pieces, the trace's
// times): how many of the first `length` keys are at or below `value`, the keys read through
// `keyAt` in ascending order.

export function countAtOrBelow(length: number, value: number, keyAt: (index: number) => number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyAt(mid) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
