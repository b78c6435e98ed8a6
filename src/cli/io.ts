/** Where a command reads and writes: passed in, so commands hold no process state of their own. */
export interface Io {
  readonly cwd: string;
  /** Results, for the reader or the next tool in a pipe. */
  readonly out: (text: string) => void;
  /** Errors and notes. */
  readonly err: (text: string) => void;
  /** Rewrites one status line in place; absent when stderr is not a terminal. */
  readonly status?: (text: string) => void;
}

/** The process's own streams. */
export function processIo(): Io {
  const { stdout, stderr } = process;
  return {
    cwd: process.cwd(),
    out: (text) => stdout.write(`${text}\n`),
    err: (text) => stderr.write(`${text}\n`),
    ...(stderr.isTTY ? { status: (text: string) => stderr.write(`\r\x1b[2K${text}`) } : {}),
  };
}
