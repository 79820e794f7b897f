/** Constructors for per-file findings. */
import type { FileFindings, FileKind } from "./types.js";

export function emptyFindings(path: string, kind: FileKind): FileFindings {
  return {
    path,
    kind,
    facts: [],
    parameters: [],
    invocations: [],
    imports: [],
    configReferences: [],
    packages: [],
    hydraDefaults: [],
    consoleScripts: [],
    traits: null,
    measurementRuns: null,
    warnings: [],
  };
}
