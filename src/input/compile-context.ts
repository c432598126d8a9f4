// What every compile step shares: the list of issues found so far, unit conversion that records
// a problem instead of throwing, and name registries that report duplicates and dangling refs.
// Used by the scenario compiler and by each fault kind's own compile step (src/faults/kinds/).

import { type Parsed, parseDuration, parseFraction } from "./units.js";

/** Where a value sits in the scenario file: keys and list indexes from the root. */
export type IssuePath = ReadonlyArray<string | number>;

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

  /** Every declared name, in declaration order. */
  get all(): string[] {
    return [...this.names];
  }

  /** Records a problem when `name` was never declared; true when it was. */
  check(name: string, path: IssuePath): boolean {
    if (this.names.has(name)) return true;
    this.ctx.problem(path, unknown(this.what, name, [...this.names], this.hint));
    return false;
  }
}

export function unknown(what: string, name: string, known: string[], hint?: string): string {
  const list = known.length > 0 ? `; known: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", …" : ""}` : "";
  return `unknown ${what} "${name}"${list}${hint ? ` (${hint})` : ""}`;
}
