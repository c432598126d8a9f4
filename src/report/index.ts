// Public face of the reports: one module per format over the same RunResult.

export { formatBaselineChange, formatBaselineValue } from "./baseline-values.js";
export {
  CHECK_REPORT_KIND,
  type CheckReport,
  checkReportSchema,
  formatCheckJson,
  parseBaseline,
  toCheckJson,
} from "./check-json.js";
export { formatCheckText } from "./check-text.js";
export { formatCompareHtml } from "./compare/html.js";
export { formatCompareJson } from "./compare/json.js";
export { formatCompareMarkdown } from "./compare/markdown.js";
export { formatCompareText } from "./compare/text.js";
export { formatExploreHtml } from "./explore/html.js";
export { formatExploreJson, toExploreJson } from "./explore/json.js";
export { formatExploreMarkdown } from "./explore/markdown.js";
export { exploreReplay } from "./explore/rows.js";
export { formatExploreText } from "./explore/text.js";
export { ansiStyle, clockAt, formatCount, formatDuration, formatPercent, plainStyle, type Style } from "./format.js";
export { formatHtml } from "./html/index.js";
export { formatJson, SCHEMA_VERSION, toJsonReport } from "./json.js";
export { formatJunit } from "./junit.js";
export { formatMarkdown } from "./markdown.js";
export { reactionPhaseLetter, reactionPhaseName } from "./reaction-phase.js";
export { overrideOptions, replayCommand, shellWord } from "./replay.js";
export { formatSweepHtml } from "./sweep/html.js";
export { formatSweepJson } from "./sweep/json.js";
export { formatSweepMarkdown } from "./sweep/markdown.js";
export { formatSweepText } from "./sweep/text.js";
export { formatText } from "./text.js";
