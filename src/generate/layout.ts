/**
 * Where each generated file goes, relative to the output folder. One place, so the build, the
 * writer, `mixkit check` and the README agree.
 */

/** Top-level folders of the mixins' files. */
export const artifactRoots = ["rules", "dashboards", "analysis"] as const;

/** The files of the last build, so a later build removes only what mixkit wrote. */
export const manifestFile = ".mixkit-manifest.json";

/**
 * Present only while a build writes (see lock.ts): not an output, so `mixkit check` and the
 * manifest never name it.
 */
export const lockFile = ".mixkit-build.lock";

/** Lists the Kubernetes manifests, so a Flux Kustomization or an Argo CD Application can apply the folder. */
export const kustomizationFile = "kustomization.yaml";

export const rulesPath = (mixin: string, file: string) => `rules/${mixin}/${file}`;
export const dashboardsPath = (mixin: string, file: string) => `dashboards/${mixin}/${file}`;
export const analysisPath = (set: string, file: string) => `analysis/${set}/${file}`;
