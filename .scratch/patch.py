import re
p='src/scenario/loader.ts'
s=open(p).read()
start=s.index('type Locator =')
end=s.index('function firstLine')
new='''type Locator = (path: IssuePath, message: string, preferKey?: boolean) => InputIssue;

/** Turns one zod issue into located messages that say what was found and how to fix it. */
function describeZodIssue(issue: z.core.$ZodIssue, at: Locator, base: IssuePath = []): InputIssue[] {
  const path = [...base, ...(issue.path as IssuePath)];
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
        const key = String(path[path.length - 1]);
        return [at(path, `${describePath(path)} is required; add "${key}:" to this mapping`, true)];
      }
      return [at(path, `${where}expected ${issue.expected}, got ${describeValue(issue.input)}`)];
    case "invalid_union":
      return describeUnionIssue(issue, path, at);
    case "invalid_value":
      return [at(path, `${where}got ${describeValue(issue.input)}; use one of ${issue.values.join(", ")}`)];
    case "invalid_format":
      return [at(path, `${where}got ${describeValue(issue.input)}; ${issue.message}`)];
    case "too_small":
      return [at(path, `${where}${issue.origin === "array" ? `list at least ${issue.minimum} entry` : `must be at least ${issue.minimum}, got ${describeValue(issue.input)}`}`)];
    case "too_big":
      return [at(path, `${where}must be at most ${issue.maximum}, got ${describeValue(issue.input)}`)];
    case "invalid_key":
      return [at(path, `${where}unknown key; check its spelling against the schema (faultline schema)`, true)];
    default:
      return [at(path, `${where}${issue.message}`)];
  }
}

function describeUnionIssue(issue: z.core.$ZodIssueInvalidUnion, path: IssuePath, at: Locator): InputIssue[] {
  const { discriminator } = issue;
  if (discriminator) {
    // zod puts the discriminator at the end of the path and the whole object in `input`.
    const keyPath = path[path.length - 1] === discriminator ? path : [...path, discriminator];
    const value = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
    const owner = [...keyPath].reverse().find((part) => typeof part === "string" && part !== discriminator);
    const what = `${typeof owner === "string" ? `${owner.replace(/s$/, "")} ` : ""}${discriminator}`;
    const choices = "options" in issue && issue.options ? `; use one of ${issue.options.join(", ")}` : "";
    const found = value === undefined ? `missing ${what}` : `unknown ${what} ${describeValue(value, false)}`;
    return [at(keyPath, `${describePath(keyPath)}: ${found}${choices}`, value === undefined)];
  }
  // Report the alternative that got furthest: the one not rejected outright for its type.
  const closest = issue.errors.filter((branch) => !branch.every((e) => e.code === "invalid_type" && e.path.length === 0));
  if (closest.length === 1) return closest[0].flatMap((branchIssue) => describeZodIssue(branchIssue, at, path));
  return [at(path, `${describePath(path)}: ${describeValue(issue.input)} does not fit any of the allowed forms; see faultline schema`)];
}

function describeValue(value: unknown, withType = true): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return withType && typeof value !== "string" ? `${typeof value} ${JSON.stringify(value)}` : JSON.stringify(value);
}

'''
s=s[:start]+new+s[end:]
s=s.replace("scenarioSchema.safeParse(document.toJS())","scenarioSchema.safeParse(document.toJS(), { reportInput: true })")
open(p,'w').write(s)
