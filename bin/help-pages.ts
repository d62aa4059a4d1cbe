/**
 * The CLI's help pages, printed without loading commander: `docpipe --help` answers in about the time
 * of a bare `node -e 0`.
 *
 * The build (bin/build.mjs, through bin/help-record.ts) runs commander on the program of
 * bin/program.ts with every command line that asks only for help (`--help`, `-h`, `help`, none at all,
 * `<command> --help`, `help <command>`, …) and records, for each, the stream commander writes to, its
 * exit code and the page: the text, with the parts commander wraps to the terminal's width kept as
 * they were handed to its formatter. Here those parts are wrapped again exactly as commander's `Help`
 * does (`formatItem`, `boxWrap`), for the width commander would use: the terminal's columns, else 80.
 * test/unit/help-pages.test.ts pins the result to commander's own output at many widths, and any
 * command line not recorded goes to commander as before.
 */
import { readFileSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';

/** A stretch of a help page: literal text, an item commander pads and wraps, or a wrapped paragraph. */
export type HelpPart = string | { item: [term: string, termWidth: number, description: string] } | { wrap: string };

export interface HelpPage {
  /** Where commander writes it: stdout for a help request, stderr for help shown because nothing was asked. */
  stream: 'stdout' | 'stderr';
  exitCode: number;
  parts: HelpPart[];
}

/** The recorded pages, as dist/help-pages.json holds them: each once, and by command line (its arguments joined with NUL) the index of its page. */
export interface HelpPages {
  pages: HelpPage[];
  byArgs: Record<string, number>;
}

/** The file the build writes beside the entry. */
export const HELP_PAGES_FILE = 'help-pages.json';

/** commander's `Help` defaults (help.js): the width without a terminal, and the narrowest it wraps to. */
const DEFAULT_HELP_WIDTH = 80;
const MIN_WIDTH_TO_WRAP = 40;
const ITEM_INDENT = 2;
const SPACER_WIDTH = 2;

export const helpPageKey = (args: readonly string[]): string => args.join('\0');

/** The recorded page for these arguments, or undefined (no pages file, as when running from sources, or not a help request). */
export function recordedHelpPage(args: readonly string[], pagesFile: URL): HelpPage | undefined {
  let pages: HelpPages;
  try {
    pages = JSON.parse(readFileSync(pagesFile, 'utf8')) as HelpPages;
  } catch {
    return undefined;
  }
  const key = helpPageKey(args);
  return Object.hasOwn(pages.byArgs, key) ? pages.pages[pages.byArgs[key] as number] : undefined;
}

/** The page as commander prints it for a help width (`undefined`: no terminal, so 80). */
export function renderHelpPage(page: HelpPage, helpWidth: number | undefined): string {
  const width = helpWidth ?? DEFAULT_HELP_WIDTH;
  return page.parts.map((part) => (typeof part === 'string' ? part : 'item' in part ? formatItem(...part.item, width) : boxWrap(part.wrap, width))).join('');
}

/**
 * Prints the page where commander would, at the width it would use, and sets its exit code. Without a
 * terminal the text goes straight to the file descriptor (no stream is set up: that alone is a
 * quarter of the time above bare Node); on a terminal through its stream, which knows the columns.
 */
export function printHelpPage(page: HelpPage): void {
  const fd = page.stream === 'stdout' ? 1 : 2;
  if (isatty(fd)) {
    const stream = process[page.stream];
    stream.write(renderHelpPage(page, stream.columns));
  } else {
    writeAll(fd, page.stream, renderHelpPage(page, undefined));
  }
  process.exitCode = page.exitCode;
}

/**
 * Writes the whole text synchronously; if the descriptor is non-blocking and full (a pipe another
 * Node process shares), the rest goes through the stream, which waits for room.
 */
function writeAll(fd: number, stream: 'stdout' | 'stderr', text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    process[stream].write(bytes.subarray(written));
  }
}

// Help text holds no colour codes (the recording checks), so a string's display width is its length.

/** commander's `Help.formatItem`: the term padded to `termWidth`, the description wrapped beside it. */
function formatItem(term: string, termWidth: number, description: string, helpWidth: number): string {
  const indent = ' '.repeat(ITEM_INDENT);
  if (!description) return indent + term;
  const remainingWidth = helpWidth - termWidth - SPACER_WIDTH - ITEM_INDENT;
  const preformatted = /\n[^\S\r\n]/.test(description);
  const formatted = remainingWidth < MIN_WIDTH_TO_WRAP || preformatted ? description : boxWrap(description, remainingWidth).replace(/\n/g, `\n${' '.repeat(termWidth + SPACER_WIDTH)}`);
  return indent + term.padEnd(termWidth) + ' '.repeat(SPACER_WIDTH) + formatted.replace(/\n/g, `\n${indent}`);
}

/** commander's `Help.boxWrap`: wraps at whitespace to `width`, keeping line breaks; not below 40 columns. */
function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const wrapped: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (chunks === null) {
      wrapped.push('');
      continue;
    }
    let current = chunks[0] as string;
    for (const chunk of chunks.slice(1)) {
      if (current.length + chunk.length <= width) {
        current += chunk;
      } else {
        wrapped.push(current);
        current = chunk.trimStart();
      }
    }
    wrapped.push(current);
  }
  return wrapped.join('\n');
}
