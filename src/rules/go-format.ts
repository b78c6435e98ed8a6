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

/**
 * Prometheus' `humanizeDuration`: seconds as `1d 2h 3m 4s` (whole seconds once a minute or more,
 * the leading zero units left out), `%.4g` seconds under a minute, and SI-prefixed seconds under one
 * (`500ms`, `1.5us`). Go truncates to whole seconds with int64 arithmetic, done here on BigInt so
 * values past 2^53 come out the same.
 */
export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return formatGoG4(v);
  if (v === 0) return `${formatGoG4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? "-" : "";
    const abs = Math.abs(v);
    // Go's float64 -> int64 conversion of a value out of range gives the minimum int64 on amd64.
    const whole = abs < 2 ** 63 ? BigInt(Math.trunc(abs)) : -(2n ** 63n);
    const seconds = whole % 60n;
    const minutes = (whole / 60n) % 60n;
    const hours = (whole / 3600n) % 24n;
    const days = whole / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${formatGoG4(abs)}s`;
  }
  let value = v;
  let i = 0;
  while (Math.abs(value) < 1 && i < smallPrefixes.length - 1) {
    value *= 1000;
    i++;
  }
  return `${formatGoG4(value)}${smallPrefixes[i]}s`;
}

/**
 * Prometheus' `humanizeTimestamp`: Unix seconds as Go prints a UTC time.Time,
 * `2006-01-02 15:04:05.999999999 +0000 UTC`, at the millisecond precision Prometheus keeps
 * (model.TimeFromUnixNano truncates), fractional seconds shown only when not zero. Undefined for a
 * value whose nanoseconds overflow int64, which Prometheus refuses.
 */
export function humanizeTimestamp(v: number): string | undefined {
  if (!Number.isFinite(v)) return formatGoG4(v);
  const nanos = v * 1e9;
  if (nanos >= 2 ** 63 || nanos < -(2 ** 63)) return undefined;
  // int64(v * 1e9) / 1e6: both Go conversions truncate toward zero.
  const ms = Number(BigInt(Math.trunc(nanos)) / 1_000_000n);
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  const fraction = ((ms % 1000) + 1000) % 1000;
  const fractionText = fraction === 0 ? "" : `.${pad(fraction, 3).replace(/0+$/, "")}`;
  return (
    `${yearText}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
    `${fractionText} +0000 UTC`
  );
}
