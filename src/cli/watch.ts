/**
 * `--watch` for the project commands: run a round now, then again whenever a file the config read
 * changes (the config and everything it imports, as the loader reports them), in this process, so
 * mixkit and its compiled code stay loaded and a round costs the build, not a start. A round that
 * fails (a config error) is shown and the watcher keeps the last good output and keeps watching,
 * the files of the failed load included. Ctrl-C (or SIGTERM) ends it with exit code 0, after the
 * round in progress.
 */
import { watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { CliError, exitCode, type Values } from "./command.js";
import type { Io } from "./io.js";
import { loadProject, ProjectLoadError, type LoadedProject } from "./project.js";

export const watchOption = { watch: { type: "boolean", short: "w" } } as const;
export const watchHelp = `  -w, --watch        run again whenever the config or a file it imports changes,
                     one line per round; a config error is shown and the last good
                     output stays; Ctrl-C stops (exit 0)`;

/** Watch rounds print text: a document per round would not be one document on stdout. */
export function watchedFormat(command: string, format: string): void {
  if (format !== "text")
    throw new CliError(`mixkit ${command}: --watch prints text; leave out --format ${format}`);
}

/** One round on a freshly loaded project: its line for the user. */
export type Round = (project: LoadedProject) => Promise<string>;

/** Events closer together than this make one round (an editor's save, a branch switch). */
const settle = 25;

/** Watches the folders of `files` and calls `changed` for events on those files. */
class FileWatch {
  private readonly watchers = new Map<string, FSWatcher>();
  private files = new Set<string>();

  constructor(private readonly changed: () => void) {}

  /** Watch exactly these files from now on. */
  set(files: Iterable<string>): void {
    this.files = new Set([...files].map((f) => path.resolve(f)));
    const dirs = new Set([...this.files].map((f) => path.dirname(f)));
    for (const [dir, watcher] of this.watchers)
      if (!dirs.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        // A folder, not the file: editors save by writing a new file and renaming it over the old.
        const watcher = watch(dir, (_, name) => {
          if (name === null || this.files.has(path.join(dir, name.toString()))) this.changed();
        });
        watcher.on("error", () => this.watchers.delete(dir));
        this.watchers.set(dir, watcher);
      } catch {
        // a folder that is gone: a later round that finds the file again watches it
      }
    }
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

export function watchProject(io: Io, values: Values, name: string, round: Round): Promise<number> {
  return new Promise((finish) => {
    let running: Promise<void> | undefined;
    let again = false;
    let timer: NodeJS.Timeout | undefined;
    let stopping = false;
    let lastGood: readonly string[] = [];

    const run = async () => {
      const started = performance.now();
      const took = () => `${Math.round(performance.now() - started)} ms`;
      try {
        const project = await loadProject(io, values);
        lastGood = project.sources;
        files.set(project.sources);
        io.out(`${await round(project)} (${took()})`);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        io.err(err.message);
        if (err instanceof ProjectLoadError && err.sources.length + lastGood.length === 0) {
          // Nothing to watch: the config itself was not found.
          stop(err.code);
          return;
        }
        if (err instanceof ProjectLoadError) files.set([...lastGood, ...err.sources]);
        io.err(`mixkit ${name}: watching; the last good output stays (${took()})`);
      }
    };
    const start = () => {
      running = run()
        .catch((err: unknown) => {
          io.err(`mixkit ${name}: unexpected error: ${(err as Error).stack ?? String(err)}`);
        })
        .finally(() => {
          running = undefined;
          if (again && !stopping) {
            again = false;
            start();
          }
        });
    };
    const changed = () => {
      if (stopping) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (running === undefined) start();
        else again = true;
      }, settle);
    };
    const files = new FileWatch(changed);

    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      files.close();
      process.off("SIGINT", interrupted);
      process.off("SIGTERM", interrupted);
      void (running ?? Promise.resolve()).then(() => finish(code));
    };
    const interrupted = () => stop(exitCode.ok);
    process.on("SIGINT", interrupted);
    process.on("SIGTERM", interrupted);
    io.err(`mixkit ${name}: watching the config and the files it imports; Ctrl-C to stop`);
    start();
  });
}
