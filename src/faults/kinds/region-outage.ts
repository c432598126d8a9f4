// A whole region goes dark: every zone, node and load balancer in it, until the fault ends.

import { name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const regionOutage = defineFaultKind({
  kind: "region-outage",
  family: "infrastructure",
  summary: "A whole region goes down: every zone, instance, database node and load balancer in it",
  timing: "lasting",
  fields: { region: name("Region").describe("The region that goes down, e.g. us-east") },
  compile: (fault, { refs, path }) => {
    refs.regions.check(fault.region, [...path, "region"]);
    return { region: fault.region };
  },
  describe: (fault) => `region-outage ${fault.region}`,
  effects: (fault) => [{ lever: "region.outage", region: fault.region }],
});
