// Reactions the control-plane state does not hold, read from the trace once: which circuit
// breakers are open, how many instances an autoscaler has asked for that are still booting, and
// which instances it is draining to remove them (out of rotation on purpose, not in trouble).

import type { TypedTraceRecord } from "../model/index.js";

export interface BreakerState {
  /** `service→dependency`. */
  call: string;
  open: boolean;
}

interface Change {
  timeUs: number;
  /** Breakers: 1 opened, 0 closed. Booting: +n asked for, −1 booted. */
  value: number;
}

export class TraceReactions {
  private readonly breakers = new Map<string, Change[]>();
  private readonly booting = new Map<string, Change[]>();
  /** Per instance: 1 when a scale-in drained it, 0 when it was removed. */
  private readonly drains = new Map<string, Change[]>();

  constructor(events: readonly TypedTraceRecord[]) {
    for (const event of events) {
      const { timeUs, subject } = event;
      switch (event.kind) {
        case "breaker.opened":
        case "breaker.closed":
          append(this.breakers, subject, { timeUs, value: event.kind === "breaker.opened" ? 1 : 0 });
          break;
        case "autoscaler.scaledOut":
          append(this.booting, subject, { timeUs, value: event.data.added });
          break;
        case "node.provisioned":
          // `search/ap-south/a/2` belongs to the group `search/ap-south`.
          append(this.booting, subject.split("/").slice(0, 2).join("/"), { timeUs, value: -1 });
          break;
        case "lb.targetDrained":
        case "node.removed":
          append(this.drains, subject, { timeUs, value: event.kind === "lb.targetDrained" ? 1 : 0 });
          break;
      }
    }
  }

  /** Every breaker that opened during the run, open or closed at this instant. */
  breakersAt(timeUs: number): BreakerState[] {
    return [...this.breakers].map(([call, changes]) => ({ call, open: lastAt(changes, timeUs)?.value === 1 }));
  }

  /** Whether a scale-in is draining this instance at this instant (drained, not removed yet). */
  leavingAt(instance: string, timeUs: number): boolean {
    const changes = this.drains.get(instance);
    return changes !== undefined && lastAt(changes, timeUs)?.value === 1;
  }

  /** Instances of `service` in `region` asked for and not booted yet at this instant. */
  bootingAt(service: string, region: string, timeUs: number): number {
    const changes = this.booting.get(`${service}/${region}`) ?? [];
    let count = 0;
    for (const change of changes) {
      if (change.timeUs > timeUs) break;
      count += change.value;
    }
    return Math.max(0, count);
  }
}

function append(map: Map<string, Change[]>, key: string, change: Change): void {
  const list = map.get(key) ?? [];
  list.push(change);
  map.set(key, list);
}

/** The last change at or before `timeUs`; changes are in time order. */
function lastAt(changes: readonly Change[], timeUs: number): Change | undefined {
  let last: Change | undefined;
  for (const change of changes) {
    if (change.timeUs > timeUs) break;
    last = change;
  }
  return last;
}
