// Draws the topology to fit its panel: a glyph per component, else counts per zone (too wide),
// else a row per region (too tall); when even that is too tall, the least needed rows give way
// and the title names them. Every state has a glyph and a word as well as a colour.

import { fitLine, type Line, lineWidth, span, textWidth } from "./text.js";
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

/** A row and how much it is needed when rows are short (lowest rank stays longest). */
interface RankedRow {
  line: Line;
  rank: number;
  /** What the title calls the row when it gives way: "alerts", "DNS", a region's name. */
  label: string;
}

/**
 * Regions first; then what is mid-reaction and found nowhere else on screen (database roles,
 * circuit breakers); then DNS answers; alerts last, since the event log tells when each fires.
 * Between equals the row higher on screen stays, so what gives way is predictable.
 */
const RANK = { region: 0, database: 1, breakers: 1, dns: 2, alerts: 3 } as const;

interface FittedTopology {
  detail: TopologyDetail;
  lines: Line[];
  /** Labels of the rows that gave way, in screen order (a label once). */
  hidden: string[];
}

function fitTopology(view: TopologyView, width: number, height: number): FittedTopology {
  const detail = topologyDetail(view, width, height);
  const body: RankedRow[] =
    detail === "regions"
      ? view.regions.map((region) => ({ line: compactRegionLine(region), rank: RANK.region, label: region.name }))
      : view.regions.flatMap((region) =>
          regionBlock(region, detail, width).map((line) => ({ line, rank: RANK.region, label: region.name })),
        );
  const rows = [...body, ...footerRows(view)];
  // Keep the `height` best-ranked rows (earlier ones first within a rank), in screen order.
  const kept = new Set(
    rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => a.row.rank - b.row.rank || a.index - b.index)
      .slice(0, Math.max(0, height))
      .map(({ row }) => row),
  );
  const lines = rows.filter((row) => kept.has(row)).map((row) => row.line);
  lines.push(...legendLines(view, width, height - lines.length));
  const hidden = [...new Set(rows.filter((row) => !kept.has(row)).map((row) => row.label))];
  return { detail, lines: lines.map((line) => fitLine(line, width)), hidden };
}

export function topologyLines(view: TopologyView, width: number, height: number): Line[] {
  return fitTopology(view, width, height).lines;
}

/**
 * The panel's title: the level of detail, and the rows that gave way if any, as fully as fits
 * in `maxWidth` ("Topology (per region) · alerts hidden", else "Topology · alerts hidden", else
 * "Topology · 2 hidden").
 */
export function topologyTitle(view: TopologyView, width: number, height: number, maxWidth: number): string {
  const { detail, hidden } = fitTopology(view, width, height);
  const base =
    detail === "glyphs" ? "Topology" : `Topology (${detail === "counts" ? "counts per zone" : "per region"})`;
  if (hidden.length === 0) return base;
  const named = `${hidden.join(", ")} hidden`;
  const candidates = [`${base} · ${named}`, `Topology · ${named}`, `Topology · ${hidden.length} hidden`];
  return candidates.find((title) => textWidth(title) <= maxWidth) ?? candidates[candidates.length - 1];
}

/** The most detailed level that fits: glyphs, else counts per zone (too wide), else regions (too tall). */
export function topologyDetail(view: TopologyView, width: number, height: number): TopologyDetail {
  const rows = view.regions.reduce((sum, region) => sum + 1 + region.zones.length, 0);
  if (rows + footerRows(view).length > height) return "regions";
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
    if (region.status === "down" || (lb.status === "down" && lb.inRotation > 0))
      line.push(span(" down", { color: STATUS_COLOR.down }));
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

function footerRows(view: TopologyView): RankedRow[] {
  const rows: RankedRow[] = [];
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
    rows.push({ line, rank: RANK.dns, label: "DNS" });
  }
  for (const db of view.databases) {
    const line: Line = [span("DB  ", { bold: true }), span(`${db.name}: `, { dim: true })];
    if (db.failingOver) {
      line.push(span("failing over ", { color: "magenta" }), span(`${db.primary} `), glyph(db.primaryStatus));
      if (db.promoting) line.push(span(` → ${db.promoting.slice(db.name.length + 1)}`, { color: "magenta" }));
    } else {
      line.push(span(`primary ${db.primary} `), glyph(db.primaryStatus));
    }
    rows.push({ line, rank: RANK.database, label: "DB" });
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
    rows.push({ line, rank: RANK.breakers, label: "breakers" });
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
    rows.push({ line, rank: RANK.alerts, label: "alerts" });
  }
  return rows;
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
