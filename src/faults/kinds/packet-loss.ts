// Packets lost between two regions or zones: each loss costs a retransmission timeout.

import { percent } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { checkLinkEnds, link } from "../references.js";
import { linkEnds, networkRule, oneWay } from "./link-ends.js";

export const packetLoss = defineFaultKind({
  kind: "packet-loss",
  family: "network",
  summary: "A share of packets between two regions or zones is lost; each loss costs a retransmission timeout",
  timing: "lasting",
  fields: {
    between: linkEnds,
    loss: percent("Probability a packet is lost; each loss costs a retransmission timeout (200 ms, doubling)", "5%"),
    oneWay,
  },
  compile: (fault, site) => {
    checkLinkEnds(site, fault.between, [...site.path, "between"]);
    return {
      between: fault.between,
      oneWay: fault.oneWay,
      loss: site.ctx.fraction(fault.loss, [...site.path, "loss"]),
    };
  },
  describe: (fault) => `packet-loss ${link(fault)} ${Number((fault.loss * 100).toFixed(3))}%`,
  effects: (fault) => [
    networkRule(
      fault,
      { kind: "loss", probability: fault.loss },
      `packet-loss ${link(fault)} ${Number((fault.loss * 100).toFixed(3))}%`,
    ),
  ],
});
