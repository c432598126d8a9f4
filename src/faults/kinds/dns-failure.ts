// DNS resolution fails: clients live on their cached answers until they expire, then fail.

import { defineFaultKind } from "../kind.js";

export const dnsFailure = defineFaultKind({
  kind: "dns-failure",
  family: "network",
  summary: "DNS resolution fails: clients live on their cached answers until they expire",
  timing: "lasting",
  fields: {},
  compile: (_fault, { ctx, path, refs }) => {
    if (!refs.hasDns) ctx.problem([...path, "kind"], "a dns-failure needs DNS: add design.routing.dns");
    return {};
  },
  describe: () => "dns-failure",
  effects: () => [{ lever: "dns.resolutionFailing" }],
});
