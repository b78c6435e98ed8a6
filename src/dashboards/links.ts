/**
 * Links: in the dashboard's header (to dashboards by tag, or to a URL) and the URLs of other
 * dashboards, for panel and data links. Links to `/d/<uid>` are checked by lint against the build.
 */
import type { DashboardLinkModel } from "./model.js";
import { slug } from "./ids.js";

/** A dashboard to link to: its uid, or anything with `uid` and `title` (a dashboard builder). */
export type DashboardRef = string | { readonly uid: string; readonly title?: string };

type LinkIcon = DashboardLinkModel["icon"];

interface LinkSpec {
  readonly title: string;
  readonly tooltip?: string;
  readonly icon?: LinkIcon;
  /** Pass the current variable values along (default true). */
  readonly includeVars?: boolean;
  /** Pass the current time range along (default true). */
  readonly keepTime?: boolean;
  readonly targetBlank?: boolean;
}

function linkModel(
  type: DashboardLinkModel["type"],
  spec: LinkSpec,
  extra: { url?: string; tags?: readonly string[]; asDropdown?: boolean },
): DashboardLinkModel {
  return {
    type,
    title: spec.title,
    tooltip: spec.tooltip ?? "",
    icon: spec.icon ?? (type === "dashboards" ? "external link" : "dashboard"),
    includeVars: spec.includeVars ?? true,
    keepTime: spec.keepTime ?? true,
    targetBlank: spec.targetBlank ?? false,
    tags: [...(extra.tags ?? [])],
    asDropdown: extra.asDropdown ?? false,
    ...(extra.url === undefined ? {} : { url: extra.url }),
  };
}

/** Links to every dashboard carrying all of `tags` (e.g. the other dashboards of a mixin). */
export function dashboardsLink(
  spec: LinkSpec & { readonly tags: readonly string[]; readonly asDropdown?: boolean },
): DashboardLinkModel {
  return linkModel("dashboards", spec, {
    tags: spec.tags,
    ...(spec.asDropdown === undefined ? {} : { asDropdown: spec.asDropdown }),
  });
}

/** A link to a URL, or to another dashboard with `dashboardUrl(...)`. */
export function urlLink(spec: LinkSpec & { readonly url: string }): DashboardLinkModel {
  return linkModel("link", spec, { url: spec.url });
}

export interface DashboardUrlOptions {
  /** Variables to set, e.g. `{ namespace: "${__field.labels.exported_namespace}" }` in a data link. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Keep the time range (`${__url_time_range}`); default true. */
  readonly keepTime?: boolean;
  /** Pass every variable of this dashboard along (`${__all_variables}`); default false. */
  readonly includeVars?: boolean;
}

/** `/d/<uid>/<slug>?...`: the URL of another dashboard, for panel and data links. */
export function dashboardUrl(target: DashboardRef, options: DashboardUrlOptions = {}): string {
  const uid = typeof target === "string" ? target : target.uid;
  const title = typeof target === "string" ? undefined : target.title;
  const path = title === undefined || slug(title) === "" ? `/d/${uid}` : `/d/${uid}/${slug(title)}`;
  const params = Object.entries(options.vars ?? {}).map(([name, value]) => `var-${name}=${value}`);
  if (options.includeVars) params.push("${__all_variables}");
  if (options.keepTime ?? true) params.push("${__url_time_range}");
  return params.length === 0 ? path : `${path}?${params.join("&")}`;
}

/** The dashboard uids a URL points at (`/d/<uid>`), for the link check. */
export function linkedUids(url: string): string[] {
  return [...url.matchAll(/\/d\/([A-Za-z0-9_-]+)/g)].map((m) => m[1] ?? "");
}
