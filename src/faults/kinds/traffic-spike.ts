// A client's traffic jumps to several times its rate (overlapping surges add their extra traffic).

import { z } from "zod";
import { FACTOR_MAX, name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const trafficSpike = defineFaultKind({
  kind: "traffic-spike",
  family: "traffic",
  summary: "A client's traffic jumps to `multiplier` times its rate; overlapping surges add their extra traffic",
  timing: "lasting",
  fields: {
    client: name("Client"),
    multiplier: z
      .number()
      .positive()
      .max(FACTOR_MAX)
      .meta({ description: `Rate multiplier (more than 0, at most ${FACTOR_MAX}), e.g. 10`, examples: [10] }),
  },
  compile: (fault, { path, refs }) => {
    refs.clients.check(fault.client, [...path, "client"]);
    return { client: fault.client, multiplier: fault.multiplier };
  },
  describe: (fault) => `traffic-spike ${fault.client} ×${fault.multiplier}`,
  effects: (fault) => [{ lever: "client.traffic", client: fault.client, multiplier: fault.multiplier }],
});
