/**
 * A read-only client of a Prometheus-compatible HTTP API (Prometheus, Thanos Query, Mimir's
 * Prometheus endpoint): GET only, a timeout per request, extra headers (a tenant), a bearer token
 * or basic auth from the environment. Every failure is a DoctorConnectionError with one line that
 * names the URL and the cause.
 */

export class DoctorConnectionError extends Error {
  override readonly name = "DoctorConnectionError";
  constructor(
    message: string,
    /** The HTTP status of the answer, when there was one. */
    readonly status?: number,
    /** Whether the server answered in the API's JSON, with an error. */
    readonly apiError = false,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir or Cortex. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Where credentials come from: MIXKIT_PROMETHEUS_TOKEN, or _USER and _PASSWORD. */
  readonly env?: NodeJS.ProcessEnv;
  /** The most series or names one answer may hold before the doctor stops (default 100,000). */
  readonly maxResults?: number;
}

export interface PrometheusApi {
  readonly url: string;
  /** The server's version, from /api/v1/status/buildinfo (undefined where it is not served). */
  version(): Promise<string | undefined>;
  /** Every metric name the server knows. */
  metricNames(): Promise<Set<string>>;
  /** An instant query's vector, as label sets and values. */
  query(expr: string): Promise<{ labels: Record<string, string>; value: number }[]>;
  /** A range query's series, each as its sample times in seconds. */
  queryRange(expr: string, startSec: number, endSec: number, stepSec: number): Promise<number[][]>;
}

function authorization(env: NodeJS.ProcessEnv): string | undefined {
  const token = env["MIXKIT_PROMETHEUS_TOKEN"];
  if (token) return `Bearer ${token}`;
  const user = env["MIXKIT_PROMETHEUS_USER"];
  if (user)
    return `Basic ${Buffer.from(`${user}:${env["MIXKIT_PROMETHEUS_PASSWORD"] ?? ""}`).toString("base64")}`;
  return undefined;
}

/** Why a fetch failed, in words: the cause node gives as a code. */
function causeOf(err: unknown, timeoutMs: number): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused (nothing listens there)";
    case "ENOTFOUND":
      return "host not found";
    case "ECONNRESET":
      return "connection reset";
  }
  if ((err as Error).name === "TimeoutError") return `no answer within ${timeoutMs / 1000}s`;
  return cause?.message ?? (err as Error).message;
}

export function prometheusApi(url: string, options: ClientOptions = {}): PrometheusApi {
  const base = url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxResults = options.maxResults ?? 100_000;
  const auth = authorization(options.env ?? process.env);
  const headers = {
    Accept: "application/json",
    ...options.headers,
    ...(auth ? { Authorization: auth } : {}),
  };

  const get = async <T>(path: string, params: Record<string, string> = {}): Promise<T> => {
    const query = new URLSearchParams(params).toString();
    const target = `${base}${path}${query ? `?${query}` : ""}`;
    const fail = (cause: string, status?: number, apiError = false) =>
      new DoctorConnectionError(`${base}: ${cause}`, status, apiError);
    let response: Response;
    try {
      response = await fetch(target, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw fail(causeOf(err, timeoutMs));
    }
    if (response.status === 401 || response.status === 403)
      throw fail(
        `HTTP ${response.status} on ${path}: the server refused the credentials (set MIXKIT_PROMETHEUS_TOKEN, or MIXKIT_PROMETHEUS_USER and MIXKIT_PROMETHEUS_PASSWORD)`,
        response.status,
      );
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw fail(causeOf(err, timeoutMs));
    }
    let body: { status?: string; data?: T; error?: string; warnings?: string[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      const type = response.headers.get("content-type") ?? "no content type";
      throw fail(
        `HTTP ${response.status} on ${path} with ${type}, not the Prometheus API's JSON: is this a Prometheus, Thanos or Mimir query URL (a proxy's error page)?`,
        response.status,
      );
    }
    if (body.status !== "success")
      throw fail(
        `${path}: ${body.error ?? `HTTP ${response.status}, status ${String(body.status)}`}`,
        response.status,
        true,
      );
    // Thanos answers a query some stores missed with warnings: a partial answer is no answer here.
    const partial = (body.warnings ?? []).find((w) => /partial|store/i.test(w));
    if (partial) throw fail(`${path}: a partial response (${partial})`);
    return body.data as T;
  };

  return {
    url: base,
    async version() {
      try {
        return (await get<{ version?: string }>("/api/v1/status/buildinfo")).version;
      } catch (err) {
        // Thanos and Mimir serve no buildinfo; their query API is what matters.
        if (err instanceof DoctorConnectionError && (err.apiError || err.status === 404))
          return undefined;
        throw err;
      }
    },
    async metricNames() {
      const names = await get<string[]>("/api/v1/label/__name__/values");
      if (!Array.isArray(names))
        throw new DoctorConnectionError(`${base}: /api/v1/label/__name__/values gave no list`);
      if (names.length > maxResults)
        throw new DoctorConnectionError(
          `${base}: ${names.length} metric names, more than the limit of ${maxResults}`,
        );
      return new Set(names);
    },
    async queryRange(expr, startSec, endSec, stepSec) {
      const data = await get<{ resultType: string; result: { values: [number, string][] }[] }>(
        "/api/v1/query_range",
        { query: expr, start: String(startSec), end: String(endSec), step: String(stepSec) },
      );
      if (data.resultType !== "matrix")
        throw new DoctorConnectionError(`${base}: ${expr} gave a ${data.resultType}, not a matrix`);
      if (data.result.length > maxResults)
        throw new DoctorConnectionError(
          `${base}: ${expr} gave ${data.result.length} series over the range, more than the limit of ${maxResults}`,
        );
      return data.result.map((r) => r.values.map(([t]) => t));
    },
    async query(expr) {
      const data = await get<{
        resultType: string;
        result: { metric: Record<string, string>; value: [number, string] }[];
      }>("/api/v1/query", { query: expr });
      if (data.resultType !== "vector")
        throw new DoctorConnectionError(`${base}: ${expr} gave a ${data.resultType}, not a vector`);
      if (data.result.length > maxResults)
        throw new DoctorConnectionError(
          `${base}: ${expr} gave ${data.result.length} series, more than the limit of ${maxResults}`,
        );
      return data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
    },
  };
}
