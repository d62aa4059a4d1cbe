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
 * Retuned once the processing code had stopped deoptimising repeatedly (callgrind, `process` of the
 * 942 files on one thread, all instructions of the process; run-to-run noise about 1 %): the default
 * budget 12.02 G, four times 11.31 G, eight times 11.85 G, sixteen times 12.92 G: a longer budget
 * saves TurboFan work but runs longer in the lower tiers, whose property loads go through inline
 * caches (sixteen times against four: TurboFan 2.09 → 1.43 G, the load ICs 0.56 → 1.36 G). The
 * default budget with four times the ticks before optimising (`--ticks-before-optimization=12`) came
 * to the same 11.32 G, and `--always-sparkplug` to 11.34 G. With two threads four times stays best:
 * eight times 17.03 G against 16.56 G; with no on-stack replacement (below), twice 15.44 G against
 * 15.24 G (one thread: 11.37 against 11.08 G).
 *
 * No on-stack replacement: a function still in a lower tier when its optimised code is ready gets it at
 * its next call, not in the middle of a loop. Each document is processed by many short calls, so little
 * runs longer that way, and TurboFan no longer compiles a second, OSR version of functions already
 * being optimised (the tokenizer's word stream, 104 ms and then 177 ms of compiling under load):
 * 11.25 → 11.08 G with one thread (11.31 → 11.08 G before the build kept regular-expression literals),
 * TurboFan 2.10 → 1.91 G. A 2.9 MB text in one file takes about the same CPU time either way (0.9 s).
 *
 * Tried and dropped: `--no-regexp-tier-up` (each pattern compiled once, straight to machine code,
 * rather than for the regexp interpreter first and again at its second use; the processing code's
 * Unicode property classes are parsed from ICU at each compile): `process` of the 942 files on one
 * thread 10.10 → 9.83 G instructions, two threads 14.64 → 14.09 G (callgrind), but set at run time
 * it crashed Node now and then: `docpipe show` (local stack, AWS SDK) died of SIGSEGV in 3 of 200
 * runs with it, in none of 260 without.
 *
 * Regular expressions compiled straight to machine code (`--regexp-tier-up-ticks=0`): V8 otherwise
 * compiles each pattern for its regexp interpreter at the first use and again to machine code at the
 * second, parsing it (and, for `\p{…}`, building its classes from ICU) each time; nearly every pattern
 * of the processing code runs many times. With no tick to wait, a new pattern starts out marked for
 * tier-up, the state V8 gives any pattern it first runs on a subject of 1,000 characters or more, so
 * this takes a path V8 takes all the time (unlike `--no-regexp-tier-up`, above, which changes how
 * patterns already compiled run). Patterns made before the flag is set keep their tick. callgrind,
 * `process` of the 942 files, all instructions of the process: one thread 9.48 → 9.25 G; regular-
 * expression compiling on the two threads that split the stages 400 → 225 M (main) and 194 → 134 M
 * (worker). Wall time of two threads on a quiet host (8 interleaved runs): 1.07–1.21 → 1.07–1.11 s.
 *
 * Tried and dropped: `--no-turbo-loop-peeling` (TurboFan compiles smaller graphs): 942 files on one
 * thread 9.28 → 9.02 G, but a 3 MB text in one file took 6 % more CPU (0.80 → 0.85 s, 5 interleaved
 * runs). `--no-turbo-escape` 9.25 G, `--no-turbo-load-elimination` 9.39 G and
 * `--max-inlined-bytecode-size-cumulative=460` 9.36 G: no gain. `--maglev` (V8's mid-tier compiler,
 * experimental in Node 20's V8): the same output, no faster (942 files on two threads, 5 interleaved
 * pairs: 1.22–1.37 s against 1.26–1.42 s without, CPU 2.2 s either way), and not a tier to ship
 * experimental.
 *
 * V8 hashes its flags into every code cache and rejects a cache made under other flags; the build
 * records dist/processing.cjs.cache by running this CLI, so with these same flags.
 */
export const CLI_V8_FLAGS: readonly string[] = ['--interrupt-budget=270336', '--no-use-osr', '--regexp-tier-up-ticks=0'];

/**
 * Node's built-in modules the commands load, loaded before the flags are set. Node compiles its
 * built-ins from a code cache recorded into the node binary, and V8 rejects that cache once the flags
 * differ from those it was recorded under (the hash above): each built-in first loaded after
 * setCliV8Flags was compiled from source. These are the ones `docpipe process` loaded so (commander:
 * child_process and os; the processing code: crypto, zlib, vm; its worker threads: worker_threads) and
 * process.stdout (a file's or a pipe's stream class, made on first use). Loaded here, from the cache,
 * `process` of one small file runs 1,295 M → 1,259 M instructions (callgrind). Worker threads start
 * under the flags and compile their own built-ins from source still.
 */
const BUILTINS_BEFORE_FLAGS = ['child_process', 'os', 'crypto', 'zlib', 'vm', 'worker_threads'] as const;

/** Sets CLI_V8_FLAGS; call before any code that should run under them is loaded. */
export function setCliV8Flags(): void {
  // process.getBuiltinModule is Node 20.16 and later; on an older Node they load later, from source.
  for (const id of BUILTINS_BEFORE_FLAGS) process.getBuiltinModule?.(id);
  void process.stdout;
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
}
