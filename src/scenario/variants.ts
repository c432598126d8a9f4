// `variants:` — named sets of overrides a scenario lists, to compare designs without copied files
// (ARCHITECTURE.md, "Inputs and files"). A variant is a flat mapping of path → value, the path
// written as `--set` writes it (`design.databases.orders.replicas[0].mode: sync`): each line is
// one change, so a variant reads as the diff it is, and its problems point at that line.

import { type Document, isMap, isScalar, type YAMLMap } from "yaml";
import type { InputIssue, IssuePath } from "./errors.js";
import { type AppliedOverride, parseOverridePath, setAtPath } from "./overrides.js";
import { closestKey } from "./teach.js";

/** Places a path of the document (file, line, column), as the loader locates every issue. */
export type Place = (path: IssuePath, preferKey?: boolean) => { file: string; line: number; column: number };

/** The names of the variants the document lists, in file order (empty without `variants:`). */
export function variantNames(document: Document): string[] {
  const variants = variantsOf(document);
  if (!isMap(variants)) return [];
  return variants.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
}

/**
 * Applies the variant `name` to `document`, in its order (a later line wins), before the
 * `--set` overrides. Returns each change as an override placed at its line, or the problems,
 * each at the line it is about.
 */
export function applyVariant(
  document: Document,
  name: string,
  place: Place,
): { applied: AppliedOverride[] } | { issues: InputIssue[] } {
  const variants = variantsOf(document);
  const names = variantNames(document);
  if (!names.includes(name)) {
    const where = isMap(variants) ? place(["variants"], true) : place([]);
    const closest = closestKey(name, names);
    const known =
      names.length === 0
        ? `the scenario lists no variants; add them under variants: (name: { path: value })`
        : `${closest ? `did you mean ${closest}? ` : ""}its variants are ${names.join(", ")}`;
    return { issues: [{ ...where, message: `--variant ${name}: no such variant; ${known}` }] };
  }
  const variant = (variants as YAMLMap).get(name, true);
  if (!isMap(variant))
    return {
      issues: [
        {
          ...place(["variants", name]),
          message: `variants.${name}: expected a mapping of path: value, e.g. { design.services.api.instancesPerZone: 3 }`,
        },
      ],
    };
  const applied: AppliedOverride[] = [];
  const issues: InputIssue[] = [];
  for (const pair of variant.items) {
    const pathText = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const where = place(["variants", name, pathText], true);
    const parsed = parseOverridePath(pathText);
    const result = "problem" in parsed ? parsed : setAtPath(document, parsed.segments, pair.value);
    if ("problem" in result) issues.push({ ...where, message: `variant ${name}: ${pathText}: ${result.problem}` });
    else applied.push({ text: `${pathText} (variant ${name})`, path: result.path, place: where });
  }
  return issues.length > 0 ? { issues } : { applied };
}

function variantsOf(document: Document): unknown {
  return isMap(document.contents) ? document.contents.get("variants", true) : undefined;
}
