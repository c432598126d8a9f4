// Hostile scenario files for the property test: the shipped library (and the README's example,
// which uses every key) mutated the ways issue 13 found broke faultline — wrong types, extreme
// numbers, durations and rates past simulated time, huge sizes, duplicated and dangling names,
// dropped and unknown keys — then written back as YAML, sometimes with YAML's own tricks
// (anchors and aliases, merge keys, tags, special floats, several documents, CRLF, a BOM,
// truncation).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Document, parse, stringify } from "yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const README_EXAMPLE = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(readFileSync("README.md", "utf8"))?.[1];

/** Every shipped scenario and the README's example, parsed. */
export const BASES: { name: string; value: Json }[] = [
  ...readdirSync("scenarios")
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => ({ name, value: parse(readFileSync(join("scenarios", name), "utf8")) as Json })),
  { name: "README.md", value: parse(README_EXAMPLE ?? "") as Json },
];

const HOSTILE_NUMBERS = [
  0,
  -1,
  0.5,
  1.5,
  25,
  100,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  1e15,
  1e308,
  -1e308,
  1e-300,
  5e-324,
];
const HOSTILE_STRINGS = [
  "",
  " ",
  "0s",
  "0us",
  "0.4us",
  "1us",
  "3650d",
  "3651d",
  "366d",
  "99999999999d",
  `1${"0".repeat(400)}d`,
  "1h1h1h1h1h",
  "0/s",
  "100M/s",
  "101M/s",
  "0.0000000001/s",
  `1${"0".repeat(400)}/s`,
  "0%",
  "100%",
  "100.0001%",
  "1e3%",
  "0GB/min",
  "1000TB",
  "99999999999999999TB",
  "0.0000001GB/h",
  "> 0",
  ">= 100%",
  "== 1e400",
  "<= 99999999999d",
  "23:59:59",
  "24:00",
  "us-east",
  "us-east/a",
  "us-east/a/1",
  "a/b/c/d/e",
  "api/us-east/a/999999",
  "..",
  "ü",
  "\u0000",
  "x".repeat(5000),
];

const WRONG_TYPES: Json[] = [null, true, [], {}, [[1]], { a: 1 }, "3"];

/** Every path of `value` (objects and lists), root first. */
function paths(value: Json, path: Path = []): Path[] {
  const children = Array.isArray(value)
    ? value.flatMap((child, i) => paths(child, [...path, i]))
    : value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, child]) => paths(child, [...path, key]))
      : [];
  return [path, ...children];
}

function get(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, Json>)[part];
  }
  return node;
}

function set(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const parent = get(root, path.slice(0, -1));
  if (parent === null || typeof parent !== "object" || parent === undefined) return root;
  const key = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
    else delete (parent as Record<string, Json>)[key];
  } else (parent as Record<string | number, Json>)[key] = value;
  return root;
}

/** Declared names in a scenario (strings under a `name` key), to duplicate or leave dangling. */
function names(root: Json): string[] {
  return paths(root)
    .filter((path) => path[path.length - 1] === "name")
    .map((path) => get(root, path))
    .filter((value): value is string => typeof value === "string");
}

type Mutation = (root: Json, pick: number, choice: number) => Json;

const MUTATIONS: Record<string, Mutation> = {
  "a hostile number": (root, pick, choice) => at(root, pick, () => HOSTILE_NUMBERS[choice % HOSTILE_NUMBERS.length]),
  "a hostile string": (root, pick, choice) => at(root, pick, () => HOSTILE_STRINGS[choice % HOSTILE_STRINGS.length]),
  "a wrong type": (root, pick, choice) => at(root, pick, () => WRONG_TYPES[choice % WRONG_TYPES.length]),
  "a duration at a bound": (root, pick, choice) =>
    at(
      root,
      pick,
      () => ["1h", "59m59s", "3650d", "366d", "1us", "0.5us", "24h"][choice % 7],
      (old) => typeof old === "string" && /^\d+(\.\d+)?(us|ms|s|m|h|d)$/.test(old),
    ),
  "a count at a bound": (root, pick, choice) =>
    at(
      root,
      pick,
      () => [1, 100, 1000, 10_000, 1_000_000][choice % 5],
      (old) => typeof old === "number",
    ),
  "a count × 1000": (root, pick) =>
    at(
      root,
      pick,
      (old) => (typeof old === "number" ? old * 1000 : old),
      (old) => typeof old === "number",
    ),
  "a dropped key": (root, pick) => at(root, pick, () => undefined),
  "an unknown key": (root, pick, choice) =>
    at(root, pick, (old) =>
      old !== null && typeof old === "object" && !Array.isArray(old) ? { ...old, [`x${choice}`]: 1 } : old,
    ),
  "a duplicated entry": (root, pick) =>
    at(
      root,
      pick,
      (old) => (Array.isArray(old) && old.length > 0 ? [...old, structuredClone(old[0])] : old),
      (old) => Array.isArray(old),
    ),
  "a duplicated name": (root, pick, choice) => {
    const declared = names(root);
    if (declared.length === 0) return root;
    const copy = declared[choice % declared.length];
    return at(
      root,
      pick,
      () => copy,
      (old) => typeof old === "string",
    );
  },
  "a dangling name": (root, pick, choice) => {
    const declared = names(root);
    const target = declared[choice % Math.max(1, declared.length)];
    return at(
      root,
      pick,
      (old) => (old === target ? `${old}-gone` : old),
      (old) => old === target,
    );
  },
};

/** Replaces the pick-th path (among those `where` accepts) with `change(old)`. */
function at(
  root: Json,
  pick: number,
  change: (old: Json) => Json | undefined,
  where: (old: Json) => boolean = () => true,
): Json {
  const candidates = paths(root).filter((path) => path.length > 0 && where(get(root, path) as Json));
  if (candidates.length === 0) return root;
  const path = candidates[pick % candidates.length];
  return set(root, path, change(get(root, path) as Json));
}

/** YAML's own tricks, applied to the text or the document. */
const TRICKS: Record<string, (text: string, value: Json, choice: number) => string> = {
  none: (text) => text,
  "an anchor named many times": (_, value, choice) => {
    const document = new Document(value);
    const candidates = paths(value).filter((path) => path.length > 1);
    const source = candidates[choice % candidates.length];
    const node = document.getIn(source, true) as { anchor?: string } | undefined;
    if (!node || typeof node !== "object") return document.toString();
    const alias = document.createAlias(node as never, `a${choice}`);
    // Later targets may sit under an earlier one that became the alias: those are skipped.
    for (const target of candidates.filter((_, i) => i % 7 === choice % 7).slice(0, 5)) {
      if (target.join(".").startsWith(source.join("."))) continue;
      try {
        document.setIn(target, alias);
      } catch {}
    }
    return document.toString();
  },
  "an alias bomb": (text, _, choice) => {
    const levels = 3 + (choice % 8);
    const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < levels; i++)
      lines.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(", ")}]`);
    return `${lines.join("\n")}\n${text}`;
  },
  "an unresolved alias": (text) => text.replace(/^(\w+): .*$/m, "$1: *nowhere"),
  "an alias inside its anchor": (text) => `${text}\nloop: &loop [x, *loop]\n`,
  "a merge key": (text) =>
    text.replace(/^design:\n/m, "base: &base { sameZone: 1ms }\ndesign:\n  network: { <<: *base }\n"),
  tags: (text, _, choice) =>
    text.replace(/: (\d+)$/m, [": !!str $1", ": !!float $1", ": !custom $1", ": !!binary aGVsbG8="][choice % 4]),
  "special numbers": (text, _, choice) =>
    text.replace(/: (\d+)$/m, [": .inf", ": -.inf", ": .nan", ": 0x1F", ": 0o17", ": 1_000", ": 1e3"][choice % 7]),
  "two documents": (text) => `${text}\n---\nname: second\n`,
  "CRLF line ends": (text) => text.replaceAll("\n", "\r\n"),
  "a byte-order mark": (text) => `\uFEFF${text}`,
  "a truncated file": (text, _, choice) => text.slice(0, Math.floor((text.length * (choice % 100)) / 100)),
  "a tab": (text) => text.replace(/\n {2}(\S)/, "\n\t$1"),
  "deep nesting": (text, _, choice) =>
    `${text}\nextra: ${"[".repeat(50 + (choice % 500))}${"]".repeat(50 + (choice % 500))}\n`,
};

export interface HostileFile {
  base: string;
  mutations: string[];
  trick: string;
  text: string;
}

/** A hostile scenario file: a base, one to four mutations, and maybe a YAML trick. */
export const hostileFile: fc.Arbitrary<HostileFile> = fc
  .record({
    base: fc.integer({ min: 0, max: BASES.length - 1 }),
    mutations: fc.array(
      fc.record({ kind: fc.constantFrom(...Object.keys(MUTATIONS)), pick: fc.nat(), choice: fc.nat() }),
      { minLength: 1, maxLength: 3 },
    ),
    trick: fc.oneof(
      { weight: 3, arbitrary: fc.constant("none") },
      { weight: 2, arbitrary: fc.constantFrom(...Object.keys(TRICKS)) },
    ),
    trickChoice: fc.nat(),
  })
  .map(({ base, mutations, trick, trickChoice }) => {
    let value = structuredClone(BASES[base].value);
    for (const mutation of mutations) value = MUTATIONS[mutation.kind](value, mutation.pick, mutation.choice);
    const plain = stringify(value);
    let text = plain;
    try {
      text = TRICKS[trick](plain, value, trickChoice);
    } catch {
      // The yaml library will not write some aliases (before their anchor): the plain file then.
    }
    return { base: BASES[base].name, mutations: mutations.map((m) => m.kind), trick, text };
  });

const FAULT_KINDS = [
  "region-outage",
  "random-crashes",
  "zone-outage",
  "node-crash",
  "replication-lag",
  "slow-node",
  "failing-health-check",
  "network-partition",
  "latency-spike",
  "packet-loss",
  "dns-failure",
  "consumer-outage",
  "cache-flush",
  "cache-failure",
  "ddos",
  "bad-deploy",
  "bad-config",
  "data-corruption",
  "accidental-delete",
  "dependency-timeout",
  "dependency-errors",
  "dependency-slowdown",
  "disk-full",
  "traffic-ramp",
  "traffic-spike",
];

/** A duration at one of its extremes, or an ordinary one. */
const someDuration = (ordinary: string[], extremes: string[]) => fc.constantFrom(...ordinary, ...extremes);
const requestTime = someDuration(["1ms", "5ms", "50ms", "1s"], ["0us", "1us", "59m", "1h"]);
const period = someDuration(["1s", "10s", "1m"], ["1us", "1ms", "366d", "3650d"]);
const longTime = someDuration(["30s", "5m", "1h"], ["0s", "1us", "3650d"]);
const percentage = fc.constantFrom("0%", "0.001%", "1%", "50%", "100%", 0, 0.5, 1);

/**
 * A design generated knob by knob, every knob free to sit at an extreme its bound allows, with
 * faults of every kind naming what it declares: the runs the mutations rarely reach.
 */
export const extremeFile: fc.Arbitrary<HostileFile> = fc
  .record({
    zones: fc.integer({ min: 1, max: 3 }),
    regions: fc.integer({ min: 1, max: 2 }),
    instances: fc.constantFrom(1, 2, 5),
    concurrency: fc.constantFrom(1, 8, 1000),
    queue: fc.constantFrom(0, 1, 100),
    distribution: fc.constantFrom("constant", "exponential", "lognormal"),
    sigma: fc.constantFrom(0.01, 1, 2),
    mean: requestTime,
    timeout: requestTime,
    latency: requestTime,
    retries: fc.constantFrom(0, 1, 100),
    backoff: requestTime,
    breaker: fc.boolean(),
    window: fc.constantFrom(1, 20, 100_000),
    cache: fc.constantFrom("none", "ratio", "keyed"),
    replicas: fc.constantFrom("none", "sync", "async"),
    failover: fc.constantFrom("automatic", "none"),
    heartbeat: period,
    capacity: fc.constantFrom(0, 1, 1000),
    dns: fc.boolean(),
    ttl: longTime,
    interval: period,
    alertWindow: period,
    alertEvery: period,
    rate: fc.constantFrom("0/s", "0.001/s", "1/s", "50/s"),
    writeRatio: percentage,
    duration: fc.constantFrom("1us", "1s", "10m", "10m", "1h"),
    faults: fc.array(
      fc.record({
        kind: fc.constantFrom(...FAULT_KINDS),
        at: fc.constantFrom("0s", "1us", "30s", "5m", "00:00"),
        for: fc.option(longTime, { nil: undefined }),
        n: fc.nat(),
        amount: fc.constantFrom(1, 2, 1000),
        share: percentage,
        time: longTime,
      }),
      { maxLength: 6 },
    ),
  })
  .map((k) => {
    const regions = Array.from({ length: k.regions }, (_, r) => ({
      name: `r${r}`,
      zones: Array.from({ length: k.zones }, (_, z) => `z${z}`),
    }));
    const zones = regions.flatMap((r) => r.zones.map((z) => `${r.name}/${z}`));
    const pick = <T>(list: T[], n: number) => list[n % list.length];
    const value = {
      name: "extreme",
      duration: k.duration,
      design: {
        ...(k.dns ? { routing: { dns: { ttl: k.ttl, healthCheck: { interval: k.interval } } } } : {}),
        regions,
        services: [
          {
            name: "api",
            instancesPerZone: k.instances,
            concurrency: k.concurrency,
            queue: k.queue,
            serviceTime: { distribution: k.distribution, mean: k.mean, sigma: k.sigma },
            database: { name: "db", timeout: k.timeout, reads: k.replicas === "none" ? "primary" : "local-replica" },
            calls: [
              {
                to: "x",
                timeout: k.timeout,
                retries: { max: k.retries, backoff: k.backoff, maxBackoff: k.backoff },
                ...(k.breaker ? { breaker: { window: k.window, minimumCalls: k.window } } : {}),
              },
            ],
            ...(k.cache === "ratio" ? { cache: { hitRatio: "90%", warmup: k.ttl } } : {}),
            ...(k.cache === "keyed" ? { cache: { ttl: k.ttl, keys: k.window } } : {}),
            healthCheck: { interval: k.interval },
            publishesTo: "q",
            autoscaling: { maxInstancesPerZone: k.instances * 2, every: k.interval },
          },
        ],
        databases: [
          {
            name: "db",
            primary: zones[0],
            capacity: k.capacity,
            replicas:
              k.replicas === "none" ? [] : zones.slice(1).map((zone) => ({ zone, mode: k.replicas, lag: k.ttl })),
            failover: { mode: k.failover, heartbeat: k.heartbeat },
            backups: { snapshotEvery: k.interval, logArchiveEvery: k.interval },
          },
        ],
        externals: [
          {
            name: "x",
            latency: { distribution: k.distribution, mean: k.latency, sigma: k.sigma },
            capacity: k.capacity,
          },
        ],
        queues: [{ name: "q", consumers: { concurrency: k.concurrency, processTime: k.mean } }],
        alerts: [
          { name: "errors", errorRate: "> 1%", latencyP99: "> 1ms", window: k.alertWindow, every: k.alertEvery },
        ],
        probes: [{ name: "probe", from: "r0", service: "api", every: k.interval }],
      },
      workload: {
        clients: [
          {
            name: "users",
            region: pick(regions, k.zones).name,
            service: "api",
            rate: k.rate,
            writeRatio: k.writeRatio,
          },
          { name: "bots", region: "r0", service: "api", rate: "0/s", malicious: true },
        ],
      },
      slo: { availability: ">= 0%" },
      faults: k.faults.map((f) => {
        const node = `api/${pick(zones, f.n)}/${1 + (f.n % k.instances)}`;
        const fields: Record<string, unknown> = {
          "region-outage": { region: pick(regions, f.n).name },
          "random-crashes":
            f.n % 2 === 0
              ? { service: "api", mtbf: f.time, mttr: f.time }
              : { database: "db", mtbf: f.time, mttr: f.time },
          "zone-outage": { zone: pick(zones, f.n) },
          "node-crash": { node: f.n % 2 === 0 ? node : `db/${zones[0]}` },
          "replication-lag": {
            database: "db",
            replica: pick(zones.slice(1).length ? zones.slice(1) : zones, f.n),
            lag: f.time,
          },
          "slow-node": { node, factor: f.amount },
          "failing-health-check": { node, flapEvery: f.time === "0s" ? undefined : f.time },
          "network-partition": {
            between: [pick(zones, f.n), pick([...zones, "db", "x"], f.n + 1)],
            oneWay: f.n % 2 === 0,
          },
          "latency-spike": { between: [pick(zones, f.n), pick(zones, f.n + 1)], extra: "1h" },
          "packet-loss": { between: [pick(zones, f.n), pick(zones, f.n + 1)], loss: f.share },
          "dns-failure": {},
          "consumer-outage": { queue: "q" },
          "cache-flush": { service: "api" },
          "cache-failure": { service: "api" },
          ddos: { client: "bots", rate: "10/s" },
          "bad-deploy": { service: "api", errorRate: f.share, slowdown: f.amount },
          "bad-config": { service: "api", errorRate: f.share },
          "data-corruption": { database: "db", detectedAfter: f.time, reachesBackups: f.n % 2 === 0 },
          "accidental-delete": { database: "db", fraction: f.share, detectedAfter: f.time },
          "dependency-timeout": { dependency: "x" },
          "dependency-errors": { dependency: "x", errorRate: f.share },
          "dependency-slowdown": { dependency: "x", factor: f.amount },
          "disk-full": { database: "db" },
          "traffic-ramp": { client: "users", to: f.amount, for: "1m" },
          "traffic-spike": { client: "users", multiplier: f.amount },
        }[f.kind] as Record<string, unknown>;
        const lasting = ![
          "cache-flush",
          "bad-deploy",
          "bad-config",
          "data-corruption",
          "accidental-delete",
          "traffic-ramp",
        ].includes(f.kind);
        return JSON.parse(
          JSON.stringify({ kind: f.kind, ...fields, at: f.at, ...(lasting && f.for ? { for: f.for } : {}) }),
        ) as Json;
      }),
    } as unknown as Json;
    return { base: "generated", mutations: ["extreme knobs"], trick: "none", text: stringify(value) };
  });
