/**
 * A failed file-system call, in words: which path, and why, from the `code` Node puts on the error.
 * Pure, so every command says the same thing for the same failure.
 */

/** The error Node's fs functions throw: an errno `code`, the call, and the path it was given. */
export interface FileSystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
  readonly dest?: string;
}

export function isFileSystemError(err: unknown): err is FileSystemError {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === "string" &&
    typeof (err as { syscall?: unknown }).syscall === "string"
  );
}

/**
 * The error, saying it was about `file` (the file the user knows, not a temp file beside it) and
 * `syscall` (what was being done to it); any other error as it is.
 */
export function about(err: unknown, file: string, syscall: "write" | "unlink"): unknown {
  if (isFileSystemError(err)) return Object.assign(err, { path: file, syscall, dest: undefined });
  return err;
}

const causes: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder",
  ENOENT: "no such file or folder",
  EEXIST: "it exists already",
  ENOTEMPTY: "the folder is not empty",
  EBUSY: "it is busy",
  EMFILE: "too many open files",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EIO: "an input/output error",
  EXDEV: "it is on another file system",
};

/** What the call was doing to its path. */
function verb(syscall: string): string {
  switch (syscall) {
    case "mkdir":
      return "cannot create the folder";
    case "unlink":
    case "rmdir":
    case "rm":
      return "cannot remove";
    case "rename":
    case "link":
      return "cannot replace";
    case "open":
      return "cannot open";
    case "read":
    case "scandir":
    case "stat":
    case "lstat":
      return "cannot read";
    default:
      return "cannot write";
  }
}

/**
 * `cannot write out/rules/x.yaml: permission denied (EACCES)`; paths are shown by `shown` (e.g.
 * relative to the working folder). A rename names its destination, the file the user knows.
 */
export function fileSystemErrorText(err: FileSystemError, shown: (file: string) => string): string {
  const file = err.syscall === "rename" && err.dest !== undefined ? err.dest : err.path;
  const cause =
    err.syscall === "mkdir" && err.code === "EEXIST" ? "a file is in the way" : causes[err.code];
  const why = cause === undefined ? err.code : `${cause} (${err.code})`;
  return file === undefined
    ? `${verb(err.syscall)}: ${why}`
    : `${verb(err.syscall)} ${shown(file)}: ${why}`;
}
