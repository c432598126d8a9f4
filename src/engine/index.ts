// Public face of the kernel: time units, the event queue, the simulator loop, RNG streams, trace.

export { EventQueue, PRIORITY_MAX, QueueLimitError } from "./event-queue.js";
export { InvariantError, invariant } from "./invariant.js";
export { RandomStream, RandomStreams } from "./rng.js";
export { type EventHandler, LimitExceededError, type SimulationLimits, Simulator } from "./simulator.js";
export { formatClock, secondsFromMicros, toMicros, US_PER_H, US_PER_MIN, US_PER_MS, US_PER_S } from "./time.js";
export { Trace, type TraceRecord } from "./trace.js";
