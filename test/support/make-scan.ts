import { existsSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

/** Debian's DejaVu fonts (`apt-get install fonts-dejavu-core`) draw every Vietnamese letter; OCR fixtures need them. */
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';
export const skipWithoutScanFont: string | false = existsSync(FONT_FILE)
  ? false
  : 'DejaVu fonts are not installed (apt-get install --no-install-recommends fonts-dejavu-core): scanned-page fixtures cannot be drawn';

export interface ScanOptions {
  dpi: number;
  /** Degrees the page is turned, as a sheet laid crooked on the scanner. */
  rotate?: number;
  /** A red round stamp below the text, where a signed letter has it, and scattered specks, as a photocopy has. */
  stamp?: boolean;
  /** First line at the top of the page and last at the bottom, outside the body (running header/footer). */
  header?: string;
  footer?: string;
}

export interface ScannedPage {
  png: Buffer;
  /** 8-bit grey pixels, row by row, for wrapping into a PDF. */
  grey: Buffer;
  width: number;
  height: number;
}

let registered = false;

/**
 * An A4 page "scanned" at `dpi`: the lines set in DejaVu Serif 12 pt, paragraphs separated by a blank
 * line (an empty string), drawn with @napi-rs/canvas. Deterministic: the specks come from a fixed seed.
 */
export function makeScannedPage(lines: string[], options: ScanOptions): ScannedPage {
  if (!registered) registered = GlobalFonts.registerFromPath(FONT_FILE, 'DocpipeScanSerif') !== null;
  const scale = options.dpi / 72;
  const width = Math.round(595 * scale);
  const height = Math.round(842 * scale);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  if (options.rotate) {
    ctx.translate(width / 2, height / 2);
    ctx.rotate((options.rotate * Math.PI) / 180);
    ctx.translate(-width / 2, -height / 2);
  }
  ctx.fillStyle = '#111';
  ctx.font = `${12 * scale}px DocpipeScanSerif`;
  if (options.header) ctx.fillText(options.header, 60 * scale, 50 * scale);
  let y = 100;
  for (const line of lines) {
    if (line) ctx.fillText(line, 60 * scale, y * scale);
    y += line ? 17 : 12;
  }
  if (options.footer) ctx.fillText(options.footer, 280 * scale, 800 * scale);
  ctx.restore();
  if (options.stamp) {
    ctx.strokeStyle = 'rgba(200, 30, 30, 0.55)';
    ctx.lineWidth = 3 * scale;
    ctx.beginPath();
    ctx.arc(430 * scale, (y + 40) * scale, 40 * scale, 0, Math.PI * 2);
    ctx.stroke();
    ctx.fillStyle = 'rgba(200, 30, 30, 0.55)';
    ctx.font = `${9 * scale}px DocpipeScanSerif`;
    ctx.fillText('ĐÃ KÝ', 410 * scale, (y + 43) * scale);
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.5)';
    for (let i = 0; i < 300; i++) ctx.fillRect(random() * width, random() * height, scale * 0.4, scale * 0.4);
  }
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const grey = Buffer.alloc(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!);
  return { png: canvas.toBuffer('image/png'), grey, width, height };
}

/**
 * A PDF whose pages are only images (no text layer), as a scanner writes: one grey image per A4 page.
 * A page given as `{ text }` is a typed page instead: ASCII lines in Helvetica, a text layer and no image.
 */
export function makeImagePdf(pages: Array<ScannedPage | { text: string[] }>): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'));
  const catalog = add('');
  const pagesObject = add('');
  const kids: number[] = [];
  const helvetica = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  for (const page of pages) {
    if ('text' in page) {
      const content = ['BT', '/F1 12 Tf', '16 TL', '60 760 Td', ...page.text.map((l) => `(${l.replace(/[()\\]/g, '\\$&')}) Tj T*`), 'ET'].join('\n');
      const stream = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
      kids.push(add(`<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${helvetica} 0 R >> >> /Contents ${stream} 0 R >>`));
      continue;
    }
    const data = deflateSync(page.grey);
    const image = add(Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
    const content = 'q 595 0 0 842 0 0 cm /Im0 Do Q';
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${stream} 0 R >>`));
  }
  objects[catalog - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesObject} 0 R >>`, 'latin1');
  objects[pagesObject - 1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** Character error rate: edit distance over the expected length, whitespace collapsed, diacritics counted (NFC). */
export function characterErrorRate(expected: string, actual: string): number {
  const a = [...expected.normalize('NFC').replace(/\s+/g, ' ').trim()];
  const b = [...actual.normalize('NFC').replace(/\s+/g, ' ').trim()];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]! / Math.max(1, a.length);
}
