// What every compile step shares: the list of issues found so far, unit conversion that records
// a problem instead of throwing, and name registries that report duplicates and dangling refs.
// Used by the scenario compiler and by each fault kind's own compile step (src/faults/kinds/).

import { closestKey } from "./suggest.js";
import { type Parsed, parseDuration, parseFraction } from "./units.js";

/** Where a value sits in the scenario file: keys and list indexes from the root. */
export type IssuePath = ReadonlyArray<string | number>;

export interface CompileIssue {
  path: IssuePath;
  message: string;
  /** Located at the key rather than its value (a key that names something unknown). */
  atKey?: boolean;
}

export class CompileContext {
  readonly issues: CompileIssue[] = [];

  problem(path: IssuePath, message: string, options: { atKey?: boolean } = {}): void {
    this.issues.push({ path, message, ...(options.atKey ? { atKey: true } : {}) });
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
  /** Each name and where it was first declared. */
  private readonly names = new Map<string, IssuePath>();

  constructor(
    private readonly ctx: CompileContext,
    private readonly what: string,
    private readonly hint?: string,
  ) {}

  /**
   * Declares `name` at `path`; a second declaration is a problem at the second one. `as` names
   * what is declared when it is not the registry's own kind (a probe among the clients); `fix`
   * replaces the advice to rename one. False when the name was already declared.
   */
  declare(name: string, path: IssuePath, options: { as?: string; fix?: string } = {}): boolean {
    const first = this.names.get(name);
    if (first !== undefined) {
      const as = options.as ?? this.what;
      const kind = as === this.what ? "" : ` as ${/^[aeiou]/.test(this.what) ? "an" : "a"} ${this.what}`;
      const fix = options.fix ?? "rename one: the run keeps one state per name";
      this.ctx.problem(path, `${as} "${name}" is declared twice${kind} (first at ${describePath(first)}); ${fix}`);
      return false;
    }
    this.names.set(name, path);
    return true;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Every declared name, in declaration order. */
  get all(): string[] {
    return [...this.names.keys()];
  }

  /** Records a problem when `name` was never declared; true when it was. */
  check(name: string, path: IssuePath): boolean {
    if (this.names.has(name)) return true;
    this.ctx.problem(path, unknown(this.what, name, this.all, this.hint));
    return false;
  }
}

/** `design.regions[0].name`: a path as messages write it. */
export function describePath(path: IssuePath): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

export function unknown(what: string, name: string, known: string[], hint?: string): string {
  // Names are short and many look alike (us-east/a, us-west/a): only a one-letter slip is a guess.
  const closest = closestKey(name, known, () => 1);
  const list = closest
    ? `; did you mean ${closest}?`
    : known.length > 0
      ? `; known: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", …" : ""}`
      : "";
  return `unknown ${what} "${name}"${list}${hint ? ` (${hint})` : ""}`;
}
