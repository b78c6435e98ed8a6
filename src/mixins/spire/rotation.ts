/**
 * SPIRE's X.509 CA rotation, as the server's CA manager runs it (spiffe/spire
 * `pkg/server/ca/manager/manager.go`, commit ef8527e, v1.15.3; see research/domain-review.md A1):
 * the next CA is prepared when `min(lifetime / 2, 30d)` of the current one is left
 * (`preparationThresholdDivisor = 2`) and activated when `min(lifetime / 6, 7d)` is left
 * (`activationThresholdDivisor = 6`). The gauge `spire_server_manager_x509_ca_rotate_expiration` is
 * set on activation to the active CA's NotAfter. All times here are in seconds.
 */

const day = 86_400;

/** How much of a CA's lifetime is left when SPIRE prepares the next one. */
export function preparationLead(caTtl: number): number {
  return Math.min(caTtl / 2, 30 * day);
}

/** How much of a CA's lifetime is left when SPIRE activates the next one: the lowest a healthy server shows. */
export function activationLead(caTtl: number): number {
  return Math.min(caTtl / 6, 7 * day);
}

/** One CA of a healthy server: when it was prepared, when it became active, and its NotAfter. */
export interface CaActivation {
  readonly preparedAt: number;
  readonly activeAt: number;
  readonly notAfter: number;
}

/**
 * The first `count` CAs of a healthy server started at `start` with a fresh CA: the first is
 * prepared and activated at once; each next one is prepared (with a full `caTtl`) when the active
 * one reaches its preparation lead, and activated when it reaches its activation lead. The time left
 * on the active CA therefore runs from `caTtl - preparationLead + activationLead` down to
 * `activationLead`, once every `caTtl - preparationLead`.
 */
export function caActivations(caTtl: number, count: number, start = 0): CaActivation[] {
  const out: CaActivation[] = [{ preparedAt: start, activeAt: start, notAfter: start + caTtl }];
  while (out.length < count) {
    const current = out[out.length - 1] as CaActivation;
    const preparedAt = current.notAfter - preparationLead(caTtl);
    out.push({
      preparedAt,
      activeAt: current.notAfter - activationLead(caTtl),
      notAfter: preparedAt + caTtl,
    });
  }
  return out;
}
