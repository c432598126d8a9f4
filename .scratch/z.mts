import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { scenarioSchema } from "/work/main/src/scenario/schema.ts";

const r = scenarioSchema.safeParse(parse(readFileSync("/tmp/fl/multi.yaml", "utf8")), { reportInput: true });
console.dir(r.error?.issues, { depth: 5 });
