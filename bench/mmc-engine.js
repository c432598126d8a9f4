// The M/M/c model of mmc-reference.js written against faultline's engine: two handlers
// registered once with integer codes, no object per event, streams forked by name from the seed.

import { RandomStreams, Simulator } from "../dist/engine/index.js";
import { BATCHES } from "./mmc-reference.js";

const US_PER_S = 1e6;

export function runEngine({ customers, lambda = 2.4, mu = 1, servers = 3, seed = 1 }) {
  const started = performance.now();
  const streams = new RandomStreams(seed);
  const arrivalRandom = streams.fork("mmc/arrivals");
  const serviceRandom = streams.fork("mmc/service");
  const interarrivalMeanUs = US_PER_S / lambda;
  const serviceMeanUs = US_PER_S / mu;
  const sim = new Simulator({
    eventsMax: 2 * customers,
    endUs: Number.MAX_SAFE_INTEGER,
    pendingMax: servers + 8,
  });

  const waiting = new Float64Array(customers);
  let waitingHead = 0;
  let waitingTail = 0;
  const batchSums = new Float64Array(BATCHES);
  const batchCounts = new Float64Array(BATCHES);
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let lastDepartureUs = 0;

  const startService = (waitUs) => {
    const batch = Math.floor((served++ * BATCHES) / customers);
    batchSums[batch] += waitUs;
    batchCounts[batch]++;
    sim.schedule(serviceRandom.exponential(serviceMeanUs), departure);
  };

  const arrival = sim.register("customer.arrived", () => {
    if (++arrived < customers) sim.schedule(arrivalRandom.exponential(interarrivalMeanUs), arrival);
    if (busy < servers) {
      busy++;
      startService(0);
    } else {
      waiting[waitingTail++] = sim.now;
    }
  });
  const departure = sim.register("customer.departed", () => {
    lastDepartureUs = sim.now;
    if (waitingHead < waitingTail) {
      startService(sim.now - waiting[waitingHead++]);
    } else {
      busy--;
    }
  });

  sim.schedule(arrivalRandom.exponential(interarrivalMeanUs), arrival);
  sim.run(); // ends when the queue empties; run() then moves now to endUs, so time is read above

  return {
    customers,
    events: sim.eventsRun,
    wallMs: performance.now() - started,
    simulatedS: lastDepartureUs / US_PER_S,
    meanWaitInQueue: batchSums.reduce((a, b) => a + b, 0) / customers / US_PER_S,
    batchSums: Array.from(batchSums, (sum) => sum / US_PER_S),
    batchCounts: Array.from(batchCounts),
  };
}
