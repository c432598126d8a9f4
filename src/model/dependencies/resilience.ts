// The defensive policies between a service and a dependency, as small state machines that the
// call path consults: a circuit breaker (closed → open → half-open) and a retry budget.

import type { BreakerConfig } from "../core/index.js";

export const BREAKER_CLOSED = 0;
export const BREAKER_OPEN = 1;
export const BREAKER_HALF_OPEN = 2;

/**
 * Counts the outcomes of the last `window` attempts. Closed: opens when at least `minimumCalls`
 * were seen and the failure rate reaches `failureRate`. Open: every call fails fast until the
 * cool-down has passed. Half-open: `probes` calls go through as probes and the rest still fail
 * fast; `probes` successes in a row close it, one failure opens it again.
 */
export class CircuitBreaker {
  state = BREAKER_CLOSED;
  opens = 0;
  private readonly outcomes: Uint8Array;
  private seen = 0;
  private failures = 0;
  private next = 0;
  private openUntilUs = 0;
  private probeSuccesses = 0;
  private probesAdmitted = 0;
  /** Numbers the half-open rounds, from 1: a probe counts only in the round that let it through. */
  round = 0;

  constructor(private readonly config: BreakerConfig) {
    this.outcomes = new Uint8Array(config.window);
  }

  /** Whether a call may be attempted now (moving from open to half-open once cooled down). */
  allows(nowUs: number): boolean {
    if (this.state === BREAKER_CLOSED) return true;
    if (this.state === BREAKER_OPEN) {
      if (nowUs < this.openUntilUs) return false;
      this.state = BREAKER_HALF_OPEN;
      this.round++;
      this.probeSuccesses = 0;
      this.probesAdmitted = 0;
    }
    if (this.probesAdmitted >= this.config.probes) return false;
    this.probesAdmitted++;
    return true;
  }

  /**
   * Records an attempt's outcome; returns the new state if it changed, else −1. While half-open
   * only this round's probes count (`probeRound`: the round that let the attempt through, 0 for
   * an attempt let through while closed).
   */
  record(failed: boolean, nowUs: number, probeRound = this.round): number {
    if (this.state === BREAKER_HALF_OPEN) {
      if (probeRound !== this.round) return -1;
      if (failed) return this.open(nowUs);
      if (++this.probeSuccesses >= this.config.probes) return this.close();
      return -1;
    }
    if (this.state === BREAKER_OPEN) return -1; // an attempt that started before it opened
    if (this.seen === this.outcomes.length) this.failures -= this.outcomes[this.next];
    else this.seen++;
    this.outcomes[this.next] = failed ? 1 : 0;
    this.failures += failed ? 1 : 0;
    this.next = (this.next + 1) % this.outcomes.length;
    if (this.seen >= this.config.minimumCalls && this.failures >= this.config.failureRate * this.seen)
      return this.open(nowUs);
    return -1;
  }

  private open(nowUs: number): number {
    this.state = BREAKER_OPEN;
    this.openUntilUs = nowUs + this.config.coolDownUs;
    this.opens++;
    return BREAKER_OPEN;
  }

  private close(): number {
    this.state = BREAKER_CLOSED;
    this.seen = 0;
    this.failures = 0;
    this.next = 0;
    return BREAKER_CLOSED;
  }
}

/** Tokens a budget starts with and can save up: a small burst of retries is always allowed. */
const BUDGET_TOKENS_MAX = 10;

/**
 * A retry budget (token bucket, as in Finagle and gRPC): every call deposits `ratio` tokens and
 * every retry spends one, so over time retries are at most `ratio` of calls.
 */
export class RetryBudget {
  private tokens = BUDGET_TOKENS_MAX;
  denied = 0;

  constructor(private readonly ratio: number) {}

  deposit(): void {
    this.tokens = Math.min(BUDGET_TOKENS_MAX, this.tokens + this.ratio);
  }

  /** Spends a token for one retry, or says no. */
  withdraw(): boolean {
    if (this.tokens < 1) {
      this.denied++;
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}
