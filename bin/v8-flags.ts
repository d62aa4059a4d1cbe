/**
 * V8 flags the CLI sets on itself as it starts (Node is not relaunched to add them). V8's flags belong
 * to the process: worker threads started afterwards run with them too.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Four times V8's default interrupt budget (67,584 bytes of bytecode run between tier-up checks).
 * A short run of `docpipe process` spends about as much CPU in TurboFan, on V8's background threads,
 * as in processing: with the default, hot functions are optimised before their type feedback has
 * settled, deoptimised and optimised again (up to five times each over 942 articles). Waiting four
 * times as long optimises fewer of them, and mostly once: CPU of the whole process 3.05 → 2.82 s with
 * one thread and 4.64 → 3.86 s with two (the main thread's own time up to a tenth of a second more:
 * functions stay longer in the baseline tier; docs/benchmarks.md, many-files section). Steady-state
 * code is the same: every function still reaches the budget.
 *
 * V8 hashes its flags into every code cache and rejects a cache made under other flags; the build
 * records dist/processing.cjs.cache by running this CLI, so with these same flags.
 */
export const CLI_V8_FLAGS: readonly string[] = ['--interrupt-budget=270336'];

/** Sets CLI_V8_FLAGS; call before any code that should run under them is loaded. */
export function setCliV8Flags(): void {
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
}
