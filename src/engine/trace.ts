// The run's trace: notable events in order (`entity.pastTense` kinds), plus a stable hash over
// them and the kernel's event digest. Same scenario + seed + version => same hash.

import { createHash } from "node:crypto";

export interface TraceRecord {
  timeUs: number;
  kind: string;
  subject: string;
  detail?: string;
  /** The kind's structured payload (null: none); not part of the hash, which reads the detail. */
  data?: unknown;
}

export class Trace {
  readonly records: TraceRecord[] = [];
  readonly recordsMax: number;
  dropped = 0;

  constructor(recordsMax = 1_000_000) {
    this.recordsMax = recordsMax;
  }

  add(timeUs: number, kind: string, subject: string, detail?: string, data: unknown = null): void {
    if (this.records.length >= this.recordsMax) {
      this.dropped++;
      return;
    }
    this.records.push(detail === undefined ? { timeUs, kind, subject, data } : { timeUs, kind, subject, detail, data });
  }

  /** sha256 over every record and the kernel digest, as 16 hex characters. */
  hash(kernelDigest: string): string {
    const hasher = createHash("sha256");
    for (const record of this.records) {
      hasher.update(`${record.timeUs}|${record.kind}|${record.subject}|${record.detail ?? ""}\n`);
    }
    hasher.update(`dropped=${this.dropped}\nkernel=${kernelDigest}\n`);
    return hasher.digest("hex").slice(0, 16);
  }
}
