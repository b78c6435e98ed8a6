#!/usr/bin/env node
/** The `mixkit` bin. */
import * as nodeModule from "node:module";
import path from "node:path";
import { cacheDirFor } from "../project/loader/cache.js";

// Where Node can keep compiled code between runs (22.1 and later), mixkit's modules start from it:
// in the project's node_modules/.cache, as the strip cache (Node checks each entry's source).
const enableCompileCache = (nodeModule as { enableCompileCache?: (dir: string) => unknown })
  .enableCompileCache;
const compileCache = cacheDirFor(path.join(process.cwd(), "mixkit.config.ts"), "v8");
if (enableCompileCache !== undefined && compileCache !== undefined)
  enableCompileCache(compileCache);

// Imported after the cache is on, so that they use it.
const { processIo } = await import("./io.js");
const { runCli } = await import("./run.js");
process.exitCode = await runCli(process.argv.slice(2), processIo());
