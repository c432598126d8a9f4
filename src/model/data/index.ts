// Data and replication: databases (nodes, roles, reads and writes), the replication log, the
// failover manager, backups and restores after corruption, accidental deletes, data loss, the
// application cache, and a request's data access through them.
export { ServiceCaches } from "./cache.js";
export {
  ACCESS_OVERLOADED,
  ACCESS_REFUSED,
  ACCESS_TIMED,
  DATA_MISSING,
  DATA_OK,
  DATA_REJECTED,
  DATA_UNREACHABLE,
  DataAccess,
} from "./data-access.js";
export type { DataLoss } from "./data-loss.js";
export { COMMIT_OK, COMMIT_REJECTED, COMMIT_UNREACHABLE, COMMIT_WAITING, Database } from "./database.js";
export { FluidReplicationLog } from "./fluid-replication-log.js";
export type { CommitTimes, ReplicatedLog } from "./replicated-log.js";
