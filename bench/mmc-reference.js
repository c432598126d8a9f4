// Reference M/M/c: the smallest honest event loop — a binary heap in typed arrays keyed by
// (time, sequence), two event kinds, integer-microsecond time. It draws from alea streams seeded
// exactly as faultline's RandomStreams does ("<seed>/<name>"), so faultline's engine running the
// same model (mmc-engine.js) must follow the same sample path and report the same Wq.

import seedrandom from "seedrandom";

const ARRIVAL = 0;
const DEPARTURE = 1;
const US_PER_S = 1e6;
export const BATCHES = 20;

export function runReference({ customers, lambda = 2.4, mu = 1, servers = 3, seed = 1 }) {
  const started = performance.now();
  const arrivalRandom = seedrandom.alea(`${seed}/mmc/arrivals`);
  const serviceRandom = seedrandom.alea(`${seed}/mmc/service`);
  const interarrivalMeanUs = US_PER_S / lambda;
  const serviceMeanUs = US_PER_S / mu;

  // Heap of pending events: at most one arrival plus one departure per server.
  const capacity = servers + 8;
  const heapTime = new Float64Array(capacity);
  const heapSequence = new Float64Array(capacity);
  const heapKind = new Uint8Array(capacity);
  let heapSize = 0;
  let sequence = 0;

  const push = (time, kind) => {
    const order = sequence++;
    let hole = heapSize++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = heapTime[parent];
      if (pt < time || (pt === time && heapSequence[parent] < order)) break;
      heapTime[hole] = pt;
      heapSequence[hole] = heapSequence[parent];
      heapKind[hole] = heapKind[parent];
      hole = parent;
    }
    heapTime[hole] = time;
    heapSequence[hole] = order;
    heapKind[hole] = kind;
  };

  // Removes the root; the caller has read heapTime[0] and heapKind[0] first.
  const popRoot = () => {
    const last = --heapSize;
    const time = heapTime[last];
    const order = heapSequence[last];
    const kind = heapKind[last];
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        (heapTime[right] < heapTime[child] ||
          (heapTime[right] === heapTime[child] && heapSequence[right] < heapSequence[child]))
      ) {
        child = right;
      }
      const ct = heapTime[child];
      if (time < ct || (time === ct && order < heapSequence[child])) break;
      heapTime[hole] = ct;
      heapSequence[hole] = heapSequence[child];
      heapKind[hole] = heapKind[child];
      hole = child;
    }
    heapTime[hole] = time;
    heapSequence[hole] = order;
    heapKind[hole] = kind;
  };

  // FIFO of waiting customers' arrival times; every customer waits at most once.
  const waiting = new Float64Array(customers);
  let waitingHead = 0;
  let waitingTail = 0;
  const batchSums = new Float64Array(BATCHES);
  const batchCounts = new Float64Array(BATCHES);
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let events = 0;
  let now = 0;

  const startService = (waitUs) => {
    const batch = Math.floor((served++ * BATCHES) / customers);
    batchSums[batch] += waitUs;
    batchCounts[batch]++;
    push(Math.round(now + -serviceMeanUs * Math.log(1 - serviceRandom())), DEPARTURE);
  };

  push(Math.round(-interarrivalMeanUs * Math.log(1 - arrivalRandom())), ARRIVAL);
  while (heapSize > 0) {
    now = heapTime[0];
    const kind = heapKind[0];
    popRoot();
    events++;
    if (kind === ARRIVAL) {
      if (++arrived < customers) push(Math.round(now + -interarrivalMeanUs * Math.log(1 - arrivalRandom())), ARRIVAL);
      if (busy < servers) {
        busy++;
        startService(0);
      } else {
        waiting[waitingTail++] = now;
      }
    } else if (waitingHead < waitingTail) {
      startService(now - waiting[waitingHead++]);
    } else {
      busy--;
    }
  }

  return {
    customers,
    events,
    wallMs: performance.now() - started,
    simulatedS: now / US_PER_S,
    meanWaitInQueue: batchSums.reduce((a, b) => a + b, 0) / customers / US_PER_S,
    batchSums: Array.from(batchSums, (sum) => sum / US_PER_S),
    batchCounts: Array.from(batchCounts),
  };
}
