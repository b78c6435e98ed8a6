/**
 * SPIRE's metrics (research/domain-metrics.md §3): built by hashicorp/go-metrics, so counters have no
 * `_total`, every series carries `host` (the pod name), `status` is a gRPC code name (`OK` on
 * success) and `_elapsed_time` summaries are in milliseconds.
 */
import { defineCatalog, defineMetric } from "../../catalog/define.js";
import { up } from "../common/controller-runtime.js";

const telemetry = { component: "spire", file: "doc/telemetry/telemetry.md" };
// The research pins few first releases; where it does not, `since` is the oldest SPIRE the mixin supports.
const supported = "v1.0.0";

/** A call counter: one count per call, by gRPC status. */
const calls = <const N extends string>(name: N, help: string, since = supported) =>
  defineMetric({
    name,
    kind: "counter",
    labels: ["status", "host"],
    unit: "count",
    help,
    source: telemetry,
    since,
  });

export const agentSyncEntries = calls(
  "spire_agent_manager_sync_fetch_entries_updates",
  "Agent-to-server syncs of registration entries (about every 5 s), by gRPC status.",
);
export const agentSyncEntriesTime = defineMetric({
  name: "spire_agent_manager_sync_fetch_entries_updates_elapsed_time",
  kind: "summary",
  labels: ["status", "host"],
  unit: "milliseconds",
  help: "Time of one agent-to-server entries sync, in milliseconds (summary, 0.5/0.9/0.99).",
  source: telemetry,
  since: supported,
});
export const agentSvidRotate = calls(
  "spire_agent_agent_svid_rotate",
  "Rotations of the agent's own SVID, by gRPC status.",
);
export const serverAttestAgent = calls(
  "spire_server_rpc_agent_v1_agent_attest_agent",
  "Node attestations of agents, seen from the server, by gRPC status.",
);
export const serverCaPrepare = calls(
  "spire_server_ca_manager_x509_ca_prepare",
  "Preparations of the server's next X.509 CA (at half the current one's lifetime, capped at 30d), by gRPC status.",
);
/*
 * The server's datastore calls (pkg/common/telemetry/server/datastore, wrapped around the SQL
 * plugin by pkg/server/catalog/catalog.go). A database fault surfaces as status `Unknown`
 * (gormToGRPCStatus in pkg/server/datastore/sqlstore/sqlstore.go).
 */
export const serverDatastoreEntryList = calls(
  "spire_server_datastore_registration_entry_list",
  "Pages of registration entries a server lists from its datastore: its entry cache reloads every 5 s (the default full cache), by gRPC status.",
);
export const serverDatastoreEntryEventList = calls(
  "spire_server_datastore_registration_entry_event_list",
  "Polls of the registration entry events in the datastore, every 5 s with the experimental events-based cache, by gRPC status.",
  "v1.8.0",
);
/*
 * The agent-facing RPCs, counted by the server's metrics middleware (pkg/common/api/middleware):
 * `rpc` + service + method in snake case.
 */
export const serverSyncAuthorizedEntries = calls(
  "spire_server_rpc_entry_v1_entry_sync_authorized_entries",
  "Agents' entry syncs (a stream per sync; agents use it unless use_sync_authorized_entries is false), by gRPC status.",
  "v1.8.7",
);
export const serverGetAuthorizedEntries = calls(
  "spire_server_rpc_entry_v1_entry_get_authorized_entries",
  "Agents' entry fetches, when the agent runs with use_sync_authorized_entries = false, by gRPC status.",
);
export const serverBatchNewX509Svid = calls(
  "spire_server_rpc_svid_v1_svid_batch_new_x509svid",
  "Calls in which agents have the server sign workload X.509-SVIDs, by gRPC status.",
);
/*
 * Every signature made with the server's CA or JWT keys: the KeyManager is wrapped by
 * pkg/common/telemetry/server/keymanager, so a KeyManager or KMS fault shows here, while
 * BatchNewX509SVID reports per-SVID failures inside a successful response.
 */
export const serverKeyManagerSign = calls(
  "spire_server_server_key_manager_sign_data",
  "Signatures made with the server's keys (X.509 and JWT SVIDs, CA certificates) through its KeyManager, by gRPC status.",
);
export const agentStarted = defineMetric({
  name: "spire_agent_started",
  kind: "info",
  labels: ["version", "trust_domain_id", "host"],
  unit: "none",
  help: "1 for each running SPIRE agent, with its version and trust domain.",
  source: telemetry,
  since: supported,
});
export const serverStarted = defineMetric({
  name: "spire_server_started",
  kind: "info",
  labels: ["version", "trust_domain_id", "host"],
  unit: "none",
  help: "1 for each running SPIRE server, with its version and trust domain.",
  source: telemetry,
  since: supported,
});
export const caRotateExpiration = defineMetric({
  name: "spire_server_manager_x509_ca_rotate_expiration",
  kind: "gauge",
  labels: ["trust_domain_id", "host"],
  unit: "unix_seconds",
  help: "When the active X.509 CA expires (set when a CA is activated), as a Unix time.",
  source: { component: "spire", file: "pkg/common/telemetry/server" },
  // Added by b3bf767ae (spiffe/spire#6303, 2025-10-15); the first tag holding it is v1.13.3.
  since: "v1.13.3",
});

export const catalog = defineCatalog({
  agentSyncEntries,
  agentSyncEntriesTime,
  agentSvidRotate,
  serverAttestAgent,
  serverCaPrepare,
  serverDatastoreEntryList,
  serverDatastoreEntryEventList,
  serverSyncAuthorizedEntries,
  serverGetAuthorizedEntries,
  serverBatchNewX509Svid,
  serverKeyManagerSign,
  agentStarted,
  serverStarted,
  caRotateExpiration,
  up,
});
