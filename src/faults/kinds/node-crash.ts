// One node crashes: a service instance or a database node, down until the fault ends.

import { z } from "zod";
import { defineFaultKind } from "../kind.js";
import { checkNode } from "../references.js";

export const nodeCrash = defineFaultKind({
  kind: "node-crash",
  family: "infrastructure",
  summary: "One node crashes: a service instance or a database node, down until the fault ends",
  timing: "lasting",
  fields: {
    node: z.string().meta({
      description: "An instance (api/us-east/a/1) or a database node (orders/us-east/a), e.g. api/us-east/a/1",
      examples: ["api/us-east/a/1"],
    }),
  },
  compile: (fault, site) => {
    checkNode(site, fault.node, [...site.path, "node"], true);
    return { node: fault.node };
  },
  describe: (fault) => `node-crash ${fault.node}`,
  effects: (fault) => [{ lever: "node.crash", node: fault.node }],
});
