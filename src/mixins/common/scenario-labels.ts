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

/**
 * `base` made into the labels of a target the selector does not match (one matcher broken), for a
 * scenario's "some other target" series; undefined when the selector matches every target.
 */
export function labelsOutside(
  selector: Readonly<Record<string, MatcherValue>>,
  base: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  for (const [label, value] of Object.entries(selector)) {
    const { [label]: _, ...rest } = base;
    if (typeof value === "string") return { ...rest, [label]: `${value}-other` };
    const re = new RegExp(`^(?:${value.regex})$`);
    // A series without the label has it empty, as far as a matcher is concerned.
    if (!re.test("")) return rest;
    const other = ["other", "0", "-", "x y"].find((c) => !re.test(c));
    if (other !== undefined) return { ...rest, [label]: other };
  }
  return undefined;
}

/** The labels `absent()` of a selector gives: its equality matchers with a value. */
export function absentLabels(
  selector: Readonly<Record<string, MatcherValue>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(selector).filter(
      (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
    ),
  );
}
