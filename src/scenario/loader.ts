// YAML text → validated, compiled scenario. Pure: the caller reads the file. Every problem —
// YAML syntax, aliases, schema, units, dangling references — is reported as file:line:col.

import { createHash } from "node:crypto";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { formatCountBound } from "../input/index.js";
import { checkAliases } from "./aliases.js";
import { type CompiledScenario, compileScenario } from "./compile.js";
import { describePath, type InputIssue, type IssuePath, locate, ScenarioInputError } from "./errors.js";
import { type BaseTexts, mergeBases, type Origins } from "./extends.js";
import { chooseFidelity, type FidelityChoice } from "./fidelity.js";
import { guardrails } from "./guardrails.js";
import { type AppliedOverride, applyOverrides, overrideAt, overrideIssue, suggestKey, valueAt } from "./overrides.js";
import { issuesBeyondSchema } from "./repair.js";
import { scenarioSchema } from "./schema.js";
import { acceptsAnyKey, closestKey, formsOf, isPercentAt, keysOf, schemaAt, shapeFor } from "./teach.js";
import { applyVariant, variantNames } from "./variants.js";
import { estimateWork, type WorkEstimate, workIssues } from "./work.js";

export interface LoadedScenario extends CompiledScenario {
  file: string;
  /** sha256 of the file's text and the overrides (16 hex characters): names exactly what was run. */
  hash: string;
  /** The `--set path=value` overrides applied, in order (empty when none): a replay repeats them. */
  overrides: string[];
  /** The variant applied (`--variant`), if any: a replay repeats it. */
  variant?: string;
  /** The variants the file lists, in file order (scenario/variants.ts). */
  variants: string[];
  /** Guardrails and a long run's estimate, located: no exit code changes unless --strict. */
  warnings: InputIssue[];
  /** The work the run is estimated to be (it was refused if it could not fit its limits). */
  work: WorkEstimate;
  /** What keeps the fluid fidelity from standing in for per-request runs (scenario/fidelity.ts). */
  fluidObstacles: string[];
}

/** How to fix the YAML errors people make most often; anything else gets a generic hint. */
const YAML_HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: "remove or rename one of the two keys",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  BAD_INDENT: "check the indentation here, and that every [ or { above is closed",
  MISSING_CHAR: "close the quote or bracket that starts earlier",
  BLOCK_AS_IMPLICIT_KEY: 'put a nested mapping on its own indented lines, or quote a value that contains ": "',
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; check the indentation of the line above",
};

export interface LoadOptions {
  /**
   * Replaces the file's `duration` (a sweep of years runs each year as a run of 365d): the value
   * is checked as if written in the file, and the scenario's hash covers it.
   */
  duration?: string;
  /** The fidelity wanted (scenario/fidelity.ts): per request unless said; `auto` takes fluid where it can stand in. */
  fidelity?: FidelityChoice;
  /**
   * `--set path=value` overrides (scenario/overrides.ts), applied in order to the parsed file
   * before validation; problems are reported against the override, and the hash covers them.
   */
  overrides?: readonly string[];
  /**
   * The texts of the files the scenario `extends:`, by path as resolved from the file
   * (scenario/extends.ts; the CLI reads them with `collectBases`). The hash covers them.
   */
  bases?: BaseTexts;
  /** The variant to apply (scenario/variants.ts), before the overrides; the hash covers it. */
  variant?: string;
}

export function loadScenario(text: string, file: string, options: LoadOptions = {}): LoadedScenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ScenarioInputError(
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        const hint = YAML_HINTS[error.code] ?? "check the indentation, quotes and brackets here";
        return { file, line, column: col, message: `YAML syntax: ${firstLine(error.message)}; ${hint}` };
      }),
    );
  }
  const aliasProblems = checkAliases(document);
  if (aliasProblems.length > 0) {
    throw new ScenarioInputError(
      aliasProblems.map(({ offset, message }) => {
        const { line, col } = lineCounter.linePos(offset);
        return { file, line, column: col, message };
      }),
    );
  }
  // The files extended go under the file's own text; each node keeps its file (scenario/extends.ts).
  const origins: Origins = new WeakMap();
  const inherited = mergeBases(document, { file, lineCounter }, options.bases ?? {}, origins);
  const place = (path: IssuePath, preferKey = false) => ({
    file,
    ...locate(document, lineCounter, path, preferKey, origins),
  });
  const variants = variantNames(document);
  const applied: AppliedOverride[] = [];
  if (options.variant !== undefined) {
    const applying = applyVariant(document, options.variant, place);
    if ("issues" in applying) throw new ScenarioInputError(applying.issues);
    applied.push(...applying.applied);
  }
  if (options.duration !== undefined) document.set("duration", options.duration);
  const overrides = [...(options.overrides ?? [])];
  const applying = applyOverrides(document, overrides, file);
  if ("issues" in applying) throw new ScenarioInputError(applying.issues);
  applied.push(...applying.applied);
  const at = (path: IssuePath, message: string, preferKey = false): InputIssue => {
    const override = overrideAt(applied, path);
    if (override?.place) return { ...override.place, message };
    if (override) return overrideIssue(file, override.text, message);
    return { ...place(path, preferKey), message };
  };
  // checkAliases bounded what aliases add, so the yaml library's own guess (count × nesting
  // > 100, which refuses a file naming one anchor 101 times) is not needed.
  const raw: unknown = document.toJS({ maxAliasCount: -1 });
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const schemaIssues = parsed.error.issues.flatMap((issue) => describeZodIssue(issue, { at, raw }));
    // Dangling names and the like, found in a copy with the schema problems stood in for.
    const beyond = issuesBeyondSchema(raw, parsed.error.issues).map((issue) =>
      at(issue.path, `${describePath(issue.path)}: ${issue.message}`),
    );
    throw new ScenarioInputError(inFileOrder([...schemaIssues, ...beyond]));
  }
  const { scenario, issues } = compileScenario(parsed.data);
  if (issues.length > 0)
    throw new ScenarioInputError(
      inFileOrder(issues.map((issue) => at(issue.path, `${describePath(issue.path)}: ${issue.message}`, issue.atKey))),
    );
  // The fidelity decides the work: a fluid run simulates no request and its checks sleep.
  const fidelity = chooseFidelity(scenario, options.fidelity ?? scenario.fidelity ?? "request");
  scenario.world.fidelity = fidelity.fidelity;
  if (options.fidelity === undefined && scenario.fidelity === "fluid" && fidelity.obstacles.length > 0) {
    const message = `fidelity: the fluid fidelity cannot stand in for per-request runs here, because load decides the answer: ${fidelity.obstacles.join("; ")}; write fidelity: auto (per request here) or request`;
    throw new ScenarioInputError([at(["fidelity"], message)]);
  }
  // Only a scenario that compiled is worth estimating: its rates and periods are all known.
  const work = estimateWork(scenario);
  const judged = workIssues(scenario, work, parsed.data.duration.trim());
  if (judged.errors.length > 0)
    throw new ScenarioInputError(
      inFileOrder(judged.errors.map((issue) => at(issue.path, `${describePath(issue.path)}: ${issue.message}`))),
    );
  const warnings = inFileOrder(
    [...guardrails(parsed.data, scenario), ...judged.warnings].map((issue) => ({
      ...at(issue.path, issue.message),
      severity: "warning" as const,
    })),
  );
  const hashed = [
    text,
    // Only a file that extends or picks a variant adds lines: every other hash stays as it was.
    ...inherited.map((base) => `# extends\n${base}`),
    ...(options.variant === undefined ? [] : [`# --variant ${options.variant}`]),
    ...(options.duration === undefined ? [] : [`# duration overridden: ${options.duration}`]),
    ...overrides.map((override) => `# --set ${override}`),
  ].join("\n");
  const hash = createHash("sha256").update(hashed).digest("hex").slice(0, 16);
  const position = (path: IssuePath) => locate(document, lineCounter, path, false, origins);
  return {
    ...scenario,
    slo: scenario.slo.map((target) => ({ ...target, position: position(target.path) })),
    expectations: scenario.expectations.map((target) => ({ ...target, position: position(target.path) })),
    file,
    hash,
    overrides,
    ...(options.variant === undefined ? {} : { variant: options.variant }),
    variants,
    warnings,
    work,
    fluidObstacles: fidelity.obstacles,
  };
}

type Locator = (path: IssuePath, message: string, preferKey?: boolean) => InputIssue;

/** What describing an issue needs: where things are, and the file as read (to look keys up). */
interface Described {
  at: Locator;
  raw: unknown;
}

/** Turns one zod issue into located messages that say what was found and how to fix it. */
function describeZodIssue(issue: z.core.$ZodIssue, context: Described, base: IssuePath = []): InputIssue[] {
  const { at, raw } = context;
  const path = [...base, ...(issue.path as IssuePath)];
  const where = path.length > 0 ? `${describePath(path)}: ` : "";
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = keysOf(schemaAt(scenarioSchema, path, raw), valueAt(raw, path));
      return issue.keys.map((key) =>
        at([...path, key], `${where}unknown key "${key}"; ${suggestKey(key, known)}`, true),
      );
    }
    case "invalid_type": {
      const misspelt = misspeltKey(path, issue, raw);
      if (misspelt !== undefined) return [at(path, misspelt, true)];
      if (issue.input === undefined) {
        const key = String(path[path.length - 1]);
        return [at(path, `${describePath(path)} is required; add "${key}:" to this mapping`, true)];
      }
      return [
        at(
          path,
          `${where}expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}${shapeHint(path, issue, raw)}`,
        ),
      ];
    }
    case "invalid_union":
      return describeUnionIssue(issue, path, context);
    case "invalid_value":
      return [at(path, `${where}got ${describeValue(issue.input)}; use one of ${issue.values.join(", ")}`)];
    case "invalid_format":
      return [at(path, `${where}got ${describeValue(issue.input)}; ${issue.message}`)];
    case "too_small":
      return [at(path, `${where}${tooSmall(issue)}`)];
    case "too_big":
      return [at(path, `${where}${tooBig(issue)}${percentHint(path, issue.input, raw)}`)];
    case "invalid_key":
      return [at(path, `${where}unknown key; check its spelling against the schema (faultline schema)`, true)];
    default:
      return [at(path, `${where}${issue.message}`)];
  }
}

function describeUnionIssue(issue: z.core.$ZodIssueInvalidUnion, path: IssuePath, context: Described): InputIssue[] {
  const { at } = context;
  const { discriminator } = issue;
  if (discriminator) {
    // zod puts the discriminator at the end of the path and the whole object in `input`.
    const keyPath = path[path.length - 1] === discriminator ? path : [...path, discriminator];
    const value = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
    const owner = [...keyPath].reverse().find((part) => typeof part === "string" && part !== discriminator);
    const what = `${typeof owner === "string" ? `${owner.replace(/s$/, "")} ` : ""}${discriminator}`;
    const options = "options" in issue && Array.isArray(issue.options) ? issue.options.map(String) : [];
    const closest = typeof value === "string" ? closestKey(value, options) : undefined;
    const choices = closest
      ? `; did you mean ${closest}?`
      : options.length > 0
        ? `; use one of ${options.join(", ")}`
        : "";
    const found = value === undefined ? `missing ${what}` : `unknown ${what} ${describeValue(value, false)}`;
    return [at(keyPath, `${describePath(keyPath)}: ${found}${choices}`, value === undefined)];
  }
  // Report the alternative that got furthest: the one not rejected outright for its type (a
  // word such as `cached` rejects a number or a mapping for its type, too).
  const outright = (e: z.core.$ZodIssue) =>
    e.path.length === 0 &&
    (e.code === "invalid_type" || (e.code === "invalid_value" && typeof issue.input !== "string"));
  const closest = issue.errors.filter((branch) => !branch.every(outright));
  // A word far from every word a form takes (fallback: 5ms against cached) fits no form either.
  const word =
    closest.length === 1 ? closest[0].find((e) => e.code === "invalid_value" && e.path.length === 0) : undefined;
  const farWord =
    word?.code === "invalid_value" &&
    typeof issue.input === "string" &&
    closestKey(issue.input, word.values.map(String)) === undefined;
  if (closest.length === 1 && !farWord)
    return closest[0].flatMap((branchIssue) => describeZodIssue(branchIssue, context, path));
  const key = path[path.length - 1];
  const forms = formsOf(schemaAt(scenarioSchema, path, context.raw)).map((form) =>
    typeof key === "string" ? `${key}: ${form}` : form,
  );
  const how = forms.length > 0 ? `write ${forms.join(" or ")}` : "see faultline schema";
  // A key left out is not a value of the wrong form: say it is missing.
  if (issue.input === undefined) return [at(path, `${describePath(path)} is required; ${how}`, true)];
  return [
    at(path, `${describePath(path)}: ${describeValue(issue.input)} does not fit any of the allowed forms; ${how}`),
  ];
}

/** zod's type names as a YAML author knows them. */
const EXPECTED: Partial<Record<string, string>> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  const minimum = Number(issue.minimum);
  if (issue.origin === "array") return `list at least ${minimum} ${minimum === 1 ? "entry" : "entries"}`;
  return `must be at least ${minimum}, got ${describeValue(issue.input, false)}`;
}

/**
 * A value under a key that `slo` or `expect` do not list: they take any key, as an operation's
 * targets, so zod sees a mapping of the wrong type where the author misspelt a metric
 * (`availabilty: ">= 99%"`). Said as the unknown key it most likely is.
 */
function misspeltKey(path: IssuePath, issue: z.core.$ZodIssueInvalidType, raw: unknown): string | undefined {
  if (issue.expected !== "object" || path.length === 0 || issue.input === undefined) return undefined;
  if (issue.input !== null && typeof issue.input === "object") return undefined;
  const parentPath = path.slice(0, -1);
  const parent = schemaAt(scenarioSchema, parentPath, raw);
  const key = path[path.length - 1];
  if (typeof key !== "string" || !acceptsAnyKey(parent)) return undefined;
  const known = keysOf(parent, valueAt(raw, parentPath));
  if (known.includes(key)) return undefined;
  const where = parentPath.length > 0 ? `${describePath(parentPath)}: ` : "";
  return `${where}unknown key "${key}"; ${suggestKey(key, known)} (a key that is not one of these names an operation of the workload, with a mapping of its own targets)`;
}

/** For a scalar where a mapping belongs: the mapping it most likely meant (`retries: { max: 3 }`). */
function shapeHint(path: IssuePath, issue: z.core.$ZodIssueInvalidType, raw: unknown): string {
  if (issue.expected !== "object") return "";
  const shape = shapeFor(schemaAt(scenarioSchema, path, raw), issue.input);
  const key = path[path.length - 1];
  return shape ? `; write ${typeof key === "string" ? `${key}: ` : ""}${shape}` : "";
}

/** For a number past 1 where a fraction belongs: the percentage it most likely meant. */
function percentHint(path: IssuePath, input: unknown, raw: unknown): string {
  if (typeof input !== "number" || input <= 1 || input > 100) return "";
  if (!isPercentAt(schemaAt(scenarioSchema, path, raw))) return "";
  return `; a bare number is a fraction from 0 to 1: write "${input}%" for a percentage (or ${Number((input / 100).toPrecision(6))})`;
}

function tooBig(issue: z.core.$ZodIssueTooBig): string {
  const maximum = Number(issue.maximum);
  if (issue.origin === "array") return `list at most ${maximum} ${maximum === 1 ? "entry" : "entries"}`;
  return `must be at most ${formatCountBound(maximum)}, got ${describeValue(issue.input, false)}`;
}

function describeValue(value: unknown, withType = true): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return withType && typeof value !== "string" ? `${typeof value} ${JSON.stringify(value)}` : JSON.stringify(value);
}

/** Sorts issues top to bottom so the report reads like the file (the sort is stable). */
function inFileOrder(issues: InputIssue[]): InputIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}
