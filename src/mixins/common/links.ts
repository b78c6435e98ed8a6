/**
 * Where a shipped mixin's alerts link. Without `runbookBaseUrl`, to the runbooks as shipped with the
 * installed mixkit: its own docs/runbooks/<mixin>.md at the release tag on GitHub, a stable public
 * page. Without `grafanaUrl`, nowhere: an alert gets no dashboard_url rather than a made-up host.
 * `mixkit lint` reports either unset URL (see build/lint.ts).
 */
import { readFileSync } from "node:fs";

/** mixkit's public repository, where the runbooks of each release are. */
export const repositoryUrl = "https://github.com/mixkit-dev/mixkit";

let version: string | undefined;

/** The installed mixkit's version, from its package.json (src/ and dist/ sit at the same depth). */
export function mixkitVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;
  return version;
}

/** The runbook page of a shipped mixin as released with this version of mixkit. */
export function shippedRunbooks(mixin: string): string {
  return `${repositoryUrl}/blob/v${mixkitVersion()}/docs/runbooks/${mixin}.md`;
}

/** `<runbookBaseUrl or the shipped page>#<alert name lower-cased>`: the runbook's H2 anchor. */
export function runbookLink(
  config: { readonly runbookBaseUrl?: string | undefined },
  mixin: string,
  alertName: string,
): string {
  return `${config.runbookBaseUrl ?? shippedRunbooks(mixin)}#${alertName.toLowerCase()}`;
}

/** `<grafanaUrl>/d/<uid>/<slug>?<params>`, or no link without a Grafana URL. */
export function dashboardLink(
  config: { readonly grafanaUrl?: string | undefined },
  uid: string,
  slug: string,
  params: readonly string[],
): string | undefined {
  if (config.grafanaUrl === undefined) return undefined;
  return `${config.grafanaUrl}/d/${uid}/${slug}${params.length ? `?${params.join("&")}` : ""}`;
}
