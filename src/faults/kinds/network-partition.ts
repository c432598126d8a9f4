// A network partition: between two regions or zones, or between a dependency (an external or a
// database) and the service, region or zone that calls it; both ways or one way.

import { defineFaultKind } from "../kind.js";
import { checkLinkEnds, dependencyCut, isDependency, link } from "../references.js";
import { linkEnds, networkRule, oneWay } from "./link-ends.js";

export const networkPartition = defineFaultKind({
  kind: "network-partition",
  family: "network",
  summary: "Traffic between two regions or zones, or between a dependency and its callers, is cut",
  timing: "lasting",
  fields: {
    between: linkEnds.describe(
      "The two ends of the cut: each a region (us-east) or a zone (us-east/a); or a dependency (an external or a database) and the service, region or zone that calls it, e.g. [us-east, eu-west]",
    ),
    oneWay,
  },
  compile: (fault, site) => {
    const path = [...site.path, "between"];
    const withDependency = fault.between.some((end) => isDependency(end, site.refs));
    const cut = withDependency ? dependencyCut(site, fault.between, fault.oneWay, path) : undefined;
    if (!withDependency) checkLinkEnds(site, fault.between, path);
    return { between: fault.between, oneWay: fault.oneWay, ...(cut ? { cut } : {}) };
  },
  describe: (fault) => `network-partition ${link(fault)}`,
  effects: (fault) => {
    const label = `network-partition ${link(fault)}`;
    if (fault.cut) return [{ lever: "dependency.cut", cut: fault.cut, label }];
    return [networkRule(fault, { kind: "partition" }, label)];
  },
});
