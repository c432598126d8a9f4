// What every compile step shares: the list of issues found so far, unit conversion that records
// a problem instead of throwing, and name registries that report duplicates and dangling refs.

import type { HealthCheckConfig } from "../../model/config.js";
import type { IssuePath } from "../errors.js";
import type { ScenarioFile } from "../schema.js";
import { type Parsed, parseDuration, parseFraction } from "../units.js";

export interface CompileIssue {
  path: IssuePath;
  message: string;
}

export class CompileContext {
  readonly issues: CompileIssue[] = [];

  problem(path: IssuePath, message: string): void {
    this.issues.push({ path, message });
  }

  /** The parsed value, or `fallback` with the problem recorded. */
  unit<T>(parsed: Parsed<T>, path: IssuePath, fallback: T): T {
    if (parsed.ok) return parsed.value;
    this.problem(path, parsed.message);
    return fallback;
  }

  us(text: string, path: IssuePath): number {
    return this.unit(parseDuration(text), path, 0);
  }

  fraction(value: string | number, path: IssuePath): number {
    return this.unit(parseFraction(value), path, 0);
  }

  healthCheck(check: ScenarioFile["design"]["services"][number]["healthCheck"], path: IssuePath): HealthCheckConfig {
    return {
      intervalUs: this.us(check.interval, [...path, "interval"]),
      unhealthyThreshold: check.unhealthyThreshold,
      healthyThreshold: check.healthyThreshold,
    };
  }
}

/** Declared names of one kind (regions, services, ...): duplicates and unknown references are problems. */
export class NameRegistry {
  private readonly names = new Set<string>();

  constructor(
    private readonly ctx: CompileContext,
    private readonly what: string,
    private readonly hint?: string,
  ) {}

  declare(name: string, path: IssuePath): void {
    if (this.names.has(name)) this.ctx.problem(path, `${this.what} "${name}" is declared twice`);
    this.names.add(name);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Records a problem when `name` was never declared. */
  check(name: string, path: IssuePath): void {
    if (!this.names.has(name)) this.ctx.problem(path, unknown(this.what, name, [...this.names], this.hint));
  }
}

export function unknown(what: string, name: string, known: string[], hint?: string): string {
  const list = known.length > 0 ? `; known: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", …" : ""}` : "";
  return `unknown ${what} "${name}"${list}${hint ? ` (${hint})` : ""}`;
}
