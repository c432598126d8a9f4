// Databases: replicas, failover, backups and soft deletes.

import { z } from "zod";
import { COUNTS, count, duration, LIST_MAX, name, positive, requestTime } from "../../input/index.js";
import { about } from "./about.js";

const zoneRef = (what: string, example: string) =>
  z.string().meta({ description: `${what}, as region/zone, e.g. ${example}`, examples: [example] });

const replica = z
  .strictObject({
    zone: zoneRef("The replica's zone", "us-east/b"),
    mode: z
      .enum(["sync", "sync-or-skip", "async"])
      .optional()
      .describe(
        "sync: a write is acknowledged only once this replica has it (it waits while the replica is down or cut off); sync-or-skip: the same while it is reachable, skipped when not; async: later (required unless replication is majority, where every replica is a voting member and has no mode)",
      ),
    lag: duration("Replication delay for async replicas", { example: "1s" }).default("1s"),
  })
  .describe(about("A replica of the database", { zone: "us-west/a", mode: "async", lag: "2s" }));

const failover = z
  .strictObject({
    mode: z.enum(["automatic", "none"]).default("automatic").describe("automatic, or none for no failover"),
    heartbeat: duration("Interval between heartbeats from the primary", { positive: true, example: "1s" }).default(
      "1s",
    ),
    missedHeartbeats: positive("Missed heartbeats before the primary is declared dead", COUNTS.threshold, 5).default(5),
    promotion: duration("Time to promote the chosen replica once the failure is detected", { example: "30s" }).default(
      "30s",
    ),
    site: zoneRef(
      "Where the failover manager (and its consensus store) runs: a primary it cannot reach counts as failed, and it promotes only a replica it can reach (default: it sees every node and no partition)",
      "us-west/b",
    ).optional(),
    lease: duration(
      "Fencing, with a site: a primary cut off from the site stops taking writes this long after it lost contact, and nothing is promoted before then (default: none: a cut-off primary keeps taking writes after another is promoted, a split brain)",
      { example: "10s" },
    ).optional(),
    failback: duration(
      "Failback: once the design's primary has been back this long after a failover, the primary is switched back to it (planned: writes pause while it catches up, nothing is lost); default: the promoted replica stays primary",
      { positive: true, example: "30m" },
    ).optional(),
  })
  .describe(
    about("Automatic failover: the most advanced reachable replica is promoted", { heartbeat: "1s", promotion: "30s" }),
  );

const election = z
  .strictObject({
    timeout: duration(
      "How long followers wait without hearing from a leader that reaches a majority before they elect another",
      { positive: true, example: "1s" },
    ).default("1s"),
    lease: duration(
      "The leader's lease: a new leader serves only once the old one's lease has run out, so a leaseholder never serves a stale read (0s: no lease, reads confirm leadership with a majority)",
      { example: "9s" },
    ).default("0s"),
  })
  .describe(about("Leader election of a majority database", { timeout: "1s", lease: "9s" }));

const RESTORE_RATE = /^\s*\d+(\.\d+)?\s*GB\s*\/\s*(s|min|h)\s*$/;
const SIZE = /^\s*\d+(\.\d+)?\s*(GB|TB)\s*$/;

const backups = z
  .strictObject({
    snapshotEvery: duration("Interval between full snapshots (the first is taken at the start)", {
      positive: true,
      example: "24h",
    }),
    logArchiveEvery: duration("Point-in-time recovery: the write log is archived this often", {
      positive: true,
      example: "5m",
    }).optional(),
    immutable: z
      .boolean()
      .default(false)
      .meta({
        description: "Write-once backups: corruption that reaches backups cannot touch them (true or false)",
        examples: [true],
      }),
    restoreRate: z
      .string()
      .regex(RESTORE_RATE, 'write a throughput such as "10GB/min"')
      .default("10GB/min")
      .meta({
        description: 'How fast a restore writes data back (more than 0), e.g. "10GB/min"',
        examples: ["10GB/min"],
        patternErrorMessage: 'write a throughput such as "10GB/min"',
      }),
  })
  .describe(
    about("Backups: snapshots, optional log archiving (PITR), immutability, restore speed", {
      snapshotEvery: "24h",
      logArchiveEvery: "5m",
    }),
  );

export const database = z
  .strictObject({
    name: name("Database"),
    capacity: count(
      "Operations each node serves at full speed at once (0: unlimited); under load each takes 1/(1 − load) as long, and past it calls time out",
      COUNTS.capacity,
      200,
    ).default(0),
    size: z
      .string()
      .regex(SIZE, 'write a size such as "200GB" or "2TB"')
      .default("100GB")
      .meta({
        description: 'Data size (at most 1000TB): a restore takes size / restoreRate, e.g. "200GB"',
        examples: ["200GB"],
        patternErrorMessage: 'write a size such as "200GB" or "2TB"',
      }),
    backups: backups.optional(),
    softDelete: z
      .strictObject({
        retention: duration("How long deleted rows are kept before they are purged", { example: "7d" }),
        undelete: duration("Time to un-delete rows once someone notices", { example: "5m" }).default("5m"),
      })
      .optional()
      .describe(
        about("Deletes only mark rows deleted: an accidental delete is undone without a restore", {
          retention: "7d",
          undelete: "5m",
        }),
      ),
    replication: z
      .enum(["primary", "majority"])
      .default("primary")
      .describe(
        "primary: the primary replicates to its replicas (each replica's mode says what a write waits for) and the failover manager promotes one when it fails; majority: the primary (the first leader) and the replicas are voting members, a write commits once a majority has it, and a leader is elected when the leader dies or is cut off from a majority (Raft or Paxos, as etcd, CockroachDB and Spanner run it)",
      ),
    election: election.optional(),
    primary: zoneRef("The primary's zone (with replication: majority, the first leader's)", "us-east/a"),
    replicas: z
      .array(replica)
      .max(LIST_MAX.replicas)
      .default([])
      .describe(about("The database's replicas", [{ zone: "us-east/b", mode: "sync" }])),
    ack: z
      .strictObject({
        any: positive("Sync replicas that must have a write before it is acknowledged", LIST_MAX.replicas, 1),
      })
      .optional()
      .describe(
        about("Quorum commit: a write is acknowledged once any k of the sync replicas have it (default: all of them)", {
          any: 1,
        }),
      ),
    readTime: requestTime("Time the database spends on a read", "1ms").default("1ms"),
    writeTime: requestTime("Time the database spends on a write", "3ms").default("3ms"),
    failover: failover.default({ mode: "automatic", heartbeat: "1s", missedHeartbeats: 5, promotion: "30s" }),
  })
  .describe(about("A replicated database", { name: "orders", primary: "us-east/a" }));
