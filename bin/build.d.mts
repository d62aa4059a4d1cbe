/** True when dist/ is missing, unfinished, or older than a source file or the build settings. */
export function isStale(): boolean;
/** Builds dist/ from scratch; returns the output files, relative to the project. */
export function buildDist(): Promise<string[]>;
