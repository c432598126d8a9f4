// Synthetic probes: a request every `every` through the whole path, from a region, like a user
// but never counted as one. `failuresToAlert` failed probes in a row fire the probe's alert —
// an alert that does not wait for users to fail first.

import type { ClientConfig, ModelContext } from "../core/index.js";

export class Probes {
  private readonly failuresInARow: Int32Array;
  private readonly firing: Uint8Array;
  sent = 0;
  failed = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly clients: ClientConfig[],
  ) {
    this.failuresInARow = new Int32Array(clients.length);
    this.firing = new Uint8Array(clients.length);
  }

  /** A probe request from `client` finished. */
  record(client: number, ok: boolean): void {
    const { sim, controlPlane } = this.ctx;
    const probe = this.clients[client];
    this.sent++;
    if (ok) {
      this.failuresInARow[client] = 0;
      if (this.firing[client] === 0) return;
      this.firing[client] = 0;
      controlPlane.change(
        sim.now,
        { kind: "alert.resolved", subject: probe.name, data: { probe: true, failuresInARow: 0 } },
        (draft) => {
          draft.alerts[probe.name] = "ok";
        },
      );
      return;
    }
    this.failed++;
    const inARow = ++this.failuresInARow[client];
    if (this.firing[client] === 1 || inARow < (probe.probeFailuresToAlert ?? 1)) return;
    this.firing[client] = 1;
    controlPlane.change(
      sim.now,
      { kind: "alert.fired", subject: probe.name, data: { probe: true, failuresInARow: inARow } },
      (draft) => {
        draft.alerts[probe.name] = "firing";
      },
    );
  }
}
