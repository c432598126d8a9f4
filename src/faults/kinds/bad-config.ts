// A bad configuration is pushed with the service's config policy; over once rolled back.

import { name, percent } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { percentText } from "../references.js";

export const badConfig = defineFaultKind({
  kind: "bad-config",
  family: "human",
  summary: "A bad configuration is pushed with the service's config policy",
  timing: "instant",
  fields: { service: name("Service"), errorRate: percent("Share of requests the bad configuration fails", "50%") },
  compile: (fault, { ctx, path, refs }) => {
    refs.services.check(fault.service, [...path, "service"]);
    return { service: fault.service, errorRate: ctx.fraction(fault.errorRate, [...path, "errorRate"]) };
  },
  describe: (fault) => `bad-config ${fault.service} (fails ${percentText(fault.errorRate)})`,
  process: (fault) => ({
    start() {
      const change = { errorRate: fault.config.errorRate, slowdown: 1, label: badConfig.describe(fault.config) };
      fault.world.startChange(fault.config.service, "config", change, fault.key(), () => fault.end());
    },
  }),
});
