// Designs the explore tests share: a one-region design whose region is its only failure domain
// that matters, and region-outage-2am as shipped.

import { readFileSync } from "node:fs";

/** One region of two zones, two hours, 99.9% availability: losing the region for 30 minutes costs ~25% of the run. */
export const ONE_REGION_YAML = `name: one-region
seed: 4
duration: 2h
design:
  regions:
    - name: us-east
      zones: [a, b]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 16
      serviceTime: { mean: 5ms }
      healthCheck: { interval: 5s, unhealthyThreshold: 2, healthyThreshold: 2 }
workload:
  clients:
    - region: us-east
      service: api
      rate: 20/s
faults:
  - { kind: node-crash, node: api/us-east/a/1, at: 30m, for: 5m }
slo:
  availability: ">= 99.9%"
expect:
  incidents: "== 0"
`;

export const REGION_OUTAGE_FILE = "scenarios/region-outage-2am.yaml";
export const REGION_OUTAGE_YAML = readFileSync(REGION_OUTAGE_FILE, "utf8");
