// Compiles the workload: the clients (their rates, mix and the names they refer to) and the
// operations (request types: their shares, and the calls and publishes they name, checked
// against the services their requests reach; ARCHITECTURE.md, "Operations").

import { type CompileContext, NameRegistry, parseRate, parseTimeOfDay, unknown } from "../../input/index.js";
import type { CallConfig, ClientConfig, OperationConfig, RateProfile, ServiceConfig } from "../../model/core/config.js";
import { type ScenarioFile, TARGET_KEYS } from "../schema.js";
import type { DesignNames } from "./design.js";

/** Shares that add up to 100% within this (written as percentages with decimals) are whole. */
const SHARES_TOLERANCE = 1e-9;

export function compileClients(
  ctx: CompileContext,
  clients: ScenarioFile["workload"]["clients"],
  names: Pick<DesignNames, "regions" | "services">,
): { clients: ClientConfig[]; clientNames: NameRegistry } {
  const clientNames = new NameRegistry(ctx, "client");
  const compiled = clients.map((client, i): ClientConfig => {
    const path = ["workload", "clients", i];
    const name = client.name ?? client.region;
    if (client.name === undefined)
      clientNames.declare(name, path, { fix: `give one a name: (a client is named after its region by default)` });
    else clientNames.declare(name, [...path, "name"]);
    names.regions.check(client.region, [...path, "region"]);
    names.services.check(client.service, [...path, "service"]);
    const rate: RateProfile =
      typeof client.rate === "string"
        ? { kind: "constant", perSecond: ctx.unit(parseRate(client.rate), [...path, "rate"], 0) }
        : {
            kind: "diurnal",
            peakPerSecond: ctx.unit(parseRate(client.rate.diurnal.peak), [...path, "rate", "diurnal", "peak"], 0),
            troughPerSecond: ctx.unit(parseRate(client.rate.diurnal.trough), [...path, "rate", "diurnal", "trough"], 0),
            peakAtUs: ctx.unit(parseTimeOfDay(client.rate.diurnal.peakAt), [...path, "rate", "diurnal", "peakAt"], 0),
          };
    return {
      name,
      region: client.region,
      service: client.service,
      rate,
      writeRatio: client.writeRatio === undefined ? 0 : ctx.fraction(client.writeRatio, [...path, "writeRatio"]),
      population: client.population,
      malicious: client.malicious,
    };
  });
  return { clients: compiled, clientNames };
}

/**
 * The workload's operations, checked: names unique and not a target's key, shares adding up to
 * 100%, every call and publish naming something a service on the operation's path does. With
 * operations, a client's writeRatio is refused (each operation says whether it writes) and set to
 * the write operations' shares; a probe's `operation` is resolved.
 */
export function compileOperations(
  ctx: CompileContext,
  file: ScenarioFile,
  compiled: { services: readonly ServiceConfig[]; clients: ClientConfig[]; probes: ClientConfig[] },
  names: Pick<DesignNames, "services" | "externals"> & { queues: NameRegistry },
): OperationConfig[] {
  const declared = file.workload.operations ?? [];
  const operationNames = new NameRegistry(ctx, "operation");
  const operations = declared.map((operation, k): OperationConfig => {
    const path = ["workload", "operations", k];
    if (TARGET_KEYS.includes(operation.name))
      ctx.problem(
        [...path, "name"],
        `an operation cannot be named "${operation.name}": slo and expect use that key for the whole run's target; rename it`,
      );
    else operationNames.declare(operation.name, [...path, "name"]);
    return {
      name: operation.name,
      share: ctx.fraction(operation.share, [...path, "share"]),
      write: operation.write,
      calls: operation.calls,
      publishes: operation.publishes,
    };
  });
  file.design.probes.forEach((probe, i) => {
    if (probe.operation === undefined) return;
    const path = ["design", "probes", i, "operation"];
    if (declared.length === 0) {
      ctx.problem(path, "a probe's operation is one of workload.operations: declare them, or remove this key");
      return;
    }
    if (operationNames.check(probe.operation, path)) {
      compiled.probes[i].operation = declared.findIndex((operation) => operation.name === probe.operation);
    }
  });
  if (declared.length === 0) {
    file.workload.clients.forEach((client, i) => {
      if (client.operations === undefined) return;
      ctx.problem(
        ["workload", "clients", i, "operations"],
        "a client's mix of operations needs workload.operations: declare them, or remove this key",
      );
    });
    return operations;
  }

  const total = operations.reduce((sum, operation) => sum + operation.share, 0);
  if (Math.abs(total - 1) > SHARES_TOLERANCE && !ctx.issues.some((issue) => isShare(issue.path))) {
    const shares = operations.map((operation) => `${operation.name} ${percentText(operation.share)}`).join(" + ");
    ctx.problem(
      ["workload", "operations"],
      `the operations' shares add up to ${percentText(total)} (${shares}), not 100%: every request is of exactly one operation; change the shares so they add up to 100%`,
    );
  }
  file.workload.clients.forEach((client, i) => {
    if (client.writeRatio === undefined) return;
    ctx.problem(
      ["workload", "clients", i, "writeRatio"],
      "writeRatio does not apply with workload.operations: each operation says write: true or false; remove it",
    );
  });
  const writeShare = (shares: readonly number[]) =>
    operations.reduce((sum, operation, k) => sum + (operation.write ? shares[k] : 0), 0);
  const declaredShares = operations.map((operation) => operation.share);
  file.workload.clients.forEach((client, i) => {
    const own = client.operations === undefined ? undefined : clientMix(ctx, client.operations, operations, i);
    if (own !== undefined) compiled.clients[i].operationShares = own;
    compiled.clients[i].writeRatio = writeShare(own ?? declaredShares);
  });

  const services = compiled.services;
  const byName = new Map(services.map((service) => [service.name, service]));
  operations.forEach((operation, k) => {
    const path = ["workload", "operations", k];
    // The services its requests reach: the clients' (and its probes'), then those it calls.
    const entries = [
      ...compiled.clients.map((client) => client.service),
      ...compiled.probes.filter((probe) => probe.operation === k).map((probe) => probe.service),
    ];
    const reached = reachedServices(entries, operation, byName);
    const reachedNames = [...reached].join(", ");
    operation.calls.forEach((target, j) => {
      const at = [...path, "calls", j];
      if (!names.services.has(target) && !names.externals.has(target)) {
        ctx.problem(at, unknown("dependency or service", target, [...names.externals.all, ...names.services.all]));
        return;
      }
      if (operation.calls.indexOf(target) !== j) {
        ctx.problem(at, `${target} is listed twice in ${operation.name}'s calls; remove one`);
        return;
      }
      if ([...reached].some((name) => byName.get(name)?.calls.some((call) => call.to === target))) return;
      ctx.problem(
        at,
        `no service ${operation.name}'s requests reach calls ${target} (they reach ${reachedNames}): add a call to ${target} under the calls of one of them, or remove it here`,
      );
    });
    operation.publishes.forEach((queue, j) => {
      const at = [...path, "publishes", j];
      if (!names.queues.check(queue, at)) return;
      if ([...reached].some((name) => byName.get(name)?.publishesTo === queue)) return;
      ctx.problem(
        at,
        `no service ${operation.name}'s requests reach publishes to ${queue} (they reach ${reachedNames}): set publishesTo: ${queue} on one of them, or remove it here`,
      );
    });
  });
  return operations;
}

/**
 * A client's own mix (`operations: { create-payment: 30%, … }`): every key a declared operation,
 * the shares adding up to 100%; an operation it leaves out gets none of its requests.
 */
function clientMix(
  ctx: CompileContext,
  mix: Record<string, string | number>,
  operations: readonly OperationConfig[],
  client: number,
): number[] | undefined {
  const path = ["workload", "clients", client, "operations"];
  const names = operations.map((operation) => operation.name);
  let known = true;
  for (const key of Object.keys(mix)) {
    if (names.includes(key)) continue;
    ctx.problem([...path, key], unknown("operation", key, names), { atKey: true });
    known = false;
  }
  if (!known) return undefined;
  const shares = operations.map((operation) =>
    mix[operation.name] === undefined ? 0 : ctx.fraction(mix[operation.name], [...path, operation.name]),
  );
  const total = shares.reduce((sum, share) => sum + share, 0);
  if (Math.abs(total - 1) > SHARES_TOLERANCE) {
    const listed = operations
      .flatMap((operation, k) =>
        mix[operation.name] === undefined ? [] : [`${operation.name} ${percentText(shares[k])}`],
      )
      .join(" + ");
    ctx.problem(
      path,
      `this client's shares add up to ${percentText(total)} (${listed}), not 100%: every request is of exactly one operation; change them so they add up to 100%`,
    );
    return undefined;
  }
  return shares;
}

/** The services an operation's requests pass through: from the entry services, the calls it makes to services. */
function reachedServices(
  entries: readonly string[],
  operation: OperationConfig,
  byName: ReadonlyMap<string, ServiceConfig>,
): Set<string> {
  const reached = new Set<string>();
  const visit = (name: string) => {
    const service = byName.get(name);
    if (service === undefined || reached.has(name)) return;
    reached.add(name);
    for (const call of service.calls) {
      if (call.callee === "service" && operation.calls.includes(call.to)) visit(call.to);
    }
  };
  for (const entry of entries) visit(entry);
  return reached;
}

function isShare(path: readonly (string | number)[]): boolean {
  return path[0] === "workload" && path[1] === "operations" && path[3] === "share";
}

function percentText(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(10))}%`;
}

/**
 * The share of a service's requests that make `call`: its fraction, times (with operations) the
 * shares of the operations that name its target. For estimates of load and time, not the run.
 */
export function callShare(operations: readonly OperationConfig[] | undefined, call: CallConfig): number {
  if (operations === undefined || operations.length === 0) return call.fraction;
  const making = operations.reduce(
    (sum, operation) => sum + (operation.calls.includes(call.to) ? operation.share : 0),
    0,
  );
  return call.fraction * making;
}
