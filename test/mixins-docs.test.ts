/**
 * Every shipped mixin has its runbooks, where each alert's runbook_url points (an H2 per alert,
 * GitHub's anchor is the lowercased name), and its docs with the comparison against upstream.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { shippedMixins } from "../src/mixins/index.js";
import { AlertingRule } from "../src/index.js";

const root = path.resolve(import.meta.dirname, "..");
const mixins = Object.entries(shippedMixins).map(([name, build]) => [name, build()] as const);

describe.each(mixins)("the %s mixin's documents", (name, mixin) => {
  it("have a runbook section for every alert, the anchor its runbook_url names", () => {
    const file = path.join(root, "docs/runbooks", `${name}.md`);
    expect(existsSync(file), `docs/runbooks/${name}.md`).toBe(true);
    const headings = new Set(
      [...readFileSync(file, "utf8").matchAll(/^## (\S+)$/gm)].map((m) => m[1]),
    );
    const alerts = mixin.groups.flatMap((g) => g.rules).filter((r) => r instanceof AlertingRule);
    expect(alerts.length).toBeGreaterThan(0);
    for (const rule of alerts) {
      expect(headings.has(rule.name), `no "## ${rule.name}" in docs/runbooks/${name}.md`).toBe(
        true,
      );
      expect(String(rule.annotations()["runbook_url"])).toMatch(
        new RegExp(`/${name}\\.md#${rule.name.toLowerCase()}$`),
      );
    }
  });

  it("describe the mixin and compare it with upstream", () => {
    const file = path.join(root, "docs/mixins", `${name}.md`);
    expect(existsSync(file), `docs/mixins/${name}.md`).toBe(true);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/upstream/i);
    expect(text).toMatch(/^\|.*\|$/m); // a table
  });
});
