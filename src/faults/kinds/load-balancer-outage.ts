// A service's regional load balancer fails: it answers nothing, so every request DNS sends to that
// region for that service fails (its instances are fine), and DNS health checks, which probe the
// region through it, see the region down. The failure domain behind a region's front door.

import { z } from "zod";
import { defineFaultKind } from "../kind.js";

export const loadBalancerOutage = defineFaultKind({
  kind: "load-balancer-outage",
  family: "infrastructure",
  summary: "A service's load balancer in one region fails: that region serves the service nothing",
  timing: "lasting",
  fields: {
    service: z.string().meta({ description: "The service whose balancer fails, e.g. api", examples: ["api"] }),
    region: z.string().meta({ description: "The region of the balancer, e.g. us-east", examples: ["us-east"] }),
  },
  compile: (fault, { ctx, refs, path }) => {
    refs.services.check(fault.service, [...path, "service"]);
    refs.regions.check(fault.region, [...path, "region"]);
    const service = refs.serviceConfigs.find((s) => s.name === fault.service);
    if (service && refs.regions.has(fault.region) && !service.zones.some((zone) => zone.startsWith(`${fault.region}/`)))
      ctx.problem(
        [...path, "region"],
        `${fault.service} has no instances in ${fault.region}, so no load balancer there`,
      );
    return { service: fault.service, region: fault.region };
  },
  describe: (fault) => `load-balancer-outage ${fault.service}/${fault.region}`,
  effects: (fault) => [{ lever: "balancer.outage", service: fault.service, region: fault.region }],
});
