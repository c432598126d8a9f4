// What the schema knows at a place in a scenario file, for errors that teach: the keys a mapping
// accepts (to suggest the one a misspelt key meant), the shape a mapping expects (to show
// `retries: { max: 3 }` for `retries: 3`), whether a value is a percentage (to suggest "25%" for
// 25), and a value that fits (to stand in for a broken one while the rest is checked).

import type { z } from "zod";
import { isPercentSchema } from "../input/index.js";

export { closestKey } from "../input/index.js";

import type { IssuePath } from "./errors.js";

type Schema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  /** A mapping's schema for keys it does not list (slo's operations; `never` when strict). */
  catchall?: Schema;
  element?: Schema;
  items?: Schema[];
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  defaultValue?: unknown;
}

const def = (schema: Schema) => schema._zod.def as unknown as Def;
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The schema under its wrappers (optional, default, ...), and every wrapper's metadata on the way. */
function unwrap(schema: Schema): Schema {
  let inner = schema;
  for (let d = def(inner); WRAPPERS.has(d.type) || d.type === "pipe"; d = def(inner)) {
    inner = (d.type === "pipe" ? d.in : d.innerType) as Schema;
  }
  return inner;
}

/** The schema of the value at `path` (a fault's fields by its kind), or undefined off the schema. */
export function schemaAt(root: Schema, path: IssuePath, input: unknown): Schema | undefined {
  let schema: Schema | undefined = root;
  let value = input;
  for (const part of path) {
    if (schema === undefined) return undefined;
    schema = childSchema(unwrap(schema), part, value);
    value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[part] : undefined;
  }
  return schema;
}

function childSchema(schema: Schema, part: string | number, value: unknown): Schema | undefined {
  const d = def(schema);
  if (d.type === "object") return d.shape?.[String(part)] ?? openKeys(d);
  if (d.type === "array") return d.element;
  if (d.type === "tuple") return typeof part === "number" ? d.items?.[part] : undefined;
  if (d.type === "union") {
    const options = d.options ?? [];
    const chosen = d.discriminator ? optionFor(options, d.discriminator, value) : undefined;
    for (const option of chosen ? [chosen] : options) {
      const child = childSchema(unwrap(option), part, value);
      if (child) return child;
    }
  }
  return undefined;
}

/** The option of a discriminated union that the value's discriminator names. */
function optionFor(options: Schema[], discriminator: string, value: unknown): Schema | undefined {
  const wanted =
    value !== null && typeof value === "object" ? (value as Record<string, unknown>)[discriminator] : undefined;
  return options.find((option) => {
    const key = def(unwrap(option)).shape?.[discriminator];
    return key !== undefined && (def(key).values ?? []).includes(wanted);
  });
}

/** What a mapping takes under keys it does not list (undefined when it takes none). */
function openKeys(d: Def): Schema | undefined {
  return d.catchall !== undefined && def(d.catchall).type !== "never" ? d.catchall : undefined;
}

/**
 * Whether the mapping at this schema takes keys besides its own (`slo` and `expect`: an
 * operation's name holds that operation's targets).
 */
export function acceptsAnyKey(schema: Schema | undefined): boolean {
  if (!schema) return false;
  const d = def(unwrap(schema));
  return d.type === "object" && openKeys(d) !== undefined;
}

/** The keys a mapping at this schema accepts (none when it is not a mapping). */
export function keysOf(schema: Schema | undefined, value: unknown): string[] {
  if (!schema) return [];
  const inner = unwrap(schema);
  const d = def(inner);
  if (d.type === "object") return Object.keys(d.shape ?? {});
  if (d.type === "union") {
    const chosen = d.discriminator ? optionFor(d.options ?? [], d.discriminator, value) : undefined;
    if (chosen) return keysOf(chosen, value);
    return [...new Set((d.options ?? []).flatMap((option) => keysOf(option, value)))];
  }
  return [];
}

/**
 * For a scalar written where a mapping is expected: the mapping it most likely meant, e.g.
 * `{ max: 3 }` for 3 under retries (the first key that accepts the value, required keys first).
 */
export function shapeFor(schema: Schema | undefined, value: unknown): string | undefined {
  if (!schema || value === null || typeof value === "object") return undefined;
  const inner = unwrap(schema);
  const d = def(inner);
  if (d.type !== "object" || !d.shape) return undefined;
  const keys = Object.entries(d.shape);
  const required = keys.filter(([, field]) => !["optional", "default"].includes(def(field).type));
  const taking = [...required, ...keys].find(([, field]) => (field as z.ZodType).safeParse(value).success);
  if (taking) return `{ ${taking[0]}: ${typeof value === "string" ? value : JSON.stringify(value)} }`;
  // Nothing takes the value: the keys it needs, or (all optional) the first one, with examples.
  const shown = (required.length > 0 ? required : keys.slice(0, 1)).map(
    ([key, field]) => `${key}: ${exampleText(field) ?? "…"}`,
  );
  if (shown.length === 0) return undefined;
  return `{ ${shown.join(", ")} }`;
}

/** Each form a union accepts, as an example to write: `1200/s`, `{ diurnal: { peak: 900/s, … } }`. */
export function formsOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const d = def(unwrap(schema));
  if (d.type !== "union") return [];
  return (d.options ?? []).flatMap((option) => {
    const example = exampleOf(option) ?? (standIn(option) as { value: unknown } | undefined)?.value;
    if (example === undefined) return [];
    return [typeof example === "string" ? example : flowYaml(example)];
  });
}

/** A value as YAML flow: { diurnal: { peak: 1200/s } }. */
function flowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(", ")}]`;
  if (value !== null && typeof value === "object")
    return `{ ${Object.entries(value)
      .map(([key, inner]) => `${key}: ${flowYaml(inner)}`)
      .join(", ")} }`;
  return String(value);
}

/** Whether the value at this schema is a percentage (a string such as "20%", or a fraction). */
export function isPercentAt(schema: Schema | undefined): boolean {
  return schema !== undefined && isPercentSchema(unwrap(schema));
}

/** The first example the schema (or a wrapper of it) gives, as YAML would show it. */
function exampleText(schema: Schema): string | undefined {
  const example = exampleOf(schema);
  if (example === undefined) return undefined;
  return typeof example === "string" ? example : JSON.stringify(example);
}

function exampleOf(schema: Schema): unknown {
  for (let inner: Schema | undefined = schema; inner; ) {
    const examples = (inner as z.ZodType).meta?.()?.examples as unknown[] | undefined;
    if (examples && examples.length > 0) return examples[0];
    const d = def(inner);
    inner = WRAPPERS.has(d.type) ? d.innerType : d.type === "pipe" ? d.in : undefined;
  }
  return undefined;
}

/**
 * A value that fits the schema, to stand in for a broken one while the rest of the file is
 * checked: "absent" for an optional or defaulted value, else an example, an enum's first value,
 * or a mapping of its required keys' stand-ins. Undefined when none can be made.
 */
export function standIn(schema: Schema | undefined, depth = 0): { value: unknown } | "absent" | undefined {
  if (!schema || depth > 8) return undefined;
  const type = def(schema).type;
  if (type === "optional" || type === "default") return "absent";
  const example = exampleOf(schema);
  const candidates: unknown[] = example === undefined ? [] : [example];
  const inner = unwrap(schema);
  const d = def(inner);
  if (d.type === "enum") candidates.push(Object.values(d.entries ?? {})[0]);
  if (d.type === "literal") candidates.push(d.values?.[0]);
  if (d.type === "boolean") candidates.push(false);
  if (d.type === "object") {
    const value: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(d.shape ?? {})) {
      const inside = standIn(field, depth + 1);
      if (inside === undefined) return undefined;
      if (inside !== "absent") value[key] = inside.value;
    }
    candidates.push(value);
  }
  if (d.type === "array") {
    const item = standIn(d.element, depth + 1);
    candidates.push([], ...(item && item !== "absent" ? [[item.value]] : []));
  }
  if (d.type === "union") {
    for (const option of d.options ?? []) {
      const inside = standIn(option, depth + 1);
      if (inside && inside !== "absent") candidates.push(inside.value);
    }
  }
  const fits = candidates.find((candidate) => (schema as z.ZodType).safeParse(candidate).success);
  return fits === undefined ? undefined : { value: fits };
}
