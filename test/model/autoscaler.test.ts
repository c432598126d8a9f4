// Autoscaling mechanics: scale out under load after the provisioning delay and health checks,
// scale back in by draining (no request lost), never past the bounds.

import { describe, expect, it } from "vitest";
import { autoscalingYaml, runYaml } from "../support/scenarios.js";

const yaml = autoscalingYaml({ cooldown: "20s" });

describe("autoscaler", () => {
  const result = runYaml(yaml);
  const kinds = (kind: string) => result.events.filter((e) => e.kind === kind);

  it("adds instances under load, each serving only after the provisioning delay and its health checks", () => {
    const scaledOut = kinds("autoscaler.scaledOut");
    const provisioned = kinds("node.provisioned");
    expect(scaledOut.length).toBeGreaterThan(0);
    expect(scaledOut[0].timeUs).toBeGreaterThanOrEqual(300e6);
    expect(provisioned[0].timeUs - scaledOut[0].timeUs).toBe(45e6);
    const restored = kinds("lb.targetRestored").find((e) => e.subject === provisioned[0].subject);
    expect(restored).toBeDefined();
    expect((restored?.timeUs ?? 0) - provisioned[0].timeUs).toBeLessThanOrEqual(10e6); // 2 checks × 5 s
  });

  it("never grows past maxInstancesPerZone (4 extra instances over two zones)", () => {
    expect(new Set(kinds("node.provisioned").map((e) => e.subject)).size).toBeLessThanOrEqual(4);
  });

  it("scales back in by draining, losing no request", () => {
    expect(kinds("autoscaler.scaledIn").length).toBeGreaterThan(0);
    const removed = kinds("node.removed");
    expect(removed.length).toBeGreaterThan(0);
    expect(removed.length).toBeLessThanOrEqual(kinds("autoscaler.scaledIn").length);
    for (const removal of removed) {
      const chosen = kinds("autoscaler.scaledIn").filter(
        (e) => e.detail?.includes(`${removal.subject} `) && e.timeUs <= removal.timeUs,
      );
      expect(removal.timeUs - (chosen.at(-1)?.timeUs ?? Number.NaN)).toBe(30e6); // drained for 30 s first
    }
    expect(result.failuresByReason["instance-crashed"]).toBeUndefined();
    expect(result.failuresByReason["instance-down"]).toBeUndefined();
    expect(result.counts.issued).toBe(result.requests.succeeded + result.requests.failed + result.counts.inFlight);
  });
});
