import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CommanderError } from 'commander';
import { HELP_PAGES_FILE, helpPageKey, renderHelpPage } from '../../bin/help-pages.ts';
import { recordHelpPages } from '../../bin/help-record.ts';
import { createProgram, type CommandAction } from '../../bin/program.ts';
import { ROOT } from '../support/built-cli.ts';

const noAction: CommandAction = () => async () => {
  throw new Error('a help request ran a command');
};

/** What commander itself prints for `args` when the terminal is `width` columns wide (undefined: no terminal). */
function commanderHelp(args: string[], width: number | undefined): { stream: 'stdout' | 'stderr'; exitCode: number; text: string } {
  const program = createProgram(noAction);
  const written = { stdout: '', stderr: '' };
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => (written.stdout += text),
      writeErr: (text) => (written.stderr += text),
      // commander reads undefined (no terminal) as 80; its types say number.
      getOutHelpWidth: () => width as number,
      getErrHelpWidth: () => width as number,
    });
  }
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    const stream = written.stdout ? 'stdout' : 'stderr';
    return { stream, exitCode: (error as CommanderError).exitCode, text: written[stream] };
  }
  throw new Error(`docpipe ${args.join(' ')} printed no help`);
}

const recorded = recordHelpPages(createProgram);
const commandLines = Object.keys(recorded.byArgs).map((key) => (key === '' ? [] : key.split('\0')));

describe('help pages printed without commander', () => {
  it('are recorded for every way of asking for help: none, the flags, the help command, each command and alias', () => {
    const lines = commandLines.map((args) => args.join(' '));
    for (const line of ['', '--help', '-h', 'help', 'process --help', 'process -h', 'help process', 'serve --help', 'help serve', 'reprocess --help']) assert.ok(lines.includes(line), `no page for "docpipe ${line}"`);
    assert.equal(lines.includes('process'), false, 'a command line that runs a command is not a help page');
  });

  it('print exactly what commander prints, to the same stream with the same exit code, at any terminal width', () => {
    for (const args of commandLines) {
      const page = recorded.pages[recorded.byArgs[helpPageKey(args)] as number];
      assert.ok(page);
      for (const width of [undefined, 0, 20, 39, 40, 41, 50, 60, 72, 79, 80, 81, 100, 120, 133, 160, 200, 400]) {
        const expected = commanderHelp(args, width);
        assert.equal(page.stream, expected.stream, `docpipe ${args.join(' ')}`);
        assert.equal(page.exitCode, expected.exitCode, `docpipe ${args.join(' ')}`);
        assert.equal(renderHelpPage(page, width), expected.text, `docpipe ${args.join(' ')} at ${width ?? 'no terminal'} columns`);
      }
    }
  });

  it('in dist/ are the ones the program of the sources records (the build is not stale)', () => {
    assert.deepEqual(JSON.parse(readFileSync(join(ROOT, 'dist', HELP_PAGES_FILE), 'utf8')), recorded);
  });
});
