// `extends: base.yaml`: a scenario that is another plus what it changes (ARCHITECTURE.md, "Inputs
// and files"). The base's document is merged under the file's own, node by node, so every value
// keeps the place it was written: an error in an inherited part points at the base file's line.
// Pure: the caller supplies the texts of the files extended (`collectBases` finds them).

import { dirname, isAbsolute, join, normalize } from "node:path";
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { checkAliases } from "./aliases.js";
import { type InputIssue, ScenarioInputError } from "./errors.js";

/** Where a node of the merged document was written: its file and that file's line counter. */
export interface Origin {
  file: string;
  lineCounter: LineCounter;
}

/** The origin of every node that came from a file extended; the file's own nodes are absent. */
export type Origins = WeakMap<object, Origin>;

/** The texts of the files a scenario extends, by their path as resolved from the file extending them. */
export type BaseTexts = Readonly<Record<string, string>>;

/** How deep `extends` may go: far more than a design family needs, and a bound on a cycle's length. */
export const EXTENDS_DEPTH_MAX = 8;

/**
 * Lists merged item by item, by `name`: the design's named components, where a child changes one
 * service without copying the others. Every other list (regions, zones, replicas, clients, faults)
 * is replaced whole: a child that lists faults means those faults, not the base's plus them.
 */
export const LISTS_MERGED_BY_NAME: readonly string[] = [
  "design.services",
  "design.databases",
  "design.externals",
  "design.queues",
  "design.alerts",
  "design.probes",
];

/** The path `ref` names: itself when absolute, else relative to the folder of `file`. */
export function resolveBasePath(file: string, ref: string): string {
  return isAbsolute(ref) ? normalize(ref) : normalize(join(dirname(file), ref));
}

/**
 * Reads the chain of files `text` extends with `read` (undefined: no such file), stopping at a
 * missing file, a cycle or the depth bound; the loader reports those, at the `extends:` line.
 */
export function collectBases(text: string, file: string, read: (path: string) => string | undefined): BaseTexts {
  const bases: Record<string, string> = {};
  const seen = new Set([normalize(file)]);
  let current = { text, file };
  for (let depth = 0; depth < EXTENDS_DEPTH_MAX; depth++) {
    const ref = extendsRef(parseDocument(current.text));
    if (ref === undefined) break;
    const path = resolveBasePath(current.file, ref);
    if (seen.has(path)) break;
    const baseText = read(path);
    if (baseText === undefined) break;
    bases[path] = baseText;
    seen.add(path);
    current = { text: baseText, file: path };
  }
  return bases;
}

/** `extends:`'s value when it is a string. */
function extendsRef(document: Document): string | undefined {
  if (!isMap(document.contents)) return undefined;
  const value = document.contents.get("extends");
  return typeof value === "string" ? value : undefined;
}

/**
 * Merges the files `document` extends into it, in place (the base's first, the file's own on
 * top), and records each inherited node's origin. Returns the texts merged, nearest first (the
 * scenario's hash covers them); throws ScenarioInputError for a missing file, a cycle or a base
 * that is not valid YAML.
 */
export function mergeBases(
  document: Document,
  own: Origin,
  bases: BaseTexts,
  origins: Origins,
  chain: readonly string[] = [normalize(own.file)],
): string[] {
  if (!isMap(document.contents)) return [];
  const pair = document.contents.items.find((item) => keyOf(item) === "extends");
  if (pair === undefined) return [];
  const at = (message: string): InputIssue => ({ file: own.file, ...position(pair.value ?? pair.key, own), message });
  if (!isScalar(pair.value) || typeof pair.value.value !== "string")
    throw new ScenarioInputError([at("extends: takes the path of a scenario file, e.g. extends: base.yaml")]);
  const path = resolveBasePath(own.file, pair.value.value);
  if (chain.includes(path)) {
    const cycle = [...chain.slice(chain.indexOf(path)), path].join(" → ");
    throw new ScenarioInputError([at(`extends: a cycle (${cycle}); remove the extends that leads back`)]);
  }
  if (chain.length > EXTENDS_DEPTH_MAX)
    throw new ScenarioInputError([at(`extends: more than ${EXTENDS_DEPTH_MAX} files deep; extend a nearer base`)]);
  const text = bases[path];
  if (text === undefined)
    throw new ScenarioInputError([
      at(`extends: no file ${path} (the path is relative to this file's folder); check the path`),
    ]);
  const base: Origin = { file: path, lineCounter: new LineCounter() };
  const baseDocument = parseBase(text, base);
  const deeper = mergeBases(baseDocument, base, bases, origins, [...chain, path]);
  inlineAliases(baseDocument);
  visit(baseDocument, (_key, node) => {
    if (isNode(node) && !origins.has(node)) origins.set(node, base);
  });
  if (!isMap(baseDocument.contents))
    throw new ScenarioInputError([{ file: path, line: 1, column: 1, message: "the scenario is not a mapping" }]);
  mergeMaps(baseDocument.contents, document.contents, "");
  return [text, ...deeper];
}

/** The base's text as a document, its YAML and alias problems reported in the base file. */
function parseBase(text: string, origin: Origin): Document {
  const document = parseDocument(text, { lineCounter: origin.lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = [
    ...document.errors.map((error) => ({
      offset: error.pos[0],
      message: `YAML syntax: ${error.message.split("\n")[0]}`,
    })),
    ...(document.errors.length > 0 ? [] : checkAliases(document)),
  ];
  if (problems.length > 0)
    throw new ScenarioInputError(
      problems.map(({ offset, message }) => {
        const { line, col } = origin.lineCounter.linePos(offset);
        return { file: origin.file, line, column: col, message };
      }),
    );
  return document;
}

/**
 * Replaces each alias of the base by a copy of what it names, and drops the base's anchors: once
 * merged, an anchor may be left behind (overridden) or share a name with one of the file's own.
 */
function inlineAliases(document: Document): void {
  visit(document, {
    Alias: (_key, alias) => {
      const target = alias.resolve(document);
      return target === undefined ? undefined : (target.clone() as Node);
    },
  });
  visit(document, (_key, node) => {
    if (isNode(node) && !isAlias(node)) node.anchor = undefined;
  });
}

/**
 * Merges `base` under `own`, in place: keys in the base's order with the file's values, then the
 * file's new keys. Two mappings merge; lists listed in LISTS_MERGED_BY_NAME merge by `name`;
 * anything else is the file's. A key the file sets to null (`~`) is dropped.
 */
function mergeMaps(base: YAMLMap, own: YAMLMap, at: string): void {
  const items: Pair[] = [];
  const ownKeys = new Set(own.items.map(keyOf));
  for (const basePair of base.items) {
    const key = keyOf(basePair);
    if (!ownKeys.has(key)) {
      items.push(basePair as Pair);
      continue;
    }
    const ownPair = own.items.find((pair) => keyOf(pair) === key) as Pair;
    const path = at === "" ? String(key) : `${at}.${String(key)}`;
    if (isMap(basePair.value) && isMap(ownPair.value)) mergeMaps(basePair.value, ownPair.value, path);
    else if (isSeq(basePair.value) && isSeq(ownPair.value) && LISTS_MERGED_BY_NAME.includes(path))
      mergeByName(basePair.value, ownPair.value);
    items.push(ownPair);
  }
  for (const pair of own.items) if (!base.items.some((basePair) => keyOf(basePair) === keyOf(pair))) items.push(pair);
  own.items = items.filter((pair) => !(isScalar(pair.value) && pair.value.value === null));
}

/** A list of named items: the base's in its order (the file's version of each it names), then the file's new ones. */
function mergeByName(base: YAMLSeq, own: YAMLSeq): void {
  const nameOf = (item: unknown) => (isMap(item) ? item.get("name") : undefined);
  const items: unknown[] = [];
  for (const baseItem of base.items) {
    const name = nameOf(baseItem);
    const ownItem = name === undefined ? undefined : own.items.find((item) => nameOf(item) === name);
    if (ownItem === undefined) items.push(baseItem);
    else {
      if (isMap(baseItem) && isMap(ownItem)) mergeMaps(baseItem, ownItem, "");
      items.push(ownItem);
    }
  }
  for (const item of own.items) {
    const name = nameOf(item);
    if (name === undefined || !base.items.some((baseItem) => nameOf(baseItem) === name)) items.push(item);
  }
  own.items = items;
}

function keyOf(pair: { key: unknown }): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function position(node: unknown, origin: Origin): { line: number; column: number } {
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const { line, col } = origin.lineCounter.linePos(offset);
  return { line, column: col };
}
