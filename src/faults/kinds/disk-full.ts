// A database's disk fills up: writes are refused (the caller fails at once), reads still work.

import { name } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";

export const diskFull = defineFaultKind({
  kind: "disk-full",
  family: "infrastructure",
  summary: "A database's disk is full: writes are refused at once, reads still work",
  timing: "lasting",
  fields: { database: name("Database") },
  compile: (fault, { path, refs }) => {
    refs.databases.check(fault.database, [...path, "database"]);
    return { database: fault.database };
  },
  describe: (fault) => `disk-full ${fault.database}`,
  effects: (fault) => [{ lever: "database.diskFull", database: fault.database }],
});
