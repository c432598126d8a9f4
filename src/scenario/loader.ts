// YAML text → validated, compiled scenario. Pure: the caller reads the file. Every problem —
// YAML syntax, schema, units, dangling references — is reported at once as file:line:col.

import { createHash } from "node:crypto";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { type CompiledScenario, compileScenario } from "./compile.js";
import { describePath, type InputIssue, type IssuePath, locate, ScenarioInputError } from "./errors.js";
import { scenarioSchema } from "./schema.js";

export interface LoadedScenario extends CompiledScenario {
  file: string;
  /** sha256 of the file's text (16 hex characters): names exactly what was run. */
  hash: string;
}

export function loadScenario(text: string, file: string): LoadedScenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ScenarioInputError(
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { file, line, column: col, message: `YAML syntax: ${firstLine(error.message)}` };
      }),
    );
  }
  const at = (path: IssuePath, message: string, preferKey = false): InputIssue => ({
    file,
    ...locate(document, lineCounter, path, preferKey),
    message,
  });
  const parsed = scenarioSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw new ScenarioInputError(parsed.error.issues.flatMap((issue) => describeZodIssue(issue, at)));
  }
  const { scenario, issues } = compileScenario(parsed.data);
  if (issues.length > 0) throw new ScenarioInputError(issues.map((issue) => at(issue.path, issue.message)));
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  return { ...scenario, file, hash };
}

type Locator = (path: IssuePath, message: string, preferKey?: boolean) => InputIssue;

function describeZodIssue(issue: z.core.$ZodIssue, at: Locator): InputIssue[] {
  const path = issue.path as IssuePath;
  const where = path.length > 0 ? `${describePath(path)}: ` : "";
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) =>
        at(
          [...path, key],
          `${where}unknown key "${key}"; check its spelling against the schema (faultline schema)`,
          true,
        ),
      );
    case "invalid_type":
      if (issue.input === undefined) {
        return [at(path, `${describePath(path)}: missing; add "${String(path[path.length - 1])}:"`, true)];
      }
      return [at(path, `${where}expected ${issue.expected}, got ${describeValue(issue.input)}`)];
    case "invalid_union":
      if ("discriminator" in issue && issue.discriminator) {
        return [
          at(
            [...path, issue.discriminator as string],
            `${where}unknown ${String(issue.discriminator)} ${describeValue((issue as { input?: unknown }).input)}`,
          ),
        ];
      }
      return [at(path, `${where}${issue.message}`)];
    case "invalid_value":
      return [at(path, `${where}expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`)];
    default:
      return [at(path, `${where}${issue.message}`)];
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}
