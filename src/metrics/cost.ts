// What a design costs per month (ARCHITECTURE.md, "Cost"): what the run used (instance-hours as
// the autoscaler ran them, node-hours, storage, bytes by where they cross) times unit prices.
// Pure: usage and prices in, a breakdown out, so compare and sweeps can price any run the same way.

/** Hours in the month every figure is scaled to (365 × 24 / 12, as cloud bills count them). */
export const MONTH_HOURS = 730;
/** A GB as transfer and storage are priced: 10⁹ bytes. */
export const BYTES_PER_GB = 1e9;

/** Unit prices, in the table's currency. */
export interface Prices {
  /** One service instance running for an hour. */
  instanceHour: number;
  /** One database node (primary or replica) running for an hour. */
  databaseNodeHour: number;
  /** One GB of database storage for a month, per copy (every node holds one). */
  storageGbMonth: number;
  /** One GB of backups for a month. */
  backupGbMonth: number;
  /** One regional load balancer (per service and region) running for an hour. */
  loadBalancerHour: number;
  /** One GB between two zones of a region. */
  crossZoneGb: number;
  /** One GB between two regions. */
  crossRegionGb: number;
  /** One GB from the design to the internet (responses). */
  internetOutGb: number;
  /** One GB from the internet into the design (requests). */
  internetInGb: number;
  /** What a minute of downtime (incident time) costs the business; 0 leaves it out. */
  downtimeMinute: number;
  /** What one lost acknowledged write costs the business; 0 leaves it out. */
  lostWrite: number;
}

export type PriceName = keyof Prices;

/** Everything a cost figure rests on; reports print all of it. */
export interface CostAssumptions {
  /** The shipped table the prices start from: its date and source, and that it is an example. */
  table: { name: string; date: string; source: string; currency: string; note: string };
  prices: Prices;
  /** Prices the scenario set itself instead of the table's, in `Prices` order. */
  overridden: PriceName[];
  /** Services whose instances cost their own price per hour instead of `instanceHour`, in the design's order. */
  instanceHourByService: { service: string; instanceHour: number }[];
  /** Bytes one write sends to each replica. */
  recordBytes: number;
  /** Bytes of one user request (internet in) and of one response (internet out). */
  requestBytes: number;
  responseBytes: number;
}

/** What one run used over its simulated span, before any price. */
export interface CostUsage {
  durationS: number;
  instanceSeconds: { service: string; seconds: number }[];
  databases: {
    name: string;
    /** Primary and replicas (every member of a majority database). */
    nodes: number;
    sizeGb: number;
    backups: boolean;
    /** Writes × replicas they went to: in another zone of the primary's region, and in another region. */
    crossZoneWrites: number;
    crossRegionWrites: number;
  }[];
  /** Regional load balancers: one per service and region it runs in. */
  loadBalancers: number;
  /** User requests received and answered successfully (the response bytes cross to the internet). */
  requests: number;
  responses: number;
  downtimeS: number;
  lostWrites: number;
}

export interface CostItem {
  /** What is paid for: "instances api", "transfer cross-region", … */
  item: string;
  /** The quantity per month, in `unit`s. */
  quantity: number;
  unit: string;
  unitPrice: number;
  monthly: number;
}

export interface CostReport {
  currency: string;
  monthlyTotal: number;
  /** Infrastructure (what the bill says) and, apart, what failures cost the business. */
  infrastructureMonthly: number;
  failuresMonthly: number;
  items: CostItem[];
  /** The simulated span and the factor every per-run quantity is multiplied by to make a month. */
  month: { hours: number; simulatedHours: number; scale: number };
  assumptions: CostAssumptions;
}

/** Prices what a run used, per month: each quantity over the run × (a month / the run's length). */
export function priceUsage(usage: CostUsage, assumptions: CostAssumptions): CostReport {
  const { prices } = assumptions;
  const simulatedHours = usage.durationS / 3600;
  const scale = MONTH_HOURS / simulatedHours;
  const line = (item: string, quantity: number, unit: string, unitPrice: number): CostItem => ({
    item,
    quantity,
    unit,
    unitPrice,
    monthly: quantity * unitPrice,
  });
  const items: CostItem[] = [];
  const add = (item: string, quantity: number, unit: string, unitPrice: number) =>
    items.push(line(item, quantity, unit, unitPrice));
  const instanceHour = (service: string) =>
    assumptions.instanceHourByService.find((own) => own.service === service)?.instanceHour ?? prices.instanceHour;
  for (const service of usage.instanceSeconds)
    add(`instances ${service.service}`, (service.seconds / 3600) * scale, "instance-h", instanceHour(service.service));
  for (const db of usage.databases) {
    add(`database nodes ${db.name}`, db.nodes * MONTH_HOURS, "node-h", prices.databaseNodeHour);
    add(`storage ${db.name}`, db.nodes * db.sizeGb, "GB-month", prices.storageGbMonth);
    if (db.backups) add(`backups ${db.name}`, db.sizeGb, "GB-month", prices.backupGbMonth);
  }
  if (usage.loadBalancers > 0)
    add("load balancers", usage.loadBalancers * MONTH_HOURS, "LB-h", prices.loadBalancerHour);
  const sum = (pick: (db: CostUsage["databases"][number]) => number) =>
    usage.databases.reduce((total, db) => total + pick(db), 0);
  const gb = (bytes: number) => (bytes / BYTES_PER_GB) * scale;
  const record = assumptions.recordBytes;
  // Replication lines only for a design that replicates (a stateless tier's bill has none).
  if (usage.databases.some((db) => db.nodes > 1)) {
    const [crossZone, crossRegion] = [sum((db) => db.crossZoneWrites), sum((db) => db.crossRegionWrites)];
    add("transfer cross-zone (replication)", gb(crossZone * record), "GB", prices.crossZoneGb);
    add("transfer cross-region (replication)", gb(crossRegion * record), "GB", prices.crossRegionGb);
  }
  add("transfer internet in (requests)", gb(usage.requests * assumptions.requestBytes), "GB", prices.internetInGb);
  add("transfer internet out (responses)", gb(usage.responses * assumptions.responseBytes), "GB", prices.internetOutGb);
  // What failures cost the business, apart from the bill; a price of 0 leaves its line out.
  const failures = [
    line("downtime", (usage.downtimeS / 60) * scale, "min", prices.downtimeMinute),
    line("lost writes", usage.lostWrites * scale, "write", prices.lostWrite),
  ].filter((failure) => failure.unitPrice > 0);
  const infrastructureMonthly = items.reduce((total, item) => total + item.monthly, 0);
  const failuresMonthly = failures.reduce((total, item) => total + item.monthly, 0);
  return {
    currency: assumptions.table.currency,
    monthlyTotal: infrastructureMonthly + failuresMonthly,
    infrastructureMonthly,
    failuresMonthly,
    items: [...items, ...failures],
    month: { hours: MONTH_HOURS, simulatedHours, scale },
    assumptions,
  };
}

/**
 * The mean of several runs' usage (a check's seeds): every quantity averaged. Prices are linear in
 * usage, so pricing the mean is the mean of the prices.
 */
export function meanUsage(usages: readonly CostUsage[]): CostUsage {
  if (usages.length === 0) throw new Error("meanUsage: no runs");
  const [first] = usages;
  const mean = (pick: (usage: CostUsage) => number) =>
    usages.reduce((total, usage) => total + pick(usage), 0) / usages.length;
  return {
    durationS: mean((u) => u.durationS),
    instanceSeconds: first.instanceSeconds.map((service, i) => ({
      service: service.service,
      seconds: mean((u) => u.instanceSeconds[i].seconds),
    })),
    databases: first.databases.map((db, i) => ({
      ...db,
      crossZoneWrites: mean((u) => u.databases[i].crossZoneWrites),
      crossRegionWrites: mean((u) => u.databases[i].crossRegionWrites),
    })),
    loadBalancers: first.loadBalancers,
    requests: mean((u) => u.requests),
    responses: mean((u) => u.responses),
    downtimeS: mean((u) => u.downtimeS),
    lostWrites: mean((u) => u.lostWrites),
  };
}
