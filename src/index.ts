/** The public API of mixkit. */
export * from "./promql/index.js";
