// One availability zone goes dark: its instances and database nodes, until the fault ends.

import { z } from "zod";
import { defineFaultKind } from "../kind.js";

export const zoneOutage = defineFaultKind({
  kind: "zone-outage",
  family: "infrastructure",
  summary: "One availability zone goes down: every instance and database node in it",
  timing: "lasting",
  fields: {
    zone: z.string().meta({ description: "The zone, as region/zone, e.g. us-east/a", examples: ["us-east/a"] }),
  },
  compile: (fault, { refs, path }) => {
    refs.zones.check(fault.zone, [...path, "zone"]);
    return { zone: fault.zone };
  },
  describe: (fault) => `zone-outage ${fault.zone}`,
  effects: (fault) => [{ lever: "zone.outage", zone: fault.zone }],
});
