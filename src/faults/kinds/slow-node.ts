// Grey failure: one instance serves several times slower but still passes its health checks.

import { z } from "zod";
import { factor } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { checkNode } from "../references.js";

export const slowNode = defineFaultKind({
  kind: "slow-node",
  family: "infrastructure",
  summary: "Grey failure: one instance serves `factor` times slower but still passes its health checks",
  timing: "lasting",
  fields: {
    node: z.string().meta({ description: "An instance, e.g. api/us-east/a/1", examples: ["api/us-east/a/1"] }),
    factor: factor("Service time multiplier; it still passes health checks (grey failure)", 10),
  },
  compile: (fault, site) => {
    checkNode(site, fault.node, [...site.path, "node"], false);
    return { node: fault.node, factor: fault.factor };
  },
  describe: (fault) => `slow-node ${fault.node} ×${fault.factor}`,
  effects: (fault) => [{ lever: "instance.slowdown", instance: fault.node, factor: fault.factor }],
});
