// The scorecard's numbers at an instant: "so far" while the run plays (from the timeline
// windows, incidents and losses already reached), and exactly the run's results at the end.

import type { Incident, TargetResult } from "../metrics/index.js";
import type { PreparedRun } from "./prepare.js";

export const PHASES = ["detect", "failover", "propagate", "recover"] as const;
export type PhaseName = (typeof PHASES)[number];

export interface PhaseProgress {
  incidentNumber: number;
  incident: Incident;
  /** Seconds spent in each phase so far (all of them once recovered). */
  phasesS: Record<PhaseName, number>;
  /** The phase under way, or null once the incident is over. */
  current: PhaseName | null;
  elapsedS: number;
}

export interface Scorecard {
  final: boolean;
  pass: boolean;
  /** Requests' success ratio: exact at the end, estimated from complete windows before. */
  availability: number | null;
  /**
   * Responses that succeeded without an optional dependency, and their share of all requests.
   * The timeline does not count them per window, so they are known only at the end (else null).
   */
  degraded: { count: number; share: number } | null;
  /** Success ratio of the timeline window under the cursor. */
  windowSuccess: number | null;
  windowP99Ms: number | null;
  /** The run simulated rates, not requests: it has no latencies to show. */
  fluid: boolean;
  rpoS: number;
  lostWrites: number;
  /** Longest RTO among incidents that have recovered. */
  rtoS: number | null;
  incidentsStarted: number;
  /** The incident whose phases are shown: the longest at the end, the latest before. */
  phases: PhaseProgress | null;
  ttdS: number | null;
  usersFirst: boolean;
  undetected: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number } | null;
  /**
   * Each client region's availability, exact at the end, from complete windows before (null: no
   * request yet); empty when users send from one region only. `lostWrites`: the writes its users
   * made that were lost, shown at the end when the run lost any (null before, or none lost).
   */
  byClientRegion: { region: string; availability: number | null; lostWrites: number | null }[];
  /**
   * Each operation's availability, the same way (empty when the workload declares none), and
   * whether its own targets all held: known at the end (null before, or when it has none).
   */
  byOperation: { operation: string; availability: number | null; pass: boolean | null }[];
  /** Targets with their verdicts; the verdicts count only when `final`. */
  targets: TargetResult[];
}

/**
 * The card's verdict: PASS or FAIL at the end, or "no targets" when the run had none to judge
 * (as the text report says: a run judged by nothing passed nothing); null while it plays.
 */
export function verdictOf(card: Scorecard): "PASS" | "FAIL" | "no targets" | null {
  if (!card.final) return null;
  if (card.targets.length === 0) return "no targets";
  return card.pass ? "PASS" : "FAIL";
}

export function scorecardAt(run: PreparedRun, cursorUs: number): Scorecard {
  const { result } = run;
  const final = cursorUs >= run.durationUs;
  const cursorS = cursorUs / 1e6;
  const started = result.incidents.filter((incident) => incident.startS <= cursorS);
  const recovered = started.filter((incident) => incident.recoveredS !== null && incident.recoveredS <= cursorS);
  const detected = started.filter((incident) => incident.detectedS !== null && incident.detectedS <= cursorS);
  const lossTimes = result.events.filter((e) => e.kind === "db.writesLost").map((e) => e.timeUs);
  const losses = result.rpo.losses.filter((_, i) => (lossTimes[i] ?? Number.POSITIVE_INFINITY) <= cursorUs);
  const window = windowAt(run, cursorS);
  const shownIncident = final
    ? result.incidents.reduce<Incident | undefined>((w, i) => (w === undefined || i.rtoS > w.rtoS ? i : w), undefined)
    : started[started.length - 1];
  return {
    final,
    pass: result.pass,
    availability: final ? result.availability : availabilitySoFar(run, cursorS),
    degraded:
      final && result.requests.degraded > 0
        ? { count: result.requests.degraded, share: result.requests.degraded / Math.max(1, result.requests.total) }
        : null,
    windowSuccess: window?.successRatio ?? null,
    windowP99Ms: window && window.requests > 0 && result.simulated.fidelity !== "fluid" ? window.p99Ms : null,
    rpoS: final ? result.rpo.maxS : Math.max(0, ...losses.map((loss) => loss.rpoS)),
    lostWrites: final ? result.rpo.lostWrites : losses.reduce((sum, loss) => sum + loss.lostWrites, 0),
    rtoS: final ? result.rto.maxS : recovered.length === 0 ? null : Math.max(...recovered.map((i) => i.rtoS)),
    incidentsStarted: started.length,
    phases: shownIncident ? phaseProgress(shownIncident, result.incidents.indexOf(shownIncident) + 1, cursorS) : null,
    ttdS: final
      ? result.ttd.maxS
      : detected.length === 0
        ? null
        : Math.max(...detected.map((i) => (i.detectedS as number) - i.startS)),
    usersFirst: started.some((incident) => incident.usersFirst && (incident.detectedS ?? cursorS) <= cursorS),
    undetected: final ? result.ttd.undetectedIncidents : 0,
    // A fluid run has no request latencies: none shown rather than zeros.
    latencyMs: final && result.simulated.fidelity !== "fluid" ? result.latencyMs : null,
    fluid: result.simulated.fidelity === "fluid",
    byClientRegion: regionsSoFar(run, cursorS, final),
    byOperation: operationsSoFar(run, cursorS, final),
    targets: [...result.slo, ...result.expectations],
  };
}

function windowAt(run: PreparedRun, cursorS: number) {
  const { windowS, points } = run.result.timeline;
  if (points.length === 0 || windowS <= 0) return undefined;
  return points[Math.min(points.length - 1, Math.max(0, Math.floor(cursorS / windowS)))];
}

/** Σ successes / Σ requests over the windows that are complete; windows keep 3-decimal ratios. */
function availabilitySoFar(run: PreparedRun, cursorS: number): number | null {
  const { windowS, points } = run.result.timeline;
  let requests = 0;
  let succeeded = 0;
  for (const point of points) {
    if (point.startS + windowS > cursorS) break;
    requests += point.requests;
    succeeded += point.successRatio * point.requests;
  }
  return requests === 0 ? null : succeeded / requests;
}

/** Per client region, Σ successes / Σ requests over complete windows (the run's figure at the end). */
function regionsSoFar(run: PreparedRun, cursorS: number, final: boolean): Scorecard["byClientRegion"] {
  const { result } = run;
  if (result.byClientRegion.length < 2) return [];
  if (final) {
    const lost = result.rpo.lostWrites > 0;
    return result.byClientRegion.map(({ region, availability, lostWrites }) => ({
      region,
      availability,
      lostWrites: lost ? lostWrites : null,
    }));
  }
  return result.clientRegionTimeline.map(({ region, requests, succeeded }) => ({
    region,
    availability: ratioSoFar(run, cursorS, requests, succeeded),
    lostWrites: null,
  }));
}

/** Σ successes / Σ requests over a breakdown's complete windows before the cursor (null: none yet). */
function ratioSoFar(run: PreparedRun, cursorS: number, requests: number[], succeeded: number[]): number | null {
  const { windowS, points } = run.result.timeline;
  let sent = 0;
  let served = 0;
  for (let w = 0; w < points.length && points[w].startS + windowS <= cursorS; w++) {
    sent += requests[w] ?? 0;
    served += succeeded[w] ?? 0;
  }
  return sent === 0 ? null : served / sent;
}

/** Per operation, Σ successes / Σ requests over complete windows (the run's figure at the end). */
function operationsSoFar(run: PreparedRun, cursorS: number, final: boolean): Scorecard["byOperation"] {
  const { result } = run;
  const targets = [...result.slo, ...result.expectations];
  const verdict = (operation: string): boolean | null => {
    const own = targets.filter((target) => target.operation === operation);
    return !final || own.length === 0 ? null : own.every((target) => target.pass);
  };
  if (final)
    return result.byOperation.map(({ operation, availability }) => ({
      operation,
      availability,
      pass: verdict(operation),
    }));
  return result.operationTimeline.map(({ operation, requests, succeeded }) => ({
    operation,
    availability: ratioSoFar(run, cursorS, requests, succeeded),
    pass: null,
  }));
}

function phaseProgress(incident: Incident, incidentNumber: number, cursorS: number): PhaseProgress {
  const phasesS = { detect: 0, failover: 0, propagate: 0, recover: 0 };
  const lengths = [
    incident.phases.detectS,
    incident.phases.failoverS,
    incident.phases.propagateS,
    incident.phases.recoverS,
  ];
  let boundary = incident.startS;
  let current: PhaseName | null = null;
  const over = incident.recoveredS !== null && cursorS >= incident.recoveredS;
  for (let i = 0; i < PHASES.length; i++) {
    // Until the incident is over, its last phase (recover) stays open.
    const end = i === PHASES.length - 1 && !over ? Number.POSITIVE_INFINITY : boundary + lengths[i];
    if (over || cursorS >= end) {
      phasesS[PHASES[i]] = lengths[i];
      boundary = end;
      continue;
    }
    phasesS[PHASES[i]] = Math.max(0, cursorS - boundary);
    current = PHASES[i];
    break;
  }
  const elapsedS = over ? incident.rtoS : Math.max(0, cursorS - incident.startS);
  return { incidentNumber, incident, phasesS, current, elapsedS };
}
