// A deterministic log-linear latency histogram (HDR-style): values in microseconds, 128
// sub-buckets per power of two, so a reported percentile is within 0.4% of the true value.

const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS;
const OCTAVES = 32; // values up to 2^32 µs ≈ 71 minutes; larger ones land in the last bucket
export const HISTOGRAM_BUCKETS = OCTAVES * SUB_COUNT;

/** Bucket index of a latency in microseconds. */
export function bucketOf(valueUs: number): number {
  const v = valueUs < 1 ? 0 : valueUs >= 4294967295 ? 4294967295 : Math.floor(valueUs);
  if (v < SUB_COUNT) return v; // exact below 128 µs
  const octave = 31 - Math.clz32(v); // ≥ SUB_BITS
  const sub = (v >>> (octave - SUB_BITS)) - SUB_COUNT;
  return (octave - SUB_BITS + 1) * SUB_COUNT + sub;
}

/** The midpoint of a bucket's value range, in microseconds. */
export function bucketMidpointUs(index: number): number {
  if (index < SUB_COUNT) return index;
  const octave = Math.floor(index / SUB_COUNT) - 1 + SUB_BITS;
  const sub = index % SUB_COUNT;
  const width = 2 ** (octave - SUB_BITS);
  return (SUB_COUNT + sub) * width + width / 2;
}

export function newHistogram(): Float64Array {
  return new Float64Array(HISTOGRAM_BUCKETS);
}

/** The value at quantile q (0..1) of a histogram, or 0 when it is empty. */
export function quantileUs(histogram: ArrayLike<number>, q: number): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i];
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= rank) return bucketMidpointUs(i);
  }
  return bucketMidpointUs(histogram.length - 1);
}
