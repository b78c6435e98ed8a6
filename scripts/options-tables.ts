/**
 * The README's tables of mixin options, generated from the mixins' config schemas (descriptions,
 * defaults, examples): `npx tsx scripts/options-tables.ts` rewrites them between the README's
 * `<!-- options:start -->` and `<!-- options:end -->` markers; test/options-docs.test.ts fails
 * when they differ from the schemas.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { commonConfig } from "../src/mixins/common/config.js";
import { shippedMixinNames, type ShippedMixinName } from "../src/mixins/names.js";
import { mixinOptions, tsValue, type MixinOption } from "../src/mixins/options.js";
import { shippedMixinSchemas } from "../src/mixins/schemas.js";

const root = path.resolve(import.meta.dirname, "..");
export const readmePath = path.join(root, "README.md");
export const startMarker = "<!-- options:start -->";
export const endMarker = "<!-- options:end -->";

export const mixinTitles: Readonly<Record<ShippedMixinName, string>> = {
  "external-secrets": "External Secrets Operator",
  flux: "Flux",
  spire: "SPIRE",
  "progressive-delivery": "Progressive delivery (Flagger, Keptn)",
};

const cell = (text: string) => text.replace(/\|/g, "\\|");

function defaultCell(o: MixinOption): string {
  if (o.section) return "";
  if (o.value === undefined)
    return o.example === undefined ? "unset" : `unset, e.g. \`${tsValue(o.example)}\``;
  return `\`${tsValue(o.value)}\``;
}

function table(options: readonly MixinOption[]): string {
  return [
    "| Option | Default | What it does |",
    "| --- | --- | --- |",
    ...options.map((o) => `| \`${o.path}\` | ${cell(defaultCell(o))} | ${cell(o.description)} |`),
  ].join("\n");
}

/** The tables, as the README holds them between the markers (prettier-formatted). */
export async function optionsTables(): Promise<string> {
  const common = new Set(Object.keys(commonConfig));
  const first = mixinOptions(shippedMixinSchemas[shippedMixinNames[0]]);
  const parts = [
    "Options every mixin takes:",
    table(first.filter((o) => o.depth === 0 && common.has(o.key))),
    ...shippedMixinNames.flatMap((name) => [
      `${mixinTitles[name]} (\`${name}\`, details in [docs/mixins/${name}.md](docs/mixins/${name}.md)):`,
      table(
        mixinOptions(shippedMixinSchemas[name]).filter(
          (o) => !(o.depth === 0 && common.has(o.key)),
        ),
      ),
    ]),
  ];
  const options = (await prettier.resolveConfig(readmePath)) ?? {};
  return prettier.format(parts.join("\n\n"), { ...options, parser: "markdown" });
}

/** The README's text between the markers, or undefined when it has no markers. */
export function readmeTables(readme: string): string | undefined {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + startMarker.length, end).trim() + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(readmePath, "utf8");
  if (readmeTables(readme) === undefined)
    throw new Error(`README.md has no ${startMarker} ... ${endMarker} section`);
  const start = readme.indexOf(startMarker) + startMarker.length;
  const end = readme.indexOf(endMarker);
  writeFileSync(
    readmePath,
    `${readme.slice(0, start)}\n\n${await optionsTables()}\n${readme.slice(end)}`,
  );
}
