// A logical corruption (a bad write, a bad migration, ransomware): it replicates at once and is
// captured by later backups; once noticed, the database is restored to a clean point. Over when
// the restore that removes it finishes (or when no clean backup is left).

import { z } from "zod";
import { duration, name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const dataCorruption = defineFaultKind({
  kind: "data-corruption",
  family: "data",
  summary: "A bad write or migration corrupts data; it replicates at once and is captured by later backups",
  timing: "instant",
  fields: {
    database: name("Database"),
    detectedAfter: duration("How long until someone notices and starts a restore", { example: "2h" }),
    reachesBackups: z
      .boolean()
      .default(false)
      .meta({
        description:
          "Also corrupts every mutable backup (ransomware, a bad script); immutable ones survive; true or false",
        examples: [true],
      }),
  },
  compile: (fault, { ctx, path, refs }) => {
    refs.databases.check(fault.database, [...path, "database"]);
    const db = refs.databaseConfigs.find((d) => d.name === fault.database);
    if (db && !db.backups) {
      ctx.problem([...path, "database"], `database "${db.name}" has no backups to restore from; add backups: to it`);
    }
    return {
      database: fault.database,
      detectedAfterUs: ctx.us(fault.detectedAfter, [...path, "detectedAfter"]),
      reachesBackups: fault.reachesBackups,
    };
  },
  describe: (fault) => `data-corruption ${fault.database}${fault.reachesBackups ? " (backups too)" : ""}`,
  process: (fault) => ({
    start() {
      const { database, detectedAfterUs, reachesBackups } = fault.config;
      fault.world.corruptDatabase(database, { detectedAfterUs, reachesBackups }, fault.key(), () => fault.end());
    },
  }),
});
