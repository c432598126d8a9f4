// Public face of explore: what breaks a design (ARCHITECTURE.md, "Explore").

export { type ExploreBase, prepareBase, scenarioText } from "./base.js";
export { type DomainScope, type FailureDomain, failureDomains } from "./domains.js";
export {
  EXPLORE_DEFAULTS,
  type ExploreOptions,
  type ExploreResult,
  exploreScenario,
  type Finding,
  type FindingOrigin,
  spofSchedules,
} from "./explore.js";
export { brokenText, findingFileText } from "./finding-file.js";
export { describeSchedule, durationText, type Schedule, type ScheduledFault, scheduleKey } from "./schedule.js";
export { shrinkSchedule } from "./shrink.js";
export type { PairCell, SpofResult } from "./spof.js";
export type { TimelineEntry } from "./timeline.js";
export { fixedTiming } from "./times.js";
export { type TargetOutcome, type Trial, TrialRunner } from "./trial.js";
