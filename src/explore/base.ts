// What every trial of an exploration starts from (ARCHITECTURE.md, "Explore"): the user's scenario
// with its scripted faults and its expectations taken out (they describe the scripted faults, not
// the failures explore tries), its `--set` overrides written in, and its failure domains. A trial
// is this text with a `faults:` list appended, so the file a finding is written to is exactly
// what was run.

import { isMap, isNode, parseDocument, stringify } from "yaml";
import type { Fidelity } from "../model/index.js";
import {
  applyOverrides,
  chooseFidelity,
  type FidelityChoice,
  type LoadedScenario,
  loadScenario,
  ScenarioInputError,
} from "../scenario/index.js";
import { type FailureDomain, failureDomains } from "./domains.js";
import { faultItems, type Schedule } from "./schedule.js";

export interface ExploreBase {
  /** The scenario file explored, as given. */
  file: string;
  /** The scenario as the user wrote it (with overrides), loaded: its design, targets and seed. */
  original: LoadedScenario;
  /** The scenario's text without faults and expectations, overrides applied. */
  text: string;
  domains: FailureDomain[];
  byId: ReadonlyMap<string, FailureDomain>;
  /** The fidelity asked for each trial (auto: fluid wherever it can stand in). */
  fidelity: FidelityChoice;
  durationS: number;
  /**
   * How the design runs with no fault (a trial with faults the fluid fidelity does not model runs
   * per request): the fidelity and, per request, why.
   */
  designFidelity: { fidelity: Fidelity; obstacles: string[] };
  /** No fault starts before this: caches fill, checks settle, DNS answers are cached (warmUpS). */
  warmUpS: number;
}

export function prepareBase(
  text: string,
  file: string,
  options: { fidelity?: FidelityChoice; overrides?: readonly string[] } = {},
): ExploreBase {
  const fidelity = options.fidelity ?? "auto";
  const overrides = options.overrides ?? [];
  // Loaded as written first, so that every problem is reported against the user's file or override.
  const original = loadScenario(text, file, { fidelity, overrides });
  const document = parseDocument(text);
  const applied = applyOverrides(document, overrides, file);
  if ("issues" in applied) throw new ScenarioInputError(applied.issues);
  document.delete("faults");
  document.delete("expect");
  // The file's opening comment tells the story of its scripted faults, which a finding replaces.
  document.commentBefore = null;
  const first = isMap(document.contents) ? document.contents.items[0]?.key : undefined;
  if (isNode(first)) first.commentBefore = undefined;
  const domains = failureDomains(original.world);
  return {
    file,
    original,
    text: document.toString({ flowCollectionPadding: false, lineWidth: 0 }),
    domains,
    byId: new Map(domains.map((domain) => [domain.id, domain])),
    fidelity,
    durationS: Math.floor(original.world.durationUs / 1e6),
    warmUpS: warmUpS(Math.floor(original.world.durationUs / 1e6)),
    designFidelity: chooseFidelity({ ...original, faults: [] }, fidelity),
  };
}

/** A tenth of the run in whole minutes (at least one when the run is two minutes or more). */
export function warmUpS(durationS: number): number {
  const minutes = Math.floor(durationS / 60);
  return minutes < 2 ? 0 : Math.max(1, Math.floor(minutes / 10)) * 60;
}

/** The scenario text of a trial: the base (or `text`, a version of it) with the schedule as its faults, one flow mapping a line. */
export function scenarioText(base: ExploreBase, schedule: Schedule, text = base.text): string {
  const items = faultItems(schedule, base.byId).map((item) => `  - ${flowMapping(item)}`);
  return `${text.trimEnd()}\n\nfaults:${items.length === 0 ? " []" : `\n${items.join("\n")}`}\n`;
}

/** `{ kind: region-outage, region: us-east, at: 1h, for: 30m }` on one line, values quoted where YAML needs it. */
function flowMapping(item: Record<string, unknown>): string {
  const value = (v: unknown): string =>
    Array.isArray(v) ? `[${v.map(value).join(", ")}]` : stringify(v, { lineWidth: 0 }).trim();
  return `{ ${Object.entries(item)
    .map(([key, v]) => `${key}: ${value(v)}`)
    .join(", ")} }`;
}
