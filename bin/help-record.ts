/**
 * Records the CLI's help pages from commander itself, for bin/help-pages.ts to print without it (the
 * build writes them to dist/help-pages.json). Each command line that may ask for help is parsed by a
 * fresh program of bin/program.ts whose commands do nothing: if commander prints help and exits, what
 * it wrote is the page. Commander's formatter is asked for every item and wrapped paragraph as usual,
 * but they are kept as handed over, to be wrapped at run time for the terminal's width.
 */
import type { Command, CommanderError } from 'commander';
import { helpPageKey, type HelpPage, type HelpPart, type HelpPages } from './help-pages.ts';
import type { CommandAction } from './program.ts';

/** A command ran: the command line was not only a help request. */
class CommandChosen extends Error {}

const notHelp: CommandAction = () => () => {
  throw new CommandChosen();
};

/** Marks a formatter part in the text commander writes (no help text holds a NUL). */
const MARK = '\0';

/** The command lines that may ask for help: none, the help flags and command, and each with every command name. */
function candidates(program: Command): string[][] {
  const lines: string[][] = [[], ['-h'], ['--help'], ['help']];
  for (const command of program.commands) {
    for (const name of [command.name(), ...command.aliases()]) lines.push([name, '-h'], [name, '--help'], ['help', name]);
  }
  return lines;
}

/** What commander does with `args`: the page it prints, or undefined when it does anything else. */
function recordOne(createProgram: (action: CommandAction) => Command, args: string[]): HelpPage | undefined {
  const program = createProgram(notHelp);
  const parts: HelpPart[] = [];
  const written = { stdout: '', stderr: '' };
  for (const command of [program, ...program.commands]) {
    command
      .exitOverride()
      .configureOutput({ writeOut: (text) => (written.stdout += text), writeErr: (text) => (written.stderr += text), getOutHasColors: () => false, getErrHasColors: () => false })
      .configureHelp({
        formatItem: (term, termWidth, description) => `${MARK}${parts.push({ item: [term, termWidth, description] }) - 1}${MARK}`,
        boxWrap: (text) => `${MARK}${parts.push({ wrap: text }) - 1}${MARK}`,
      });
  }
  let exitCode: number;
  try {
    program.parse(args, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommandChosen) return undefined;
    const { code } = error as CommanderError;
    if (code !== 'commander.helpDisplayed' && code !== 'commander.help') return undefined;
    exitCode = (error as CommanderError).exitCode;
  }
  if ((written.stdout === '') === (written.stderr === '')) throw new Error(`docpipe ${args.join(' ')}: help written to both streams or neither.`);
  const stream = written.stdout ? 'stdout' : 'stderr';
  const text = written[stream];
  // Printed without commander, a page must look the same on any terminal: no colour codes.
  if (text.includes('\x1b') || parts.some((part) => JSON.stringify(part).includes('\\u001b'))) throw new Error(`docpipe ${args.join(' ')}: the help holds terminal codes.`);
  const page: HelpPart[] = text.split(MARK).map((piece, i) => (i % 2 === 0 ? piece : (parts[Number(piece)] as HelpPart))).filter((part) => part !== '');
  return { stream, exitCode, parts: page };
}

/** Every help page of the program, by command line. */
export function recordHelpPages(createProgram: (action: CommandAction) => Command): HelpPages {
  const recorded: HelpPages = { pages: [], byArgs: {} };
  const indexOf = new Map<string, number>();
  for (const args of candidates(createProgram(notHelp))) {
    const page = recordOne(createProgram, args);
    if (!page) continue;
    const json = JSON.stringify(page);
    if (!indexOf.has(json)) indexOf.set(json, recorded.pages.push(page) - 1);
    recorded.byArgs[helpPageKey(args)] = indexOf.get(json) as number;
  }
  return recorded;
}
