/**
 * `mixkit init`: the starter config lists every option of every shipped mixin, from its schema
 * (description and default, commented out), builds as it is and with every option uncommented;
 * a tsconfig.json to type-check it is written beside it, and a user's own is never touched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "../src/cli/io.js";
import { runCli } from "../src/cli/run.js";
import { mixinBlock, starterConfig } from "../src/cli/starter-config.js";
import {
  shippedMixins,
  shippedMixinNames,
  type ShippedMixinConfigs,
  type ShippedMixinName,
} from "../src/mixins/index.js";
import { mixinOptions, tsValue, type MixinOption } from "../src/mixins/options.js";
import { shippedMixinSchemas } from "../src/mixins/schemas.js";
import { parseProjectConfig } from "../src/project/schema.js";
import { AlertingRule } from "../src/index.js";

const root = path.resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(path.join(tmpdir(), "mixkit-init-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const text = starterConfig(shippedMixinNames);

/** The commented-out line of an option in a mixin's block. */
const optionLine = (o: MixinOption) =>
  o.section
    ? `${"  ".repeat(o.depth + 3)}${o.key}: {`
    : `${"  ".repeat(o.depth + 3)}// ${o.key}: ${tsValue(o.example ?? o.value)},`;

/** The starter config with every option of every mixin uncommented. */
function uncommented(): string {
  const wanted = new Set(
    shippedMixinNames.flatMap((n) =>
      mixinOptions(shippedMixinSchemas[n])
        .filter((o) => !o.section)
        .map(optionLine),
    ),
  );
  return text
    .split("\n")
    .map((line) => (wanted.has(line) ? line.replace("// ", "") : line))
    .join("\n");
}

async function cli(args: readonly string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { cwd, out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("mixkit init's starter config", () => {
  it("enables every shipped mixin and is prettier-formatted", async () => {
    for (const name of shippedMixinNames) expect(text).toContain(mixinBlock(name));
    const prettier = await import("prettier");
    const options = (await prettier.resolveConfig(root)) ?? {};
    expect(await prettier.check(text, { ...options, parser: "typescript" })).toBe(true);
  });

  it.each(shippedMixinNames)(
    "lists every option of %s in its schema's order, with its description",
    (name) => {
      const block = mixinBlock(name).split("\n");
      const options = mixinOptions(shippedMixinSchemas[name]);
      expect(options.length).toBeGreaterThan(10);
      let at = 0;
      for (const o of options) {
        expect(o.description, o.path).toMatch(/\S/);
        const found = block.indexOf(optionLine(o), at);
        expect(found, `${name}: ${o.path} (${optionLine(o)})`).toBeGreaterThan(at);
        // Its description is the comment just above it.
        const above = block
          .slice(at, found)
          .map((l) => l.trim().replace(/^\/\/ /, ""))
          .join(" ");
        expect(above, o.path).toContain(o.description.split(" ").slice(-3).join(" "));
        at = found;
      }
    },
  );

  // Configs under which the alerts that are off by default exist.
  const everythingOn: { readonly [N in ShippedMixinName]: ShippedMixinConfigs[N] } = {
    "external-secrets": { kubeStateMetrics: { enabled: true } },
    flux: { sources: ["ksm", "flux-operator"] },
    spire: { serverReplicasMissing: { expected: 2 } },
    "progressive-delivery": {
      flagger: { kubeStateMetrics: { enabled: true } },
      keptn: { enabled: true, metricsOperatorSelector: { job: "keptn-metrics-operator" } },
    },
  };

  it.each(shippedMixinNames)("names only alerts the %s mixin defines", (name) => {
    const build = shippedMixins[name] as (
      config?: object,
    ) => ReturnType<(typeof shippedMixins)["flux"]>;
    const alerts = new Set(
      [build(), build(everythingOn[name])]
        .flatMap((m) => m.groups)
        .flatMap((g) => g.rules)
        .filter((r) => r instanceof AlertingRule)
        .map((r) => r.name),
    );
    const sections = mixinOptions(shippedMixinSchemas[name]).filter((o) => o.alerts.length > 0);
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) for (const a of s.alerts) expect(alerts, s.path).toContain(a);
  });

  it("builds with every option uncommented: the defaults and examples are valid", async () => {
    const all = uncommented();
    expect(all).not.toEqual(text);
    const file = path.join(tmp, "uncommented.mjs");
    const js = all.replace(
      'import { defineConfig } from "mixkit";',
      "const defineConfig = (c) => c;",
    );
    expect(js).not.toContain('from "mixkit"');
    writeFileSync(file, js);
    const config = ((await import(pathToFileURL(file).href)) as { default: unknown }).default;
    const parsed = parseProjectConfig(config);
    for (const name of shippedMixinNames) {
      const options = mixinOptions(shippedMixinSchemas[name]);
      const given = parsed.mixins[name] as Record<string, unknown>;
      // Every top-level option is given, and the mixin builds from it.
      for (const o of options.filter((o) => o.depth === 0))
        expect(given, o.path).toHaveProperty(o.key);
      const built = shippedMixinSchemas[name].parse(given) as Record<string, unknown>;
      const defaults = shippedMixinSchemas[name].parse({}) as Record<string, unknown>;
      for (const o of options.filter((o) => o.example === undefined && !o.section)) {
        const at = (v: Record<string, unknown>) =>
          o.path.split(".").reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], v);
        expect(at(built), o.path).toEqual(at(defaults));
      }
      expect(() => shippedMixins[name](given as never)).not.toThrow();
    }
  });

  it("type-checks with every option uncommented, against the built package", () => {
    // Inside the repository, "mixkit" resolves to this package's own exports (dist/).
    const file = path.join(root, "test", `.starter-${process.pid}.ts`);
    writeFileSync(file, uncommented());
    try {
      const options: ts.CompilerOptions = {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      };
      const program = ts.createProgram([file], options);
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(errors).toEqual([]);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe("mixkit init", () => {
  it("writes the config and a tsconfig.json that type-checks it", async () => {
    const dir = mkdtempSync(path.join(tmp, "fresh-"));
    const r = await cli(["init"], dir);
    expect(r.err).toBe("");
    expect(r.out).toContain("mixkit init: wrote mixkit.config.ts and tsconfig.json;");
    expect(r.out).toContain("npx tsc --noEmit");
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, "mixkit.config.ts"), "utf8")).toBe(text);
    const tsconfig = JSON.parse(readFileSync(path.join(dir, "tsconfig.json"), "utf8")) as {
      compilerOptions: Record<string, unknown>;
      include: string[];
    };
    expect(tsconfig.compilerOptions).toMatchObject({
      module: "ESNext",
      moduleResolution: "Bundler",
      strict: true,
      noEmit: true,
    });
    expect(tsconfig.include).toEqual(["mixkit.config.ts"]);
  });

  it("leaves a tsconfig.json of the user's as it is, even with --force, and says what it needs", async () => {
    const dir = mkdtempSync(path.join(tmp, "own-"));
    const own = '{ "compilerOptions": { "module": "commonjs" } } // mine\n';
    writeFileSync(path.join(dir, "tsconfig.json"), own);
    for (const args of [["init"], ["init", "--force"]]) {
      const r = await cli(args, dir);
      expect(r.code).toBe(0);
      expect(r.out).toContain("mixkit init: wrote mixkit.config.ts;");
      expect(r.out).toContain(
        'tsconfig.json exists and is left as it is; to type-check the config it needs "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler", "strict": true',
      );
      expect(readFileSync(path.join(dir, "tsconfig.json"), "utf8")).toBe(own);
    }
  });
});
