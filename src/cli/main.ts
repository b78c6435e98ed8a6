#!/usr/bin/env node
/** The `mixkit` command. Subcommands (build, check, test, lint, init) arrive with the CLI issue. */
const usage = `Usage: mixkit <command>

Commands (planned): build, check, test, lint, init.
This version provides the library API only: import { ... } from "mixkit".`;

const [command] = process.argv.slice(2);
if (command === undefined || command === "help" || command === "--help" || command === "-h") {
  console.log(usage);
} else {
  console.error(`mixkit: unknown command "${command}"\n\n${usage}`);
  process.exitCode = 2;
}
