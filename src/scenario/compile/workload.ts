// Compiles the clients: their rates, mix and the names they refer to.

import { type CompileContext, NameRegistry, parseRate, parseTimeOfDay } from "../../input/index.js";
import type { ClientConfig, RateProfile } from "../../model/core/config.js";
import type { ScenarioFile } from "../schema.js";
import type { DesignNames } from "./design.js";

const _US_PER_DAY = 86_400e6;

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
      writeRatio: ctx.fraction(client.writeRatio, [...path, "writeRatio"]),
      population: client.population,
      malicious: client.malicious,
    };
  });
  return { clients: compiled, clientNames };
}
