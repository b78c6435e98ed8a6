/**
 * Type tests for Alertmanager inhibitions: `equal` names labels both alerts carry, by the rules'
 * types. test/type-tests.test.ts proves each annotated line fails with the message above it.
 */
import { inhibit } from "../../src/index.js";
import { notReady, providerErrors, syncErrors } from "../fixtures/sample-rules.js";

export const ok = [
  inhibit(notReady, syncErrors, { equal: ["exported_namespace", "name"] }),
  inhibit(providerErrors, [notReady, syncErrors], { equal: [] }),
];

// equal-not-on-target: the provider alert has no namespace.
inhibit(notReady, providerErrors, {
  // error: Type 'string' is not assignable to type 'never'
  // @ts-expect-error ExternalSecretProviderErrors keeps provider and call only
  equal: ["exported_namespace"],
});

// equal-not-on-every-target: one of several targets lacks the label.
inhibit(syncErrors, [notReady, providerErrors], {
  // error: Type 'string' is not assignable to type 'never'
  // @ts-expect-error ExternalSecretProviderErrors has no name
  equal: ["name"],
});

// source-labels-unknown: a source label the source's expression does not keep.
inhibit(notReady, syncErrors, {
  equal: [],
  // error: Object literal may only specify known properties, and 'component' does not exist in type
  // @ts-expect-error ExternalSecretNotReady keeps exported_namespace and name
  sourceLabels: { component: "x" },
});
