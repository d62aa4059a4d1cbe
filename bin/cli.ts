#!/usr/bin/env node
/**
 * The `docpipe` entry. A command line that only asks for help is answered from the pages the build
 * recorded from commander (bin/help-pages.ts), without loading commander or any command; every other
 * sets the CLI's V8 flags (bin/v8-flags.ts) and goes to commander (bin/program.ts), which loads only
 * the command chosen.
 */
import { HELP_PAGES_FILE, printHelpPage, recordedHelpPage } from './help-pages.ts';

const args = process.argv.slice(2);
const page = recordedHelpPage(args, new URL(`./${HELP_PAGES_FILE}`, import.meta.url));
if (page) {
  printHelpPage(page);
} else {
  (await import('./v8-flags.ts')).setCliV8Flags();
  await (await import('./program.ts')).runProgram(process.argv);
}
