// The report's stylesheet, inlined so the file opens offline: system fonts only, colours as
// custom properties with a dark variant (prefers-color-scheme) and a print variant.

export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --text: #1c2128; --muted: #59636e; --border: #d8dee4; --grid: #eaeef2;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --accent: #0969da; --area: rgba(9, 105, 218, 0.10); --incident: rgba(207, 34, 46, 0.13);
  --fault: #9a6700; --fault-span: rgba(154, 103, 0, 0.45); --threshold: #8c959f;
  --detect: #8250df; --failover: #bf8700; --propagate: #1f6feb; --recover: #2da44e; --unattributed: #afb8c1;
  --code-bg: #eff2f5;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --card: #161b22; --text: #e6edf3; --muted: #8d96a0; --border: #30363d; --grid: #21262d;
    --pass: #3fb950; --pass-bg: rgba(46, 160, 67, 0.16); --fail: #f85149; --fail-bg: rgba(248, 81, 73, 0.16);
    --accent: #58a6ff; --area: rgba(88, 166, 255, 0.14); --incident: rgba(248, 81, 73, 0.20);
    --fault: #d29922; --fault-span: rgba(210, 153, 34, 0.55); --threshold: #6e7681;
    --detect: #a371f7; --failover: #d29922; --propagate: #388bfd; --recover: #3fb950; --unattributed: #484f58;
    --code-bg: #1f242c;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 48px; }
code, .command { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; }
code { background: var(--code-bg); border-radius: 4px; padding: 1px 5px; }
.command { user-select: all; white-space: nowrap; }
h1 { font-size: 26px; margin: 0; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 0; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
h3 { font-size: 15px; margin: 28px 0 8px; }
.aside { color: var(--muted); font-weight: normal; font-size: 0.9em; }
.card, .scenario { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 22px 26px; margin: 0 0 24px; }
.scenario { border-top: 4px solid var(--pass); }
.scenario.fail { border-top-color: var(--fail); }
.summary-head { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
.facts { color: var(--muted); margin: 6px 0 18px; }
.badge { display: inline-block; white-space: nowrap; font-size: 12px; font-weight: 700; letter-spacing: 0.04em; padding: 3px 10px; border-radius: 999px; }
.badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.fail { color: var(--fail); background: var(--fail-bg); }
.badge.none { color: var(--muted); background: var(--grid); }
.badge.large { font-size: 15px; padding: 5px 14px; }
.description { margin: 6px 0 2px; }
.meta { color: var(--muted); margin: 2px 0 0; font-size: 13px; }
/* Wide tables scroll sideways on a narrow screen instead of squeezing their cells. */
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
td { white-space: nowrap; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--border); vertical-align: baseline; }
tbody tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.wrap { white-space: normal; }
/* explore's pair matrix: one small cell per pair of failure domains, names as written. */
table.heat { width: auto; font-size: 11px; }
table.heat th, table.heat td { padding: 3px 5px; text-transform: none; letter-spacing: 0; border: 1px solid var(--border); }
table.heat tbody th { white-space: nowrap; }
/* The overview fits a 1120 px card without scrolling: long scenario names wrap at their
   hyphens (or anywhere, if they have none), and lost writes sit under the RPO, not beside it. */
.overview-table th, .overview-table td { padding: 7px 8px; }
.overview-table td.name { white-space: normal; overflow-wrap: anywhere; min-width: 12em; }
.overview-table .lost { display: block; font-size: 12px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.mark { font-weight: 700; }
.mark.pass, .changes .better .state { color: var(--pass); }
.mark.fail, .changes .regression .state, .changes .regression .after, tr.fail .measured { color: var(--fail); }
.changes .regression .after, .changes .regression .state { font-weight: 600; }
.changes .unchanged .state { color: var(--muted); }
.cost tr.total td { font-weight: 600; }
.assumptions { padding-left: 1.2em; }
tr.fail .measured { font-weight: 600; }
.kind { display: inline-block; min-width: 48px; font-size: 11px; font-weight: 600; text-transform: uppercase; color: var(--muted); }
.scorecard { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 20px 0 6px; }
.tile { border: 1px solid var(--border); border-radius: 8px; padding: 12px 14px; border-left: 4px solid var(--border); }
.tile.pass { border-left-color: var(--pass); }
.tile.fail { border-left-color: var(--fail); background: var(--fail-bg); }
.tile-title { color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
.tile-value { font-size: 24px; font-weight: 650; margin: 2px 0; white-space: nowrap; }
.tile-value small { font-size: 14px; font-weight: 500; color: var(--muted); }
.tile-detail { color: var(--muted); font-size: 13px; }
.targets { margin-top: 14px; }
/* A long scenario path would push the table past the card: its replay command wraps instead,
   without leaving the seed alone on a line (text-wrap: pretty avoids such orphans). */
.targets .command { white-space: normal; }
.targets td { text-wrap-style: pretty; }
svg { display: block; width: 100%; height: auto; overflow: visible; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; fill: var(--muted); }
.chart .grid { stroke: var(--grid); stroke-width: 1; }
.chart .axis { stroke: var(--border); stroke-width: 1; }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 1.6; stroke-linejoin: round; }
.chart .area { fill: var(--area); stroke: none; }
.chart .incident { fill: var(--incident); }
.chart .threshold { stroke: var(--threshold); stroke-width: 1; stroke-dasharray: 5 4; }
.chart .threshold-label { font-size: 11px; }
.chart .bar { fill: var(--accent); }
.muted { color: var(--muted); }
ul.targets { padding-left: 0; list-style: none; }
ul.targets li { margin: 6px 0; }
.chart .fault-marker { stroke: var(--fault); stroke-width: 1.3; }
.chart .fault-end { stroke-dasharray: 4 3; }
.chart .fault-span { stroke: var(--fault-span); stroke-width: 3; stroke-linecap: round; }
.chart .fault-label { fill: var(--fault); font-weight: 600; font-size: 11.5px; }
/* A halo in the card's colour keeps labels legible where they cross lines. */
.chart .incident-label { fill: var(--fail); font-weight: 600; font-size: 11.5px; }
.chart .fault-label, .chart .threshold-label, .chart .incident-label { paint-order: stroke; stroke: var(--card); stroke-width: 4px; stroke-linejoin: round; }
.phases .phase { stroke: var(--card); stroke-width: 1; }
.phase.detect, .swatch.detect { fill: var(--detect); background: var(--detect); }
.phase.failover, .swatch.failover { fill: var(--failover); background: var(--failover); }
.phase.propagate, .swatch.propagate { fill: var(--propagate); background: var(--propagate); }
.phase.recover, .swatch.recover { fill: var(--recover); background: var(--recover); }
.phase.unattributed { fill: var(--unattributed); }
.phases .phase-label { fill: #ffffff; font-weight: 600; font-size: 11.5px; }
.phases .phase-row-label, .phases .phase-total { fill: var(--text); font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; color: var(--muted); font-size: 13px; margin: 8px 0 0; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.swatch.line { height: 3px; background: var(--accent); vertical-align: middle; }
.swatch.fault { width: 3px; height: 13px; background: var(--fault); }
.swatch.incident { background: var(--incident); border: 1px solid var(--fail); }
.swatch.threshold { height: 0; border-top: 2px dashed var(--threshold); vertical-align: middle; }
.incidents { margin: 10px 0 0; padding-left: 20px; font-size: 14px; }
.incidents li { margin: 2px 0; }
.replay { margin: 18px 0 0; font-size: 14px; }
.errors li { margin: 4px 0; }
.errors code { color: var(--fail); }
footer { color: var(--muted); font-size: 13px; text-align: center; margin-top: 12px; }
@media (max-width: 700px) {
  main { padding: 16px 10px 32px; }
  .card, .scenario { padding: 16px 14px; }
}
@media print {
  :root { color-scheme: light; }
  body { background: #ffffff; font-size: 12px; }
  main { max-width: none; padding: 0; }
  .card, .scenario { border-color: #c8ced6; }
  svg, .scorecard, table, h3 { break-inside: avoid; }
  h3 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
}
`;
