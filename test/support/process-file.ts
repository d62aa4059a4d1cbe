/**
 * Child-process probe for the malformed-input tests: processes one file and prints
 * {outcome, code, ms, maxRssMb} as JSON, so each input's peak memory is measured on its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DocpipeError } from '../../shared/domain/errors.ts';
import { processDocument } from '../../shared/domain/process-document.ts';

const bytes = readFileSync(process.argv[2] ?? '');
const started = performance.now();
let result: { outcome: 'processed' | 'failed'; code?: string; message?: string; bodyChars?: number };
try {
  const doc = await processDocument(bytes);
  result = { outcome: 'processed', bodyChars: doc.body.length };
} catch (error) {
  result = error instanceof DocpipeError
    ? { outcome: 'failed', code: error.code, message: error.message }
    : { outcome: 'failed', code: 'UNEXPECTED', message: String(error) };
}
/**
 * Peak resident memory of this process. On Linux, getrusage's maxrss survives exec and reports the
 * parent's peak; /proc/self/status VmHWM belongs to this address space only.
 */
function peakRssMb(): number {
  if (existsSync('/proc/self/status')) {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

process.stdout.write(JSON.stringify({ ...result, ms: Math.round(performance.now() - started), maxRssMb: peakRssMb() }));
