// The story told from trace records: every kind of reaction has a sentence and a tone, bursts of
// one kind in one second are told once, a new instance is "put in rotation" (not "restored"), a
// breaker's failed probes are counted when it closes rather than told one by one, and a lag back
// to the design's is good news.

import { describe, expect, it } from "vitest";
import { type ControlPlaneState, detailOf, TRACE_CATALOGUE, type TraceEvent } from "../../src/model/index.js";
import type { RunResult } from "../../src/scenario/index.js";
import { buildStory } from "../../src/tui/story.js";

const INITIAL: ControlPlaneState = {
  components: {},
  loadBalancers: {},
  dns: {},
  databases: { orders: { primary: "r/a", failingOver: false, replicas: { "r/b": { mode: "async", lagS: 0.5 } } } },
  alerts: {},
};

/** Just what the story reads: the records (with their payloads), the design's first state and no incident. */
function told(records: [number, string, string, unknown?][]): string[] {
  const events = records.map(([timeS, kind, subject, data]) => {
    const detail = detailOf({ kind, subject, data: data ?? null } as TraceEvent);
    return { timeUs: timeS * 1e6, kind, subject, data: data ?? null, ...(detail === undefined ? {} : { detail }) };
  });
  const result = {
    events,
    incidents: [],
    availabilityTimeBased: { windowS: 60, threshold: 0.99, ratio: 1 },
    controlPlane: { initial: INITIAL, timeline: [] },
  } as unknown as RunResult;
  return buildStory(result).map((event) => `${event.timeUs / 1e6} ${event.tone} ${event.text}`);
}

/** A payload for every kind that has one (the sentence may read it). */
const SAMPLE_PAYLOADS: Record<string, unknown> = {
  "fault.started": { fault: 0 },
  "fault.ended": { fault: 0 },
  "lb.targetEjected": { balancer: "lb/api/r" },
  "db.promotionFailed": { withheld: true },
  "lb.targetRestored": { balancer: "lb/api/r" },
  "lb.targetDrained": { balancer: "lb/api/r" },
  "autoscaler.scaledOut": { added: 1, utilization: 0.9, queuePerInstance: 2 },
  "autoscaler.scaledIn": { removed: "api/r/a/2", utilization: 0.1 },
  "alert.fired": { probe: false, windowS: 60, errorRate: 0.5 },
  "alert.resolved": { probe: false, windowS: 60, errorRate: 0 },
  "dns.failedOver": { moves: [{ from: "r", to: "s" }] },
  "dns.failedBack": { moves: [{ from: "r", to: "r" }] },
  "db.failureDetected": { missedHeartbeats: 3 },
  "db.promoted": { position: 10 },
  "db.leaderElected": { position: 10, afterS: 9 },
  "db.failbackStarted": { afterS: 1800 },
  "db.failedBack": { position: 10, pausedS: 0.5 },
  "db.writesLost": { lostWrites: 3, rpoS: 1 },
  "db.lagChanged": { lagS: 30, designLagS: 1 },
  "db.corrupted": { reachesBackups: false },
  "db.corruptionDetected": { alreadyRemoved: false },
  "db.restoreStarted": { toClock: "01:00:00", durationS: 60 },
  "db.restoreImpossible": { reason: "no backup" },
  "db.rowsDeleted": { fraction: 0.1 },
  "db.undeleting": { durationS: 60 },
  "db.rowsRestoring": { fromClock: "01:00:00", durationS: 60 },
  "deploy.started": { label: "bad-deploy x" },
  "deploy.waveApplied": { wave: 1, waves: 2, changed: 1, instances: 2 },
  "deploy.switched": { blueKeptS: 60 },
  "deploy.rolledBack": {},
  "config.started": { label: "bad-config x" },
  "config.waveApplied": { wave: 1, waves: 2, changed: 1, instances: 2 },
  "config.switched": { blueKeptS: 60 },
  "config.rolledBack": {},
};

describe("the story", () => {
  it("tells a scale-out, the instances it boots and their joining the rotation, grouped by second", () => {
    expect(
      told([
        [10, "autoscaler.scaledOut", "api/r", { added: 2, utilization: 1, queuePerInstance: 32 }],
        [70, "node.provisioned", "api/r/a/2"],
        [70, "node.provisioned", "api/r/b/2"],
        [75, "lb.targetRestored", "api/r/a/2", { balancer: "lb/api/r" }],
        [75, "lb.targetRestored", "api/r/b/2", { balancer: "lb/api/r" }],
        [80, "node.crashed", "api/r/a/1"],
        [90, "node.restarted", "api/r/a/1"],
        [95, "lb.targetRestored", "api/r/a/1", { balancer: "lb/api/r" }],
      ]),
    ).toEqual([
      "10 warn scale-out +2 api/r (100% busy, queue 32)",
      "70 good 2 new instances booted",
      "75 good LB put 2 new instances in rotation",
      "80 bad api/r/a/1 crashed",
      "90 good api/r/a/1 restarted",
      "95 good LB restored api/r/a/1",
    ]);
  });

  it("tells a scale-in: the drain, the decision and the removal", () => {
    expect(
      told([
        [10, "lb.targetDrained", "api/r/b/2", { balancer: "lb/api/r" }],
        [10, "autoscaler.scaledIn", "api/r", { removed: "api/r/b/2", utilization: 0.07 }],
        [40, "node.removed", "api/r/b/2"],
        [40, "lb.targetDrained", "api/r/a/2", { balancer: "lb/api/r" }],
        [40, "lb.targetDrained", "api/r/c/2", { balancer: "lb/api/r" }],
        [70, "node.removed", "api/r/a/2"],
        [70, "node.removed", "api/r/c/2"],
      ]),
    ).toEqual([
      "10 info LB draining api/r/b/2 (scale-in)",
      "10 info scale-in −1 api/r (7% busy)",
      "40 info instance api/r/b/2 removed (scaled in)",
      "40 info LB draining 2 targets (scale-in)",
      "70 info 2 instances removed (scaled in)",
    ]);
  });

  it("tells a breaker opening once, and how many probes failed when it closes", () => {
    expect(
      told([
        [60, "breaker.opened", "shop→payments"],
        [70, "breaker.opened", "shop→payments"],
        [80, "breaker.opened", "shop→payments"],
        [90, "breaker.closed", "shop→payments"],
        [100, "breaker.opened", "shop→payments"],
        [110, "breaker.opened", "shop→payments"],
        [120, "breaker.closed", "shop→payments"],
        [130, "breaker.opened", "shop→recs"],
        [140, "breaker.closed", "shop→recs"],
      ]),
    ).toEqual([
      "60 warn breaker shop→payments opened: calls fail fast",
      "90 good breaker shop→payments closed (2 failed probes)",
      "100 warn breaker shop→payments opened: calls fail fast",
      "120 good breaker shop→payments closed (1 failed probe)",
      "130 warn breaker shop→recs opened: calls fail fast",
      "140 good breaker shop→recs closed: calls go through again",
    ]);
  });

  it("tells what a network rule does to the link, and when it is lifted", () => {
    expect(
      told([
        [1, "network.ruleAdded", "network-partition us-east↔us-west"],
        [2, "network.ruleAdded", "latency-spike us-east→us-west +150ms"],
        [3, "network.ruleAdded", "packet-loss r/a↔r/b 3%"],
        [4, "network.ruleRemoved", "network-partition us-east↔us-west"],
        [5, "network.ruleAdded", "something-new"],
      ]),
    ).toEqual([
      "1 bad network us-east ↔ us-west cut",
      "2 bad network us-east → us-west slowed by 150ms",
      "3 bad network r/a ↔ r/b drops 3% of packets",
      "4 good network us-east ↔ us-west back to normal",
      "5 bad network rule added: something-new",
    ]);
  });

  it("tells DNS resolution failing and working again", () => {
    expect(
      told([
        [1, "dns.resolutionFailed", "dns"],
        [2, "dns.resolutionRestored", "dns"],
      ]),
    ).toEqual(["1 bad DNS resolution failing: clients live on cached answers", "2 good DNS resolution works again"]);
  });

  it("tells replication lag rising, and coming back to the design's as good news", () => {
    expect(
      told([
        [1, "db.lagChanged", "orders/r/b", { lagS: 30, designLagS: 0.5 }],
        [2, "db.lagChanged", "orders/r/b", { lagS: 0.5, designLagS: 0.5 }],
      ]),
    ).toEqual(["1 warn replication lag of orders/r/b now 30s", "2 good replication lag of orders/r/b back to 500ms"]);
  });

  it("tells a failover cancelled and a promotion that found no replica, or none it may promote", () => {
    expect(
      told([
        [1, "db.failoverCancelled", "orders/r/a"],
        [2, "db.promotionFailed", "orders", { withheld: false }],
        [3, "db.promotionFailed", "orders", { withheld: true }],
      ]),
    ).toEqual([
      "1 good failover cancelled: primary orders/r/a came back",
      "2 bad orders cannot fail over: no live replica",
      "3 bad orders cannot fail over: no live replica has every acknowledged write",
    ]);
  });

  it("tells a failback in words: started, done with its pause, or cancelled", () => {
    expect(
      told([
        [1, "db.failbackStarted", "orders/r/a", { afterS: 1800 }],
        [2, "db.failedBack", "orders/r/a", { position: 10, pausedS: 0.5 }],
        [3, "db.failbackCancelled", "orders/r/a"],
      ]),
    ).toEqual([
      "1 warn failing back to orders/r/a: writes pause while it catches up",
      "2 good failed back: orders/r/a is the primary again (at position 10, writes paused 0.500s)",
      "3 warn failback to orders/r/a cancelled",
    ]);
  });

  it("has a sentence of its own for every kind in the trace catalogue, never the raw kind", () => {
    for (const kind of Object.keys(TRACE_CATALOGUE)) {
      const [sentence] = told([[1, kind, "x", SAMPLE_PAYLOADS[kind] ?? null]]);
      expect(sentence, kind).not.toContain(kind);
      expect(sentence.split(" ").length, kind).toBeGreaterThan(3);
    }
  });

  it("tells data protection, caches, queues, flags and rollouts in words, never as raw trace kinds", () => {
    const story = told([
      [1, "db.rowsDeleted", "orders", { fraction: 0.05 }],
      [2, "db.undeleting", "orders", { durationS: 300 }],
      [3, "db.rowsRecovered", "orders"],
      [4, "cache.flushed", "catalog"],
      [5, "queue.consumersDown", "emails"],
      [6, "flag.switchedOff", "shop→recommendations"],
      [7, "deploy.switched", "api", { blueKeptS: 1800 }],
      [8, "deploy.reverted", "api"],
      [9, "config.rolledBack", "api", { errorRate: 0.5 }],
    ]);
    expect(story).toEqual([
      "1 bad rows of orders deleted by accident (5% of the rows)",
      "2 warn un-deleting the rows of orders (soft deletes)",
      "3 good the deleted rows of orders are back",
      "4 bad cache of catalog flushed: reads go to the database",
      "5 bad consumers of emails stopped: the backlog grows",
      "6 warn kill switch: shop→recommendations turned off, served without it",
      "7 warn api switched to the new version (all traffic on green; blue kept for 30 min)",
      "8 good api back on the previous version",
      "9 warn rolling back the config change of api (automatically: error rate 50.0% on changed instances)",
    ]);
  });
});
