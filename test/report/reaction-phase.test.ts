// An incident's second RTO phase runs to the system's last reaction and is named for what the
// reactions were: the autoscaler's new instances entering rotation are a scale-out, not a
// failover, in the text, JSON and HTML reports alike.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderPhaseBars } from "../../src/report/html/phase-bars.js";
import { formatText, reactionPhaseLetter, reactionPhaseName, toJsonReport } from "../../src/report/index.js";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

const runShipped = (name: string) => {
  const file = `scenarios/${name}.yaml`;
  return runScenario(loadScenario(readFileSync(file, "utf8"), file), { version: "test" });
};

describe("the reaction phase's name", () => {
  it("is what reacted, in a fixed order, and failover when nothing did", () => {
    expect(reactionPhaseName({ reactions: [] })).toBe("failover");
    expect(reactionPhaseName({ reactions: ["scale-out"] })).toBe("scale-out");
    expect(reactionPhaseName({ reactions: ["failover", "scale-out"] })).toBe("failover+scale-out");
  });

  it("has a bar letter no other phase has", () => {
    expect(reactionPhaseLetter({ reactions: ["failover"] })).toBe("f");
    expect(reactionPhaseLetter({ reactions: ["scale-out"] })).toBe("s");
    // r is recover's.
    expect(reactionPhaseLetter({ reactions: ["rollback"] })).toBe("R");
    expect(reactionPhaseLetter({ reactions: ["restore"] })).toBe("R");
  });
});

describe("a traffic spike met by autoscaling", () => {
  const result = runShipped("traffic-spike-autoscaling");
  const [incident] = result.incidents;

  it("has one incident whose only reactions were new instances", () => {
    expect(result.incidents).toHaveLength(1);
    expect(incident.reactions).toEqual(["scale-out"]);
    expect(incident.phases.failoverS).toBeGreaterThan(60); // instances take 60 s to boot
  });

  it("is reported as a scale-out phase, never a failover", () => {
    const text = formatText(result);
    expect(text).toContain("detect 10s → scale-out ");
    expect(text).toMatch(/\[d*s+r*\s*\] {2}d=detect s=scale-out p=propagate r=recover/);
    expect(text).not.toContain("failover");
    const json = toJsonReport(result) as { incidents: { reactions: string[] }[] };
    expect(json.incidents[0].reactions).toEqual(["scale-out"]);
    const bars = renderPhaseBars(result.incidents, result.simulated.startOfDayS);
    expect(bars).toContain('<rect class="phase failover"'); // the phase's colour…
    expect(bars).toMatch(/<title>scale-out \d/); // …and its name
    expect(bars).not.toMatch(/<title>failover/);
  });
});

describe("a canary's bad deploy rolled back", () => {
  it("is reported as a rollback phase", () => {
    const result = runShipped("bad-deploy-canary-rollback");
    expect(result.incidents.map((incident) => incident.reactions)).toEqual([["rollback"]]);
    expect(formatText(result)).toMatch(/detect \S+ → rollback \S+ → propagate/);
  });
});

describe("a zone outage met by ejections and a promotion", () => {
  it("is still reported as a failover phase", () => {
    const result = runShipped("zone-outage");
    expect(result.incidents.map((incident) => incident.reactions)).toEqual([["failover"]]);
    expect(formatText(result)).toMatch(/detect \S+ → failover \S+ → propagate .*\n.*f=failover/);
  });
});
