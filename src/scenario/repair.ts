// Schema and reference errors in one pass: when a file breaks the schema, a copy of it has each
// broken value replaced by one that fits (an unknown key dropped, a bad value made absent or
// replaced by an example) and is compiled, so a dangling name elsewhere is reported along with
// the misspelt key, not after it is fixed. What the stand-ins themselves might cause is dropped.

import type { z } from "zod";
import { type CompileIssue, compileScenario } from "./compile.js";
import { describePath, type IssuePath } from "./errors.js";
import { scenarioSchema } from "./schema.js";
import { schemaAt, standIn } from "./teach.js";

/** Rounds of repair: a stand-in can reveal a problem below it that the first parse did not reach. */
const ROUNDS = 4;
/** Past this many schema problems the file is too far off for its references to mean much. */
const ISSUES_MAX = 50;

/**
 * The compile issues of the file with its schema problems stood in for, minus any that touch a
 * stand-in; empty when the file cannot be repaired.
 */
export function issuesBeyondSchema(raw: unknown, issues: readonly z.core.$ZodIssue[]): CompileIssue[] {
  if (issues.length > ISSUES_MAX || raw === null || typeof raw !== "object") return [];
  let value: unknown = structuredClone(raw);
  const repaired: IssuePath[] = [];
  let pending = issues;
  for (let round = 0; round < ROUNDS; round++) {
    for (const issue of pending) {
      const path = issue.path as IssuePath;
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) removeAt(value, [...path, key]);
        continue;
      }
      const fits = standIn(schemaAt(scenarioSchema, path, value));
      if (fits === undefined || path.length === 0) return [];
      if (fits === "absent") removeAt(value, path);
      else value = setAt(value, path, fits.value);
      repaired.push(path);
    }
    const parsed = scenarioSchema.safeParse(value);
    if (parsed.success) return trustworthy(compileScenario(parsed.data).issues, repaired);
    pending = parsed.error.issues;
    if (pending.length > ISSUES_MAX) return [];
  }
  return [];
}

/** The compile issues no stand-in can have caused. */
function trustworthy(issues: CompileIssue[], repaired: IssuePath[]): CompileIssue[] {
  // One path is a prefix of the other: the issue is inside a stand-in, or holds one.
  const overlaps = (a: IssuePath, b: IssuePath) => a.every((part, i) => i >= b.length || b[i] === part);
  // A stood-in declaration (a name, a zone, a whole entry) makes every reference to names suspect.
  const declarations = repaired.some((path) => {
    const last = path[path.length - 1];
    return last === "name" || typeof last === "number" || path.includes("zones");
  });
  const mentions = repaired.map(describePath);
  return issues.filter(
    (issue) =>
      !repaired.some((path) => overlaps(path, issue.path)) &&
      !(declarations && issue.message.startsWith("unknown ")) &&
      !mentions.some((where) => issue.message.includes(where)),
  );
}

function removeAt(root: unknown, path: IssuePath): void {
  const parent = parentAt(root, path);
  const key = path[path.length - 1];
  if (Array.isArray(parent) || parent === undefined) return; // list entries keep their indexes
  delete (parent as Record<string, unknown>)[key];
}

function setAt(root: unknown, path: IssuePath, value: unknown): unknown {
  const parent = parentAt(root, path);
  if (parent !== undefined) (parent as Record<string | number, unknown>)[path[path.length - 1]] = value;
  return root;
}

function parentAt(root: unknown, path: IssuePath): object | undefined {
  let node = root;
  for (const part of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node !== null && typeof node === "object" ? node : undefined;
}
