// `--set path=value` overrides, applied to a scenario's parsed YAML document before it is
// validated, as Helm does: a variant of a design without a copied file. Problems are reported
// against the override (not a file line): a key the schema does not know, a list item that does
// not exist, a value that is not YAML.

import { type Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import type { InputIssue, IssuePath } from "./errors.js";
import { scenarioSchema } from "./schema.js";
import { acceptsAnyKey, closestKey, keysOf, schemaAt } from "./teach.js";

/** One override as applied: what was written, and the path it resolved to (list items by index). */
export interface AppliedOverride {
  text: string;
  path: IssuePath;
  /** Where it was written when it is a line of the file (a variant's), rather than a `--set`. */
  place?: { file: string; line: number; column: number };
}

/** An override's path and value, split at the first "=" (the value may hold more). */
export function parseOverride(text: string): { segments: string[]; valueText: string } | { problem: string } {
  const equals = text.indexOf("=");
  if (equals < 0) return { problem: "write path=value, e.g. design.services.api.instancesPerZone=3" };
  const path = parseOverridePath(text.slice(0, equals));
  return "problem" in path ? path : { segments: path.segments, valueText: text.slice(equals + 1) };
}

/** A dotted path into the scenario: `design.databases.orders.replicas[0].mode` (`[0]` is `.0`). */
export function parseOverridePath(text: string): { segments: string[] } | { problem: string } {
  const segments = text.replace(/\[(\d+)\]/g, ".$1").split(".");
  if (segments.some((segment) => segment.trim() === ""))
    return { problem: "the path has an empty segment; write keys separated by single dots" };
  return { segments: segments.map((segment) => segment.trim()) };
}

/**
 * Applies the overrides in order to `document` (later ones win). Returns each override's resolved
 * path, or the problems, each named after its override (`file` is the scenario they apply to).
 */
export function applyOverrides(
  document: Document,
  overrides: readonly string[],
  file: string,
): { applied: AppliedOverride[] } | { issues: InputIssue[] } {
  const applied: AppliedOverride[] = [];
  const issues: InputIssue[] = [];
  for (const text of overrides) {
    const result = applyOne(document, text);
    if ("problem" in result) issues.push(overrideIssue(file, text, result.problem));
    else applied.push({ text, path: result.path });
  }
  return issues.length > 0 ? { issues } : { applied };
}

/** An issue that belongs to an override rather than to a line of the file. */
export function overrideIssue(file: string, override: string, message: string): InputIssue {
  return { file, line: 0, column: 0, override, message };
}

/** The last override whose path holds `path` (a problem under an overridden value is the override's). */
export function overrideAt(applied: readonly AppliedOverride[], path: IssuePath): AppliedOverride | undefined {
  for (let i = applied.length - 1; i >= 0; i--) {
    const candidate = applied[i];
    if (candidate.path.length <= path.length && candidate.path.every((part, k) => part === path[k])) return candidate;
  }
  return undefined;
}

function applyOne(document: Document, text: string): { path: IssuePath } | { problem: string } {
  const parsed = parseOverride(text);
  if ("problem" in parsed) return parsed;
  const valueDocument = parseDocument(parsed.valueText, { uniqueKeys: true });
  if (valueDocument.errors.length > 0)
    return { problem: `the value is not YAML (${valueDocument.errors[0].message.split("\n")[0]}); quote it` };
  return setAtPath(document, parsed.segments, valueDocument.contents);
}

/**
 * Sets the value at `segments` (list items by name or index), checking each key against the
 * schema: an unknown key or item is a problem with "did you mean". Shared by `--set` and variants.
 */
export function setAtPath(
  document: Document,
  segments: readonly string[],
  value: unknown,
): { path: IssuePath } | { problem: string } {
  const raw: unknown = document.toJS({ maxAliasCount: -1 });
  const path: (string | number)[] = [];
  if (!isMap(document.contents)) return { problem: "the scenario is not a mapping" };
  let node: YAMLMap | YAMLSeq = document.contents;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (isSeq(node)) {
      const found = itemOf(node, segment);
      if ("problem" in found) return found;
      path.push(found.index);
      if (last) {
        node.set(found.index, value);
        return { path };
      }
      const child = node.get(found.index, true);
      if (!isMap(child) && !isSeq(child))
        return { problem: `item ${found.index} is a single value, not a mapping; set it whole` };
      node = child;
      continue;
    }
    const here = schemaAt(scenarioSchema, path, raw);
    const known = keysOf(here, valueAt(raw, path));
    // slo and expect take an operation's name too: whether it is one is checked with the file.
    if (!node.has(segment) && known.length > 0 && !known.includes(segment) && !acceptsAnyKey(here))
      return { problem: `unknown key "${segment}"; ${suggestKey(segment, known)}` };
    path.push(segment);
    if (last) {
      node.set(segment, value);
      return { path };
    }
    let child: unknown = node.get(segment, true);
    if (child === undefined || (isScalar(child) && child.value === null)) {
      // A mapping the file left out (slo:, say) is created for the key below it.
      child = document.createNode({});
      node.set(segment, child);
    }
    if (!isMap(child) && !isSeq(child))
      return { problem: `${describeSegments(path)} is a single value, not a mapping; set it whole` };
    node = child;
  }
  return { path };
}

/** The list item a segment names: by its `name`, else by its index. */
function itemOf(list: YAMLSeq, segment: string): { index: number } | { problem: string } {
  const names = list.items.map((item) => (isMap(item) ? item.get("name") : undefined));
  const byName = names.findIndex((name) => name !== undefined && String(name) === segment);
  if (byName >= 0) return { index: byName };
  if (/^\d+$/.test(segment) && Number(segment) < list.items.length) return { index: Number(segment) };
  const named = names.filter((name) => name !== undefined).map(String);
  if (named.length > 0) {
    const closest = closestKey(segment, named);
    const hint = closest ? `did you mean ${closest}? ` : "";
    return { problem: `no item named "${segment}"; ${hint}the items are ${named.join(", ")}` };
  }
  if (list.items.length === 0) return { problem: `no item "${segment}": the list is empty` };
  return { problem: `no item "${segment}": the list's items are numbered 0 to ${list.items.length - 1}` };
}

/** "did you mean instancesPerZone?", or the keys this mapping takes. */
export function suggestKey(key: string, known: string[]): string {
  const closest = closestKey(key, known);
  if (closest) return `did you mean ${closest}?`;
  if (known.length === 0) return "check its spelling against the schema (faultline schema)";
  const shown = known.length > 16 ? `${known.slice(0, 16).join(", ")}, …` : known.join(", ");
  return `this mapping takes: ${shown}`;
}

function describeSegments(path: IssuePath): string {
  return path.map(String).join(".");
}

/** The value at `path` in the parsed file (undefined where the path leads nowhere). */
export function valueAt(root: unknown, path: IssuePath): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}
