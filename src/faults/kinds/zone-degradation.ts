// A zone degrades without going down (a grey failure of a whole zone: failing hardware, a
// noisy neighbour, a congested switch): every instance in it serves `factor` times slower and,
// optionally, traffic between it and the rest of its region takes `extraLatency` longer. Health
// checks still pass, so nothing is ejected; only a design that routes around slow targets
// (least-outstanding balancing, timeouts and retries elsewhere) notices.

import { z } from "zod";
import { factor, requestTime } from "../../input/index.js";
import type { Effect } from "../../model/index.js";
import { defineFaultKind } from "../kind.js";

export const zoneDegradation = defineFaultKind({
  kind: "zone-degradation",
  family: "infrastructure",
  summary: "A zone degrades without going down: its instances serve `factor` times slower, health checks still pass",
  timing: "lasting",
  fields: {
    zone: z.string().meta({ description: "The zone, as region/zone, e.g. us-east/b", examples: ["us-east/b"] }),
    factor: factor("Service time multiplier of every instance in the zone (health checks still pass)", 4),
    extraLatency: requestTime("Extra one-way latency between the zone and the rest of its region", "20ms").optional(),
  },
  compile: (fault, { ctx, path, refs }) => {
    refs.zones.check(fault.zone, [...path, "zone"]);
    const extraUs = fault.extraLatency === undefined ? 0 : ctx.us(fault.extraLatency, [...path, "extraLatency"]);
    return { zone: fault.zone, factor: fault.factor, extraUs };
  },
  describe: (fault) =>
    `zone-degradation ${fault.zone} ×${fault.factor}${fault.extraUs > 0 ? ` +${fault.extraUs / 1000}ms` : ""}`,
  effects: (fault, world) => {
    const { tier } = world;
    const zone = world.ctx.topology.zoneIndex(fault.zone);
    const effects: Effect[] =
      fault.factor === 1
        ? []
        : tier.instanceIds
            .filter((_, instance) => tier.instanceZone[instance] === zone)
            .map((instance) => ({ lever: "instance.slowdown", instance, factor: fault.factor }));
    if (fault.extraUs > 0) {
      const region = fault.zone.slice(0, fault.zone.lastIndexOf("/"));
      effects.push({
        lever: "network.rule",
        rule: { from: fault.zone, to: region, bothWays: true, effect: { kind: "latency", extraUs: fault.extraUs } },
        label: `zone-degradation ${fault.zone}↔${region} +${fault.extraUs / 1000}ms`,
      });
    }
    return effects;
  },
});
