/**
 * Go's text formatting of float64 values, as Prometheus alert templates print them: `$value` is
 * formatted like fmt's %v, and `humanize` / `humanizePercentage` like Prometheus' template functions.
 * Needed to render the expected annotations of a promtool scenario from the rule's own template.
 */

/** Go's %v for a float64: shortest digits, exponent form when the exponent is < -4 or >= 21. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [mantissa = "", exp = "0"] = v.toExponential().split("e");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 21) return `${mantissa}e${goExponent(exponent)}`;
  return plainDecimal(mantissa, exponent);
}

function goExponent(e: number): string {
  return `${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function plainDecimal(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = exponent + 1;
  let out: string;
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? "-" : "") + out;
}

/** Go's %.4g: 4 significant digits, trailing zeros removed, exponent form when exp < -4 or >= 4. */
export function formatGoG4(v: number): string {
  if (!Number.isFinite(v)) return formatGoFloat(v);
  if (v === 0) return "0";
  const [m = "", e = "0"] = v.toExponential(3).split("e");
  const exponent = Number(e);
  const mantissa = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
  if (exponent < -4 || exponent >= 4) return `${mantissa}e${goExponent(exponent)}`;
  return plainDecimal(mantissa, exponent);
}

const bigPrefixes = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];
const smallPrefixes = ["", "m", "u", "n", "p", "f", "a", "z", "y"];

/** Prometheus' `humanize`: SI prefixes with 4 significant digits. */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return formatGoG4(v);
  let value = v;
  if (Math.abs(value) >= 1) {
    let i = 0;
    while (Math.abs(value) >= 1000 && i < bigPrefixes.length - 1) {
      value /= 1000;
      i++;
    }
    return `${formatGoG4(value)}${bigPrefixes[i]}`;
  }
  let i = 0;
  while (Math.abs(value) < 1 && i < smallPrefixes.length - 1) {
    value *= 1000;
    i++;
  }
  return `${formatGoG4(value)}${smallPrefixes[i]}`;
}

/** Prometheus' `humanizePercentage`: the ratio times 100 with 4 significant digits and `%`. */
export function humanizePercentage(v: number): string {
  return `${formatGoG4(v * 100)}%`;
}
