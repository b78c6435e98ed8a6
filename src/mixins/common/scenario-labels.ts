/**
 * Input series of a mixin's scenarios must match the config's selectors. An exact value is used as
 * it is; for a regex, the first simple candidate it matches stands in (its literal text with `.*`
 * dropped and `.+` as "x", each alternative, "x"). A regex none of them matches is a config error.
 */
import { MixinConfigError, type MatcherValue } from "./config.js";

function candidates(regex: string): string[] {
  const literal = (r: string) =>
    r
      .replace(/^\^|\$$/g, "")
      .replace(/[()]/g, "")
      .replace(/\.\*/g, "")
      .replace(/\.\+/g, "x")
      .replace(/\\(.)/g, "$1");
  return [literal(regex), ...regex.split("|").map(literal), "x", "default"];
}

/** A value `regex` matches (anchored, as PromQL anchors it), or undefined. */
export function exampleValue(regex: string): string | undefined {
  const re = new RegExp(`^(?:${regex})$`);
  return candidates(regex).find((c) => re.test(c));
}

export function exactLabels(
  mixin: string,
  selector: Readonly<Record<string, MatcherValue>>,
  path: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [label, value] of Object.entries(selector)) {
    const example = typeof value === "string" ? value : exampleValue(value.regex);
    if (example === undefined)
      throw new MixinConfigError(mixin, [
        {
          path: `${path}.${label}`,
          message: `the scenarios need a value this regex matches and found none; use a plain string or a simpler regex`,
        },
      ]);
    out[label] = example;
  }
  return out;
}
