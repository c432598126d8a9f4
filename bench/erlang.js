// Queueing truths the benchmarks are checked against, and the error bar for comparing a
// simulated mean with them.

/**
 * Erlang C for an M/M/c queue: the probability that an arrival waits, and the mean wait in
 * queue Wq = C(c, a) / (c·mu − lambda), with offered load a = lambda / mu (requires a < c).
 */
export function erlangC(lambda, mu, c) {
  const offered = lambda / mu;
  const utilization = offered / c;
  if (!(utilization < 1)) throw new RangeError(`unstable queue: lambda/(c·mu) = ${utilization} >= 1`);
  let term = 1; // a^k / k!
  let sumBelowC = 0;
  for (let k = 0; k < c; k++) {
    sumBelowC += term;
    term *= offered / (k + 1);
  }
  const waitingTerm = term / (1 - utilization); // a^c / c! · 1 / (1 − rho)
  const pWait = waitingTerm / (sumBelowC + waitingTerm);
  return { pWait, meanWait: pWait / (c * mu - lambda) };
}

/**
 * Mean and standard error by batch means: consecutive waits are correlated, so the naive
 * sigma/sqrt(n) is too small; the spread of the means of a few long batches is honest.
 */
export function batchMeans(batchSums, batchCounts) {
  const batches = batchSums.length;
  let total = 0;
  let count = 0;
  for (let i = 0; i < batches; i++) {
    total += batchSums[i];
    count += batchCounts[i];
  }
  const mean = total / count;
  let squares = 0;
  for (let i = 0; i < batches; i++) squares += (batchSums[i] / batchCounts[i] - mean) ** 2;
  return { mean, stdErr: Math.sqrt(squares / (batches - 1) / batches) };
}
