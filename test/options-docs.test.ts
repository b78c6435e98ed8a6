/**
 * The mixins' options are documented from their schemas, so the documents cannot drift: the
 * README's option tables are what scripts/options-tables.ts generates from the schemas, and each
 * `docs/mixins/<name>.md` configuration table has a row for every option (or for the section
 * holding it), each at the schema's default, and no row for an option the schema does not have.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { optionsTables, readmePath, readmeTables } from "../scripts/options-tables.js";
import { shippedMixinNames } from "../src/mixins/names.js";
import { mixinOptions, tsValue, type MixinOption } from "../src/mixins/options.js";
import { shippedMixinSchemas } from "../src/mixins/schemas.js";

const root = path.resolve(import.meta.dirname, "..");

it("the README's option tables are generated from the schemas", async () => {
  const readme = readFileSync(readmePath, "utf8");
  const tables = readmeTables(readme);
  expect(tables, "README.md has the options:start and options:end markers").toBeDefined();
  expect(tables, "run `npx tsx scripts/options-tables.ts` to regenerate them").toBe(
    await optionsTables(),
  );
  for (const name of shippedMixinNames)
    for (const o of mixinOptions(shippedMixinSchemas[name]))
      expect(tables).toContain(`\`${o.path}\``);
});

/** The rows of the `## Configuration` section's tables: option path -> default cell. */
function configurationRows(markdown: string): Map<string, string> {
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? "";
  return new Map(
    [...section.matchAll(/^\| `([\w.]+)` +\| ([^|]*?) +\|/gm)].map((m) => [
      m[1] as string,
      m[2] as string,
    ]),
  );
}

/** How the docs write a default: strings bare, anything else as TypeScript. */
const documented = (o: MixinOption) =>
  `\`${typeof o.value === "string" ? o.value : tsValue(o.value)}\``;

describe.each(shippedMixinNames)("docs/mixins/%s.md's configuration table", (name) => {
  const rows = configurationRows(
    readFileSync(path.join(root, "docs/mixins", `${name}.md`), "utf8"),
  );
  const options = mixinOptions(shippedMixinSchemas[name]);

  it("has a row for every option, or for the section holding it", () => {
    expect(rows.size).toBeGreaterThan(10);
    const covered = (p: string): boolean =>
      rows.has(p) || (p.includes(".") && covered(p.slice(0, p.lastIndexOf("."))));
    expect(options.filter((o) => !o.section && !covered(o.path)).map((o) => o.path)).toEqual([]);
  });

  it("states each option's default as the schema does, and no option it does not have", () => {
    const byPath = new Map(options.map((o) => [o.path, o]));
    const wrong = [...rows].flatMap(([p, cell]) => {
      const o = byPath.get(p);
      if (o === undefined) return [`${p}: not an option of the ${name} mixin`];
      if (o.value === undefined)
        return cell.startsWith("unset") ? [] : [`${p}: ${cell}, not unset`];
      return cell === documented(o) ? [] : [`${p}: ${cell}, not ${documented(o)}`];
    });
    expect(wrong).toEqual([]);
  });
});
