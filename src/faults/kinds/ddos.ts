// A flood of attack traffic from a malicious client class (its rate replaces the class's own).

import { name, parseRate, rate } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const ddos = defineFaultKind({
  kind: "ddos",
  family: "security",
  summary: "A flood of attack traffic from a malicious client class (overlapping floods add up)",
  timing: "lasting",
  fields: {
    client: name("Client").describe("A client class marked malicious, e.g. botnet"),
    rate: rate.describe("The flood's rate, e.g. 20k/s"),
  },
  compile: (fault, { ctx, path, refs }) => {
    refs.clients.check(fault.client, [...path, "client"]);
    const client = refs.clientConfigs.find((c) => c.name === fault.client);
    if (client && !client.malicious) {
      ctx.problem([...path, "client"], `client "${fault.client}" is not malicious; add malicious: true to it`);
    }
    return { client: fault.client, perSecond: ctx.unit(parseRate(fault.rate), [...path, "rate"], 0) };
  },
  describe: (fault) => `ddos ${fault.client} ${Math.round(fault.perSecond)}/s`,
  effects: (fault) => [{ lever: "client.flood", client: fault.client, perSecond: fault.perSecond }],
});
