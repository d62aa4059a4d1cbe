/**
 * A table from runs [count, value, count, value, …] from its start (the form of ./character-tables.ts);
 * with `plusCode`, each entry is its value plus its index (the code unit), for tables that mostly map
 * a code unit to itself. A fill per run: the tables were built a test per character as every thread
 * loaded the processing code, which cost far more (./character-tables.ts).
 */
export function expandRuns<T extends Uint8Array | Uint16Array | Int32Array>(table: T, runs: readonly number[], plusCode = false): T {
  let at = 0;
  for (let i = 0; i < runs.length; i += 2) {
    const end = at + (runs[i] as number);
    const value = runs[i + 1] as number;
    if (!plusCode) table.fill(value, at, end);
    else for (let code = at; code < end; code++) table[code] = code + value;
    at = end;
  }
  return table;
}
