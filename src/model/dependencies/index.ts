// What a request calls besides its database: external dependencies and the defences around
// each call (timeouts, retries, budgets, circuit breakers, bulkheads, kill switches), partitions
// between dependencies and their callers, and asynchronous queues with their consumers.
export {
  type CallHost,
  CallRunner,
  type Channel,
  type InternalCallStats,
  ROUTE_LOST,
  ROUTE_REFUSED,
} from "./calls.js";
export { CUT_ANSWERS, CUT_NONE, CUT_REQUESTS, type DependencyCut, DependencyCuts } from "./dependency-cuts.js";
export { type ExternalStats, Externals } from "./externals.js";
export { type QueueStats, Queues } from "./queues.js";
export { BREAKER_CLOSED, BREAKER_HALF_OPEN, BREAKER_OPEN, CircuitBreaker, RetryBudget } from "./resilience.js";
