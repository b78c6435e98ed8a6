/**
 * Holding off Ctrl-C (SIGINT) and SIGTERM while the output folder is written, so that a
 * build stopped in the middle of replacing files does not leave half of them replaced: a signal
 * that arrives is noted, and ends the process (as it would have) once `settle` is called, after the
 * folder and its lock are in order. Where the process listens to them itself (watch mode, which
 * ends after its round), they are left to that listener.
 */
import { setImmediate, setTimeout } from "node:timers/promises";

// Not SIGHUP: under nohup it is ignored, and a listener would undo that.
const signals = ["SIGINT", "SIGTERM"] as const;

export interface HeldSignals {
  /** A signal arrived that nobody else listens to: the process should end as soon as it can. */
  readonly ending: () => boolean;
  /** Stops holding signals off, and ends the process by the one that arrived, if any. */
  readonly settle: () => Promise<void>;
}

export function holdSignals(): HeldSignals {
  let received: NodeJS.Signals | undefined;
  const note = (signal: NodeJS.Signals) => {
    received ??= signal;
  };
  for (const s of signals) process.on(s, note);
  const ending = () => received !== undefined && process.listenerCount(received) === 1;
  return {
    ending,
    async settle() {
      // A signal that came during synchronous work is emitted when the event loop next polls:
      // a timer, then an immediate, lets one poll pass.
      await setTimeout(0);
      await setImmediate();
      const end = ending();
      for (const s of signals) process.off(s, note);
      if (end) process.kill(process.pid, received);
    },
  };
}
