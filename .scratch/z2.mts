import { parse } from "yaml";
import { scenarioSchema } from "/work/main/src/scenario/schema.ts";

const y = `
name: t
duration: 1m
design:
  regions: []
  services:
    - name: api
      concurrency: "8"
      serviceTime: { mean: 5ms, distribution: gaussian }
      balancing: random
workload:
  clients:
    - region: r1
      service: api
      rate: fast
      writeRatio: 20 percent
    - region: r1
      service: api
      rate: { diurnal: { peak: lots } }
faults:
  - at: 10s
    region: r1
`;
const r = scenarioSchema.safeParse(parse(y), { reportInput: true });
console.dir(r.error?.issues, { depth: 6 });
