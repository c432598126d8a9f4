// What metrics read (a finished run's record) and what they produce. Metrics are pure readers:
// they never draw random numbers or schedule events, so adding one cannot change a run.

import type { DataLoss, Reaction, Recorder, TypedTraceRecord } from "../model/index.js";

export interface MetricsOptions {
  sliThreshold: number;
  incidentWindowUs: number;
  stabilisationUs: number;
  availabilityWindowUs: number;
}

/** A fault's active interval, as metrics need it to name an incident's cause. */
export interface FaultInterval {
  label: string;
  startUs: number;
  /** Undefined: active to the end of the run. */
  endUs?: number;
}

export interface RunRecord {
  durationUs: number;
  recorder: Recorder;
  trace: readonly TypedTraceRecord[];
  faults: readonly FaultInterval[];
  losses: readonly DataLoss[];
  options: MetricsOptions;
}

export interface RtoPhases {
  detectS: number;
  /**
   * To the system's last reaction, whatever it was (ARCHITECTURE.md, "Metrics"); the incident's
   * `reactions` say what they were, and reports name the phase by them.
   */
  failoverS: number;
  propagateS: number;
  recoverS: number;
}

export interface Incident {
  startS: number;
  /** First alert at or after the start, or null when no alert fired before recovery. */
  detectedS: number | null;
  /** Null while the incident was still open at the end of the run. */
  recoveredS: number | null;
  /** recovered − start; for an open incident, end of run − start (a lower bound). */
  rtoS: number;
  phases: RtoPhases;
  /** Faults active when it began (within its first second), the latest to start first: what tipped it. */
  cause: string[];
  /** Lowest windowed success ratio during the incident. */
  worstSuccessRatio: number;
  /** Users saw failures before the first alert (or no alert fired). */
  usersFirst: boolean;
  /** The kinds of reaction in its failover phase, in REACTIONS order (empty: none). */
  reactions: Reaction[];
}
