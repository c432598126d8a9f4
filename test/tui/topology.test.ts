// The topology's shape is read from the control-plane state alone, and drawn as glyphs, counts
// or one row per region depending on room; when rows are still short, the least needed give way.

import { describe, expect, it } from "vitest";
import type { ControlPlaneState } from "../../src/model/index.js";
import { plainText } from "../../src/tui/text.js";
import { topologyDetail, topologyLines, topologyTitle } from "../../src/tui/topology-lines.js";
import { topologyAt, topologyShape } from "../../src/tui/topology-model.js";

/** Two regions; `api` everywhere (3 per zone), `web` only in r1/a; a database r1/a → r2/a. */
function state(): ControlPlaneState {
  const components: ControlPlaneState["components"] = { r1: "up", "r1/a": "up", "r1/b": "up", r2: "up", "r2/a": "up" };
  const loadBalancers: ControlPlaneState["loadBalancers"] = {};
  for (const [service, zones] of [
    ["api", ["r1/a", "r1/b", "r2/a"]],
    ["web", ["r1/a"]],
  ] as const) {
    for (const zone of zones) {
      const region = zone.split("/")[0];
      loadBalancers[`lb/${service}/${region}`] ??= {};
      const lb = loadBalancers[`lb/${service}/${region}`];
      for (let k = 1; k <= 3; k++) {
        components[`${service}/${zone}/${k}`] = "up";
        lb[`${service}/${zone}/${k}`] = true;
      }
    }
  }
  components["db/r1/a"] = "up";
  components["db/r2/a"] = "up";
  // A bare component without zones (as an external dependency might be) is not a region.
  components.payments = "up";
  return {
    components,
    loadBalancers,
    dns: { api: { r1: "r1", r2: "r2" }, web: { r1: "r1", r2: "r1" } },
    databases: { db: { primary: "r1/a", failingOver: false, replicas: { "r2/a": { mode: "async", lagS: 1.5 } } } },
    alerts: {},
  };
}

describe("topology", () => {
  it("reads regions, zones, services per zone, balancers and database nodes from the state", () => {
    const shape = topologyShape(state());
    expect(shape.regions.map((r) => r.name)).toEqual(["r1", "r2"]);
    const r1 = shape.regions[0];
    expect(r1.zones.map((z) => z.name)).toEqual(["a", "b"]);
    expect(r1.zones[0].groups.map((g) => `${g.kind}:${g.name}:${g.ids.length}`)).toEqual([
      "service:api:3",
      "service:web:3",
      "database:db:1",
    ]);
    expect(r1.balancers.map((b) => `${b.id}:${b.members.length}`)).toEqual(["lb/api/r1:6", "lb/web/r1:3"]);
    expect(shape.regions[1].zones[0].groups.map((g) => g.name)).toEqual(["api", "db"]);
  });

  it("draws one glyph per instance when there is room, counts when not, regions when short", () => {
    const s = state();
    s.components["api/r1/b/2"] = "down";
    s.loadBalancers["lb/api/r1"]["api/r1/a/3"] = false;
    const view = topologyAt(topologyShape(s), s, () => undefined);
    const wide = plainText(topologyLines(view, 80, 20));
    expect(wide).toContain("r1 ◐ degraded  LB api ◐ 5/6 in rotation, 1 down  LB web ● 3/3 in rotation");
    expect(wide).toContain(" ├─ a ◐  api ●●○  web ●●●  db ● primary");
    expect(wide).toContain(" └─ b ◐  api ●✗●");
    expect(wide).toContain(" └─ a ●  api ●●●  db ● async 1.5s");
    expect(wide).toContain("DNS web: answers as designed");
    // Answers are compared with the run's first state: r2 has no `web`, so r1 serves it from the start.
    const moved = state();
    moved.dns.api.r1 = "r2";
    const dns = plainText(
      topologyLines(
        topologyAt(topologyShape(state()), moved, () => undefined),
        80,
        20,
      ),
    );
    expect(dns).toContain("DNS api: r1 clients → r2 · 1 unchanged");
    expect(topologyDetail(view, 38, 20)).toBe("counts");
    expect(plainText(topologyLines(view, 38, 20))).toContain(" ├─ a ◐  api ○ 2/3  web ● 3/3  db ● p…");
    expect(topologyDetail(view, 80, 6)).toBe("regions");
    const short = plainText(topologyLines(view, 80, 6)).split("\n");
    expect(short[0]).toBe("r1 ◐  a◐ b◐  nodes 7/9");
    expect(short.length).toBeLessThanOrEqual(6);
  });

  it("draws empty autoscaling slots as empty, never as down, and leaves them out of every count", () => {
    const s = state();
    // The third slot of every api zone is empty; r1/b's second instance has crashed.
    for (const zone of ["r1/a", "r1/b", "r2/a"]) {
      s.components[`api/${zone}/3`] = "absent";
      s.loadBalancers[`lb/api/${zone.split("/")[0]}`][`api/${zone}/3`] = false;
    }
    s.components["api/r1/b/2"] = "down";
    s.loadBalancers["lb/api/r1"]["api/r1/b/2"] = false;
    const view = topologyAt(topologyShape(s), s, () => undefined);
    expect(view.hasSlots).toBe(true);
    expect(view.regions[0].balancers[0]).toMatchObject({ inRotation: 3, total: 4, status: "degraded" });
    expect(view.regions[1].balancers[0]).toMatchObject({ inRotation: 2, total: 2, status: "healthy" });
    const wide = plainText(topologyLines(view, 80, 20));
    expect(wide).toContain("r1 ◐ degraded  LB api ◐ 3/4 in rotation  LB web ● 3/3 in rotation");
    expect(wide).toContain(" ├─ a ●  api ●●·  web ●●●  db ● primary");
    expect(wide).toContain(" └─ b ◐  api ●✗·");
    expect(wide).toContain("r2 ● healthy  LB api ● 2/2 in rotation");
    expect(wide).toContain("· empty slot");
    expect(plainText(topologyLines(view, 38, 20))).toContain(" ├─ a ●  api ● 2/2  web ● 3/3  db ● p…");
    expect(plainText(topologyLines(view, 38, 20))).toContain(" └─ b ◐  api ✗ 1/2");
    expect(plainText(topologyLines(view, 80, 6)).split("\n")[0]).toBe("r1 ◐  a● b◐  nodes 6/7");
  });

  it("draws an empty slot dim and grey, so that it recedes with colour and without", () => {
    const s = state();
    s.components["api/r2/a/3"] = "absent";
    const lines = topologyLines(
      topologyAt(topologyShape(s), s, () => undefined),
      80,
      20,
    );
    const slot = lines.flat().find((piece) => piece.text === "·");
    expect(slot).toEqual({ text: "·", color: "gray", dim: true });
  });

  it("gives way from the least needed row when short: alerts, then DNS, then breakers after the DB", () => {
    const s = state();
    s.alerts = { "api-errors": "firing" };
    const reactions = { breakers: [{ call: "api→payments", open: true }], booting: () => 0, leaving: () => false };
    const view = topologyAt(topologyShape(s), s, () => undefined, reactions);
    const rowsAt = (height: number) =>
      plainText(topologyLines(view, 40, height))
        .split("\n")
        .map((line) => line.split(" ")[0]);
    // Two regions, DNS for api and web, the database, the breakers and the alerts: 7 rows.
    expect(rowsAt(7)).toEqual(["r1", "r2", "DNS", "DNS", "DB", "Breakers", "Alerts"]);
    expect(topologyTitle(view, 40, 7, 60)).toBe("Topology (per region)");
    expect(rowsAt(6)).toEqual(["r1", "r2", "DNS", "DNS", "DB", "Breakers"]);
    expect(topologyTitle(view, 40, 6, 60)).toBe("Topology (per region) · alerts hidden");
    expect(rowsAt(5)).toEqual(["r1", "r2", "DNS", "DB", "Breakers"]);
    expect(plainText(topologyLines(view, 40, 5))).toContain("DNS api: answers as designed");
    expect(topologyTitle(view, 40, 5, 60)).toBe("Topology (per region) · DNS, alerts hidden");
    // The DB and the breakers are equally needed; between equals the one higher on screen stays.
    expect(rowsAt(4)).toEqual(["r1", "r2", "DB", "Breakers"]);
    expect(rowsAt(3)).toEqual(["r1", "r2", "DB"]);
    expect(topologyTitle(view, 40, 3, 60)).toBe("Topology (per region) · DNS, breakers, alerts hidden");
    // The title shortens to fit its panel: first the level of detail goes, then the names
    // (the count is of the names, not of rows: both DNS rows are one "DNS").
    expect(topologyTitle(view, 40, 5, 30)).toBe("Topology · DNS, alerts hidden");
    expect(topologyTitle(view, 40, 3, 30)).toBe("Topology · 3 hidden");
  });
});
