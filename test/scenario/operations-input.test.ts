// Input errors in operations and their targets (ARCHITECTURE.md, "Operations"): each is reported
// at the line and column of the value at fault, with how to fix it, and all at once.

import { describe, expect, it } from "vitest";
import { type InputIssue, loadScenario, ScenarioInputError } from "../../src/scenario/index.js";

/**
 * A valid payments design; each case below breaks one line of it. Line numbers are counted from
 * the first line of the text (line 1: `name: payments`).
 */
const VALID = `name: payments
duration: 10m
design:
  regions: [{ name: r, zones: [a, b] }]
  externals:
    - { name: payment-gateway, latency: { mean: 100ms } }
  queues:
    - { name: receipts, consumers: { concurrency: 4, processTime: 10ms } }
  services:
    - name: api
      concurrency: 32
      serviceTime: { mean: 2ms }
      calls: [{ to: payment-gateway, timeout: 1s }]
      publishesTo: receipts
workload:
  operations:
    - { name: create-payment, share: 10%, write: true, calls: [payment-gateway], publishes: [receipts] }
    - { name: payment-status, share: 90% }
  clients:
    - { region: r, service: api, rate: 50/s }
slo:
  availability: ">= 99%"
  create-payment: { availability: ">= 99.9%", latencyP99: "<= 500ms" }
expect:
  payment-status: { failedRequests: "== 0" }
`;

function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "payments.yaml");
    return [];
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
}

/** The file with `from` (which must occur once) replaced by `to`. */
function edit(from: string, to: string): string {
  expect(VALID.split(from).length, `"${from}" occurs once`).toBe(2);
  return VALID.replace(from, to);
}

/** The 1-based line of the first occurrence of `text` in `yaml`, and its column. */
function place(yaml: string, text: string): { line: number; column: number } {
  const index = yaml.indexOf(text);
  const before = yaml.slice(0, index).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe("operations in the workload", () => {
  it("load when valid, with their targets", () => {
    const scenario = loadScenario(VALID, "payments.yaml");
    expect(scenario.world.operations?.map((operation) => operation.name)).toEqual(["create-payment", "payment-status"]);
    expect(scenario.world.clients[0].writeRatio).toBeCloseTo(0.1, 12);
    expect(scenario.slo.map((target) => [target.operation, target.name])).toEqual([
      [undefined, "availability"],
      ["create-payment", "availability"],
      ["create-payment", "latencyP99"],
    ]);
    expect(scenario.expectations).toMatchObject([{ operation: "payment-status", metric: "failedRequests" }]);
    // Each target is located where it is written.
    expect(scenario.slo[2].position).toEqual(place(VALID, '"<= 500ms"'));
  });

  it("must have shares that add up to 100%: the error is at the list", () => {
    const yaml = edit("share: 90%", "share: 85%");
    const [issue, ...rest] = issuesOf(yaml);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ line: 17, column: 5 });
    expect(issue.message).toContain("workload.operations: the operations' shares add up to 95%");
    expect(issue.message).toContain("create-payment 10% + payment-status 85%");
  });

  it("refuses a call to something that does not exist, with a guess", () => {
    const yaml = edit("calls: [payment-gateway]", "calls: [payment-gatewy]");
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject(place(yaml, "payment-gatewy]"));
    expect(issue.message).toContain('unknown dependency or service "payment-gatewy"; did you mean payment-gateway?');
  });

  it("refuses a call no service on the operation's path makes", () => {
    const yaml = edit("  queues:", "  queues:").replace(
      "    - { name: payment-gateway, latency: { mean: 100ms } }",
      "    - { name: payment-gateway, latency: { mean: 100ms } }\n    - { name: fraud-check, latency: { mean: 10ms } }",
    );
    const broken = yaml.replace(
      "calls: [payment-gateway], publishes",
      "calls: [payment-gateway, fraud-check], publishes",
    );
    const [issue] = issuesOf(broken);
    expect(issue).toMatchObject(place(broken, "fraud-check]"));
    expect(issue.message).toContain("no service create-payment's requests reach calls fraud-check (they reach api)");
  });

  it("refuses a publish to a queue no service on its path publishes to", () => {
    const yaml = edit("      publishesTo: receipts\n", "");
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject(place(yaml, "receipts] }"));
    expect(issue.message).toContain("no service create-payment's requests reach publishes to receipts");
  });

  it("refuses a name declared twice, at the second", () => {
    const yaml = edit("name: payment-status", "name: create-payment");
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject({ line: 18, column: 15 });
    expect(issue.message).toContain('operation "create-payment" is declared twice');
  });

  it("refuses a name that slo and expect use for the whole run", () => {
    const yaml = edit("name: payment-status", "name: availability").replace(
      'expect:\n  payment-status: { failedRequests: "== 0" }\n',
      "",
    );
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject({ line: 18, column: 15 });
    expect(issue.message).toContain('an operation cannot be named "availability"');
  });

  it("refuses writeRatio on a client: each operation says whether it writes", () => {
    const yaml = edit("rate: 50/s }", "rate: 50/s, writeRatio: 20% }");
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject(place(yaml, "20% }"));
    expect(issue.message).toContain("writeRatio does not apply with workload.operations");
  });

  it("takes a client's own mix, whose keys are operations and whose shares add up to 100%", () => {
    const mix = edit("rate: 50/s }", "rate: 50/s, operations: { create-payment: 40%, payment-status: 60% } }");
    expect(loadScenario(mix, "payments.yaml").world.clients[0]).toMatchObject({
      operationShares: [0.4, 0.6],
      writeRatio: 0.4,
    });
    const unknownKey = mix.replace("create-payment: 40%", "create-paymen: 40%");
    const [unknownIssue] = issuesOf(unknownKey);
    expect(unknownIssue).toMatchObject(place(unknownKey, "create-paymen:"));
    expect(unknownIssue.message).toContain('unknown operation "create-paymen"; did you mean create-payment?');
    const short = mix.replace("payment-status: 60%", "payment-status: 50%");
    const [shortIssue] = issuesOf(short);
    expect(shortIssue).toMatchObject(place(short, "{ create-payment: 40%"));
    expect(shortIssue.message).toContain(
      "this client's shares add up to 90% (create-payment 40% + payment-status 50%)",
    );
  });

  it("refuses targets on an operation that is not declared, with a guess", () => {
    const yaml = edit("  create-payment: { availability", "  create-paymnt: { availability");
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject(place(yaml, "create-paymnt"));
    expect(issue.message).toContain('unknown operation "create-paymnt"; did you mean create-payment?');
  });

  it("says a misspelt metric under slo is an unknown key, not an operation", () => {
    const yaml = edit('  availability: ">= 99%"', '  availabilty: ">= 99%"');
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject(place(yaml, "availabilty"));
    expect(issue.message).toContain('slo: unknown key "availabilty"; did you mean availability?');
  });

  it("refuses a metric an operation does not measure", () => {
    const yaml = edit('latencyP99: "<= 500ms"', 'rto: "<= 5m"');
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject(place(yaml, "rto"));
    expect(issue.message).toContain('unknown key "rto"');
  });

  it("reports every problem at once, top to bottom", () => {
    const yaml = edit("share: 90%", "share: 80%").replace("calls: [payment-gateway]", "calls: [nowhere]");
    const issues = issuesOf(yaml);
    expect(issues.map((issue) => [issue.line, issue.column])).toEqual([
      [17, 5],
      [17, place(yaml, "nowhere").column],
    ]);
  });

  it("lets a probe name one, and only a declared one", () => {
    const probe = "  probes: [{ name: status-probe, from: r, service: api, operation: payment-sttus }]\n  services:";
    const yaml = edit("  services:", probe);
    const [issue] = issuesOf(yaml);
    expect(issue).toMatchObject(place(yaml, "payment-sttus"));
    expect(issue.message).toContain('unknown operation "payment-sttus"; did you mean payment-status?');
    const fixed = loadScenario(yaml.replace("payment-sttus", "payment-status"), "payments.yaml");
    expect(fixed.world.clients.find((client) => client.name === "status-probe")?.operation).toBe(1);
  });

  it("warns of a call no operation makes", () => {
    const yaml = edit("calls: [payment-gateway], publishes", "publishes");
    const scenario = loadScenario(yaml, "payments.yaml");
    const warning = scenario.warnings.find((w) => w.message.includes("no operation calls payment-gateway"));
    expect(warning).toMatchObject(place(yaml, "payment-gateway, timeout"));
  });

  it("take overrides like any key: a target on an operation can be added with --set", () => {
    const scenario = loadScenario(VALID, "payments.yaml", {
      overrides: ['slo.payment-status.availability=">= 99.99%"'],
    });
    expect(scenario.slo.at(-1)).toMatchObject({ name: "availability", operation: "payment-status" });
  });
});
