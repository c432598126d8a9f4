// The README's scenario example is a real scenario: it must load (so the reference never drifts
// from the schema) and name only things the format knows.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { readVersion } from "../src/cli/version.js";
import { formatText } from "../src/report/index.js";
import { loadScenario, runScenario } from "../src/scenario/index.js";

const readme = readFileSync("README.md", "utf8");

describe("the README", () => {
  it("shows an annotated scenario that loads without a problem", () => {
    const example = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const scenario = loadScenario(example as string, "README.md");
    expect(scenario.world.services[0].calls[0].retries.max).toBe(3);
    expect(scenario.slo.map((s) => s.name)).toEqual(["availability", "rpo", "rto", "ttd", "latencyP99"]);
  });

  it("shows a latency matrix that loads into a design of the regions it names", () => {
    const section = readme.slice(readme.indexOf("**The latency matrix.**"));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] as string;
    const fragment = parse(example) as { design: { network: unknown } };
    const scenario = loadScenario(
      stringify({
        name: "readme-network",
        duration: "1m",
        design: {
          network: fragment.design.network,
          regions: ["us-east", "us-west", "eu-west"].map((name) => ({ name, zones: ["a"] })),
          services: [{ name: "api", concurrency: 8, serviceTime: { mean: "2ms" } }],
        },
        workload: { clients: [{ region: "eu-west", service: "api", rate: "10/s" }] },
      }),
      "README.md (the latency matrix)",
    );
    expect(scenario.world.network.regionLatency).toHaveLength(2);
    expect(scenario.world.network.clientLatency).toHaveLength(1);
  });

  it("shows operations that load into a design of the names they use, and their real output", () => {
    const section = readme.slice(readme.indexOf("### Operations (request types)"));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] as string;
    const fragment = parse(example) as { design: { externals: unknown[]; services: object[] } } & Record<
      string,
      unknown
    >;
    const scenario = loadScenario(
      stringify({
        name: "readme-operations",
        duration: "1m",
        design: {
          regions: [{ name: "us-east", zones: ["a", "b"] }],
          databases: [{ name: "ledger", primary: "us-east/a", replicas: [{ zone: "us-east/b", mode: "sync" }] }],
          externals: fragment.design.externals,
          services: fragment.design.services.map((service) => ({
            ...service,
            concurrency: 32,
            serviceTime: { mean: "3ms" },
          })),
        },
        workload: fragment.workload,
        slo: fragment.slo,
      }),
      "README.md (operations)",
    );
    expect(scenario.world.operations?.map((operation) => operation.name)).toEqual(["create-payment", "payment-status"]);
    expect(scenario.slo.filter((target) => target.operation !== undefined)).toHaveLength(3);
    // The block shown is the shipped scenario's, as its run prints it.
    const file = "scenarios/payments-per-operation-targets.yaml";
    const result = runScenario(loadScenario(readFileSync(file, "utf8"), file), { version: readVersion() });
    const block = /```text\n(By operation\n[\s\S]*?)```/.exec(section)?.[1];
    expect(formatText(result)).toContain(block);
  });

  it("lists every shipped scenario", () => {
    for (const file of ["region-outage-2am", "replication-lag", "traffic-spike", "retry-storm-with-budget"]) {
      expect(readme).toContain(`scenarios/${file.replace("-with-budget", "")}.yaml`);
    }
  });

  it("shows the real output of the quick-start scenario", () => {
    const file = "scenarios/region-outage-2am.yaml";
    const result = runScenario(loadScenario(readFileSync(file, "utf8"), file), { version: readVersion() });
    const shown = /```text\n(PASS {2}region-outage-2am[\s\S]*?)```/.exec(readme)?.[1];
    expect(shown, "regenerate the sample: node bin/faultline.js run scenarios/region-outage-2am.yaml --no-ui").toBe(
      formatText(result),
    );
  });
});
