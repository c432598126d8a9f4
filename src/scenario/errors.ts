// Input errors located in the scenario file: every message carries file:line:col so editors and
// terminals can jump to it. Collected all at once, thrown together.

import type { Document, LineCounter, Node } from "yaml";
import { isNode } from "yaml";
import { describePath, type IssuePath } from "../input/index.js";

export type { IssuePath } from "../input/index.js";
export { describePath };

export interface InputIssue {
  file: string;
  line: number;
  column: number;
  message: string;
  /** A warning (a guardrail) changes no exit code unless --strict; absent: an error. */
  severity?: "warning";
  /** The `--set` override this issue belongs to: it is reported there, not at a line of the file. */
  override?: string;
}

export class ScenarioInputError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ScenarioInputError";
  }
}

export function formatIssue(issue: InputIssue): string {
  const warning = issue.severity === "warning" ? "warning: " : "";
  return `${issuePlace(issue)}: ${warning}${issue.message}`;
}

/** Where an issue is: file:line:col, or the `--set` override it belongs to. */
export function issuePlace(issue: InputIssue): string {
  return issue.override !== undefined ? `--set ${issue.override}` : `${issue.file}:${issue.line}:${issue.column}`;
}

/**
 * Finds the line and column of the deepest YAML node that exists along `path`. A node inherited
 * through `extends:` (scenario/extends.ts) has an origin: its own file and line counter, and
 * the place names that file.
 */
export function locate(
  document: Document,
  lineCounter: LineCounter,
  path: IssuePath,
  preferKey = false,
  origins?: WeakMap<object, { file: string; lineCounter: LineCounter }>,
): { line: number; column: number; file?: string } {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const node = prefix.length === 0 ? document.contents : document.getIn(prefix, true);
    if (isNode(node) && node.range) {
      // For a missing key, point at the mapping that should hold it.
      const key = preferKey && depth === path.length ? keyNode(document, prefix) : undefined;
      const at = key?.range ? key : node;
      const origin = origins?.get(at);
      const { line, col } = (origin?.lineCounter ?? lineCounter).linePos(at.range?.[0] ?? 0);
      return origin ? { file: origin.file, line, column: col } : { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/** The key node of the last path element, when the parent is a mapping. */
function keyNode(document: Document, path: IssuePath): Node | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!parent || typeof parent !== "object" || !("items" in parent)) return undefined;
  for (const item of (parent as { items: unknown[] }).items) {
    const key = (item as { key?: unknown }).key;
    if (isNode(key) && (key as { value?: unknown }).value === path[path.length - 1]) return key;
  }
  return undefined;
}
