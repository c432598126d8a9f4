// A bug or a person deletes rows: reads of them fail until they are un-deleted (soft deletes)
// or restored from a backup. Over when the rows are back (or known to be gone).

import { duration, name, percent } from "../../input/index.js";
import { defineFaultKind } from "../kind.js";
import { percentText } from "../references.js";

export const accidentalDelete = defineFaultKind({
  kind: "accidental-delete",
  family: "data",
  summary:
    "A bug or a person deletes rows: reads of them fail until they are un-deleted (soft deletes) or restored from a backup",
  timing: "instant",
  fields: {
    database: name("Database"),
    fraction: percent("Share of the rows deleted", "10%"),
    detectedAfter: duration("How long until someone notices and starts getting them back", { example: "30m" }),
  },
  compile: (fault, { ctx, path, refs }) => {
    refs.databases.check(fault.database, [...path, "database"]);
    return {
      database: fault.database,
      fraction: ctx.fraction(fault.fraction, [...path, "fraction"]),
      detectedAfterUs: ctx.us(fault.detectedAfter, [...path, "detectedAfter"]),
    };
  },
  describe: (fault) => `accidental-delete ${fault.database} ${percentText(fault.fraction)}`,
  process: (fault) => ({
    start() {
      const { database, fraction, detectedAfterUs } = fault.config;
      fault.world.deleteRows(database, fraction, detectedAfterUs, () => fault.end());
    },
  }),
});
