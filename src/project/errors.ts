/**
 * Errors of a project: every problem of the config and of the build it describes, each with where it
 * is (a config path like `mixins.external-secrets.externalSecretNotReady.for`, then the object) and
 * what is wrong. All problems are collected, so one run shows them all.
 */
export interface ProjectProblem {
  /** e.g. `custom.0 ("payments"), group "payments", alert "PaymentsDown", field "for"`. */
  readonly at: string;
  readonly message: string;
}

export class ProjectError extends Error {
  override readonly name = "ProjectError";
  constructor(readonly problems: readonly ProjectProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the project:\n` +
        problems.map((p) => `  - ${p.at || "(root)"}: ${p.message}`).join("\n"),
    );
  }
}

/** The config file could not be found, compiled, run, or has no default export. */
export class ConfigLoadError extends Error {
  override readonly name = "ConfigLoadError";
  constructor(
    readonly file: string,
    readonly reason: string,
    /** The user's files the failed load read (absolute), when it got that far: watch them too. */
    readonly files: readonly string[] = [],
  ) {
    super(`${file}: ${reason}`);
  }
}
