// Draws the topology to fit its panel: a glyph per component, else counts per zone (too wide),
// else a row per region (too tall). Every state has a glyph and a word as well as a colour.

import { fitLine, type Line, lineWidth, span } from "./text.js";
import { STATUS_COLOR, STATUS_DIM, STATUS_GLYPH, STATUS_ORDER, type Status } from "./theme.js";
import type { ComponentView, GroupView, RegionView, TopologyView, ZoneView } from "./topology-model.js";

export type TopologyDetail = "glyphs" | "counts" | "regions";

/** An empty slot is less than healthy: it never makes a group look worse. */
const SEVERITY: Record<Status, number> = { absent: -1, healthy: 0, degraded: 1, draining: 2, promoting: 3, down: 4 };
/** How the legend names a state, where the state's own name would not say it. */
const LEGEND_WORD: Partial<Record<Status, string>> = { draining: "out of rotation", absent: "empty slot" };

const glyph = (status: Status) =>
  span(
    STATUS_GLYPH[status],
    STATUS_DIM.has(status) ? { color: STATUS_COLOR[status], dim: true } : { color: STATUS_COLOR[status] },
  );
const word = (status: Status) => span(status, { color: STATUS_COLOR[status] });

function worst(members: readonly { status: Status }[]): Status {
  if (members.length === 0) return "absent";
  return members.reduce<Status>((w, m) => (SEVERITY[m.status] > SEVERITY[w] ? m.status : w), members[0].status);
}

/** The members that are there: empty autoscaling slots are neither up nor down. */
const present = (members: readonly ComponentView[]) => members.filter((m) => m.status !== "absent");

export function topologyLines(view: TopologyView, width: number, height: number): Line[] {
  const detail = topologyDetail(view, width, height);
  const body =
    detail === "regions"
      ? view.regions.map((region) => compactRegionLine(region))
      : view.regions.flatMap((region) => regionBlock(region, detail, width));
  let lines = [...body, ...footerLines(view)];
  lines.push(...legendLines(view, width, height - lines.length));
  if (lines.length > height) {
    const shown = Math.max(0, height - 1);
    const hidden = lines.length - shown;
    lines = [...lines.slice(0, shown), [span(`… ${hidden} more rows: enlarge the terminal`, { dim: true })]];
  }
  return lines.map((line) => fitLine(line, width));
}

/** The most detailed level that fits: glyphs, else counts per zone (too wide), else regions (too tall). */
export function topologyDetail(view: TopologyView, width: number, height: number): TopologyDetail {
  const rows = view.regions.reduce((sum, region) => sum + 1 + region.zones.length, 0);
  if (rows + footerLines(view).length > height) return "regions";
  // Region rows are only cut short when too wide; zone rows switch to counts.
  const zoneRows = view.regions.flatMap((region) => regionBlock(region, "glyphs", width).slice(1));
  return zoneRows.some((line) => lineWidth(line) > width) ? "counts" : "glyphs";
}

function regionBlock(region: RegionView, detail: "glyphs" | "counts", width: number): Line[] {
  const wordy = regionLine(region, true);
  const lines: Line[] = [lineWidth(wordy) <= width ? wordy : regionLine(region, false)];
  const nameWidth = Math.max(0, ...region.zones.map((z) => z.name.length));
  region.zones.forEach((zone, i) => {
    const branch = i === region.zones.length - 1 ? "└─ " : "├─ ";
    lines.push([span(` ${branch}`, { dim: true }), ...zoneLine(zone, nameWidth, detail)]);
  });
  return lines;
}

/** `wordy`: "4/4 in rotation" rather than "4/4", when there is room. */
function regionLine(region: RegionView, wordy: boolean): Line {
  const line: Line = [
    span(region.name, { bold: true }),
    span(" "),
    glyph(region.status),
    span(" "),
    word(region.status),
  ];
  for (const lb of region.balancers) {
    line.push(span(`  LB ${lb.service} `, { dim: true }), glyph(lb.status));
    if (region.status === "down") line.push(span(" down", { color: STATUS_COLOR.down }));
    else line.push(span(` ${lb.inRotation}/${lb.total}${wordy ? " in rotation" : ""}`));
    if (region.status !== "down" && lb.deadInRotation > 0) {
      line.push(span(`, ${lb.deadInRotation} down`, { color: "yellow" }));
    }
    if (region.status !== "down" && lb.booting > 0) {
      line.push(span(`, +${lb.booting} booting`, { color: STATUS_COLOR.draining }));
    }
    if (region.status !== "down" && lb.leaving > 0) {
      line.push(span(`, −${lb.leaving} draining`, { color: STATUS_COLOR.draining, dim: true }));
    }
  }
  return line;
}

function zoneLine(zone: ZoneView, nameWidth: number, detail: "glyphs" | "counts"): Line {
  const line: Line = [span(zone.name.padEnd(nameWidth)), span(" "), glyph(zone.status)];
  for (const group of zone.groups) {
    line.push(span("  "), ...groupSpans(group, detail));
  }
  return line;
}

function groupSpans(group: GroupView, detail: "glyphs" | "counts"): Line {
  if (group.kind === "database") return group.members.flatMap((member) => databaseSpans(group.name, member));
  const label = span(`${group.name} `, { dim: true });
  if (detail === "glyphs") return [label, ...group.members.map((m) => glyph(m.status))];
  const members = present(group.members);
  const healthy = members.filter((m) => m.status === "healthy").length;
  return [label, glyph(worst(members)), span(` ${healthy}/${members.length}`)];
}

function databaseSpans(name: string, member: ComponentView): Line {
  const noteColor = member.status === "promoting" ? STATUS_COLOR.promoting : undefined;
  return [
    span(`${name} `, { dim: true }),
    glyph(member.status),
    span(` ${member.note ?? ""}`, { color: noteColor, dim: noteColor === undefined }),
  ];
}

function compactRegionLine(region: RegionView): Line {
  const line: Line = [span(region.name, { bold: true }), span(" "), glyph(region.status), span(" ")];
  for (const zone of region.zones) line.push(span(` ${zone.name}`), glyph(zone.status));
  const instances = present(
    region.zones.flatMap((z) => z.groups.filter((g) => g.kind === "service").flatMap((g) => g.members)),
  );
  if (instances.length > 0) {
    const healthy = instances.filter((m) => m.status === "healthy").length;
    line.push(span("  nodes ", { dim: true }), span(`${healthy}/${instances.length}`));
  }
  return line;
}

function footerLines(view: TopologyView): Line[] {
  const lines: Line[] = [];
  for (const route of view.routing) {
    // Only answers that changed are named; the rest are summed up.
    const moved = route.answers.filter((answer) => answer.moved);
    const line: Line = [span("DNS ", { bold: true }), span(`${route.service}: `, { dim: true })];
    moved.forEach((answer, i) => {
      if (i > 0) line.push(span(" · ", { dim: true }));
      line.push(span(`${answer.from} clients → ${answer.to}`, { color: "yellow", bold: true }));
    });
    const unchanged = route.answers.length - moved.length;
    if (moved.length === 0) line.push(span("answers as designed", { dim: true }));
    else if (unchanged > 0) line.push(span(` · ${unchanged} unchanged`, { dim: true }));
    lines.push(line);
  }
  for (const db of view.databases) {
    const line: Line = [span("DB  ", { bold: true }), span(`${db.name}: `, { dim: true })];
    if (db.failingOver) {
      line.push(span("failing over ", { color: "magenta" }), span(`${db.primary} `), glyph(db.primaryStatus));
      if (db.promoting) line.push(span(` → ${db.promoting.slice(db.name.length + 1)}`, { color: "magenta" }));
    } else {
      line.push(span(`primary ${db.primary} `), glyph(db.primaryStatus));
    }
    lines.push(line);
  }
  if (view.breakers.length > 0) {
    const line: Line = [span("Breakers ", { bold: true })];
    view.breakers.forEach((breaker, i) => {
      if (i > 0) line.push(span(" · ", { dim: true }));
      line.push(
        span(`${breaker.call} `, { dim: !breaker.open }),
        breaker.open ? span("OPEN", { color: "red", bold: true }) : span("closed", { color: "green" }),
      );
    });
    lines.push(line);
  }
  if (view.alerts.length > 0) {
    const line: Line = [span("Alerts ", { bold: true })];
    view.alerts.forEach((alert, i) => {
      if (i > 0) line.push(span(" · ", { dim: true }));
      line.push(
        span(`${alert.name} `, { dim: !alert.firing }),
        alert.firing ? span("FIRING", { color: "red", bold: true }) : span("ok", { color: "green" }),
      );
    });
    lines.push(line);
  }
  return lines;
}

/**
 * The states this design can show (promoting needs a database, an empty slot autoscaling), on
 * one line, or two when one is too narrow and there is room; none when there is no room.
 */
function legendLines(view: TopologyView, width: number, rows: number): Line[] {
  const shown = STATUS_ORDER.filter(
    (status) => (status !== "promoting" || view.databases.length > 0) && (status !== "absent" || view.hasSlots),
  );
  const item = (status: Status, first: boolean): Line => [
    span(first ? "" : "  "),
    glyph(status),
    span(` ${LEGEND_WORD[status] ?? status}`, { dim: true }),
  ];
  const one = shown.flatMap((status, i) => item(status, i === 0));
  if (rows < 1) return [];
  if (lineWidth(one) <= width || rows < 2) return [one];
  const half = Math.ceil(shown.length / 2);
  return [shown.slice(0, half), shown.slice(half)].map((row) => row.flatMap((status, i) => item(status, i === 0)));
}
