/** Every PromQL mistake found at build time; `where` names the expression or object it came from. */
export class PromQLError extends Error {
  override readonly name = "PromQLError";
  constructor(message: string) {
    super(message);
  }
}
