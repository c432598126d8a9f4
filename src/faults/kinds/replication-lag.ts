// A replica's replication lag is raised (a saturated link, a slow disk): a failover meanwhile
// loses about lag × write rate.

import { z } from "zod";
import { duration, name, unknown } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const replicationLag = defineFaultKind({
  kind: "replication-lag",
  family: "infrastructure",
  summary: "An async replica's replication lag rises to `lag` (the largest of overlapping lags wins)",
  timing: "lasting",
  fields: {
    database: name("Database"),
    replica: z
      .string()
      .meta({ description: "The replica's zone, as region/zone, e.g. us-west/a", examples: ["us-west/a"] }),
    lag: duration("The raised lag", { example: "5m" }),
  },
  compile: (fault, { ctx, path, refs }) => {
    refs.databases.check(fault.database, [...path, "database"]);
    const db = refs.databaseConfigs.find((d) => d.name === fault.database);
    if (db && !db.replicas.some((r) => r.zone === fault.replica)) {
      const replicas = db.replicas.map((r) => r.zone);
      ctx.problem([...path, "replica"], unknown(`replica of "${db.name}"`, fault.replica, replicas));
    }
    return { database: fault.database, replica: fault.replica, lagUs: ctx.us(fault.lag, [...path, "lag"]) };
  },
  describe: (fault) => `replication-lag ${fault.database}/${fault.replica} ${fault.lagUs / 1e6}s`,
  effects: (fault) => [{ lever: "replica.lag", database: fault.database, replica: fault.replica, lagUs: fault.lagUs }],
});
