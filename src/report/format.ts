// Small formatting helpers shared by the human-readable reports.

import { formatClock } from "../engine/index.js";

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const ansiStyle: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  green: wrap(32, 39),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
};

const identity = (text: string) => text;
export const plainStyle: Style = { bold: identity, dim: identity, green: identity, red: identity, yellow: identity };

/** `1m26s`, `4.2s`, `350ms`, `2h05m`. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${Number(seconds.toFixed(seconds < 10 ? 3 : 1))}s`;
  const totalS = Math.round(seconds);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  return `${m}m${String(s).padStart(2, "0")}s`;
}

export function formatPercent(ratio: number, decimals = 4): string {
  return `${Number((ratio * 100).toFixed(decimals))}%`;
}

/** 1234567 → "1,234,567" without locale-dependent APIs. */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Simulated seconds as a time of day, counted from the scenario's start. */
export function clockAt(seconds: number, startOfDayS: number): string {
  return formatClock(seconds * 1e6, startOfDayS * 1e6);
}
