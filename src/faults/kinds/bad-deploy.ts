// A bad version is deployed with the service's deploy policy (waves or blue-green, bake,
// automated or manual rollback). It is over once a rollback has taken it off every instance;
// without one, the bad version stays to the end of the run.

import { factor, name, percent } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { percentText } from "../references.js";

export const badDeploy = defineFaultKind({
  kind: "bad-deploy",
  family: "human",
  summary: "A bad version is deployed with the service's deploy policy",
  timing: "instant",
  fields: {
    service: name("Service"),
    errorRate: percent("Share of requests the new version fails", "30%").default(0),
    slowdown: factor("Service-time multiplier of the new version", 3).default(1),
  },
  compile: (fault, { ctx, path, refs }) => {
    refs.services.check(fault.service, [...path, "service"]);
    return {
      service: fault.service,
      errorRate: ctx.fraction(fault.errorRate, [...path, "errorRate"]),
      slowdown: fault.slowdown,
    };
  },
  describe: (fault) =>
    `bad-deploy ${fault.service}${fault.errorRate > 0 ? ` (fails ${percentText(fault.errorRate)})` : ""}${fault.slowdown > 1 ? ` (×${fault.slowdown} slower)` : ""}`,
  process: (fault) => ({
    start() {
      const { service, errorRate, slowdown } = fault.config;
      const change = { errorRate, slowdown, label: badDeploy.describe(fault.config) };
      fault.world.startChange(service, "deploy", change, fault.key(), () => fault.end());
    },
  }),
});
