// An instance fails its health checks (steadily or flapping) although it serves fine.

import { z } from "zod";
import { duration } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { checkNode } from "../references.js";

export const failingHealthCheck = defineFaultKind({
  kind: "failing-health-check",
  family: "infrastructure",
  summary: "An instance fails its health checks, steadily or flapping, although it serves fine",
  timing: "lasting",
  fields: {
    node: z.string().meta({ description: "An instance, e.g. api/us-east/a/1", examples: ["api/us-east/a/1"] }),
    flapEvery: duration("Alternate failing and passing every half of this period (default: fail throughout)", {
      positive: true,
      example: "2m",
    }).optional(),
  },
  compile: (fault, site) => {
    const { ctx, path } = site;
    checkNode(site, fault.node, [...path, "node"], false);
    const flapEveryUs = fault.flapEvery === undefined ? undefined : ctx.us(fault.flapEvery, [...path, "flapEvery"]);
    return { node: fault.node, ...(flapEveryUs === undefined ? {} : { flapEveryUs }) };
  },
  describe: (fault) =>
    `failing-health-check ${fault.node}${fault.flapEveryUs ? ` flapping every ${fault.flapEveryUs / 1e6}s` : ""}`,
  effects: (fault) => [
    {
      lever: "instance.healthCheckFailing",
      instance: fault.node,
      ...(fault.flapEveryUs === undefined ? {} : { flapEveryUs: fault.flapEveryUs }),
    },
  ],
});
