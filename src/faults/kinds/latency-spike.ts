// Extra latency between two regions or zones (a congested link, a rerouted path).

import { requestTime } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { checkLinkEnds, link } from "../references.js";
import { linkEnds, networkRule, oneWay } from "./link-ends.js";

export const latencySpike = defineFaultKind({
  kind: "latency-spike",
  family: "network",
  summary: "Traffic between two regions or zones takes `extra` longer each way (overlapping spikes add)",
  timing: "lasting",
  fields: { between: linkEnds, extra: requestTime("Extra one-way latency", "200ms"), oneWay },
  compile: (fault, site) => {
    checkLinkEnds(site, fault.between, [...site.path, "between"]);
    return {
      between: fault.between,
      oneWay: fault.oneWay,
      extraUs: site.ctx.us(fault.extra, [...site.path, "extra"]),
    };
  },
  describe: (fault) => `latency-spike ${link(fault)} +${fault.extraUs / 1000}ms`,
  effects: (fault) => [
    networkRule(
      fault,
      { kind: "latency", extraUs: fault.extraUs },
      `latency-spike ${link(fault)} +${fault.extraUs / 1000}ms`,
    ),
  ],
});
