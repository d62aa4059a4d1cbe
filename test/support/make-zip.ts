import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

export interface ZipFile {
  name: string;
  data: Buffer;
  /** Already deflated body with its CRC and real size (for entries too large to hold in memory). */
  deflated?: { body: Buffer; crc: number; size: number };
  /** Store (0) or deflate (8); defaults to deflate. */
  method?: 0 | 8;
  /** Write this uncompressed size in the headers instead of the real one (to build lying archives). */
  declaredSize?: number;
}

/** A minimal ZIP writer for test fixtures (DOCX packages, bombs). */
export function makeZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const method = file.deflated ? 8 : (file.method ?? 8);
    const body = file.deflated?.body ?? (method === 8 ? deflateRawSync(file.data) : file.data);
    const name = Buffer.from(file.name, 'utf8');
    const size = file.declaredSize ?? file.deflated?.size ?? file.data.length;
    const crc = file.deflated?.crc ?? crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The package parts every test DOCX has besides its styles and document. */
const DOCX_PARTS: ReadonlyArray<readonly [string, string]> = [
  ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>'],
  ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
  ['word/_rels/document.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'],
];

/** A Word document: each entry is a paragraph, or a heading when given as { heading }. */
export function makeDocx(blocks: Array<string | { heading: string }>): Buffer {
  const paragraphs = blocks
    .map((b) => typeof b === 'string'
      ? `<w:p><w:r><w:t xml:space="preserve">${escapeXml(b)}</w:t></w:r></w:p>`
      : `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${escapeXml(b.heading)}</w:t></w:r></w:p>`)
    .join('');
  const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  return makeZip([
    ...DOCX_PARTS.map(([name, xml]) => ({ name, data: Buffer.from(xml) })),
    { name: 'word/styles.xml', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:styles ${w}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`) },
    { name: 'word/document.xml', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document ${w}><w:body>${paragraphs}</w:body></w:document>`) },
  ]);
}

/** A run of text, in a font when given (`<w:rFonts w:ascii=…>` on the run). */
export interface DocxRun {
  text: string;
  font?: string;
}

/** A paragraph of runs, optionally in a paragraph style (by id). */
export interface DocxParagraph {
  runs: DocxRun[];
  style?: string;
}

/**
 * A Word document built run by run, for legacy-font tests: `defaultFont` goes into the document
 * defaults, `styles` defines paragraph styles by id with a font (and an optional `basedOn`).
 */
export function makeDocxWithRuns(paragraphs: DocxParagraph[], options: { defaultFont?: string; styles?: Array<{ id: string; font?: string; basedOn?: string }> } = {}): Buffer {
  const fonts = (font: string): string => `<w:rFonts w:ascii="${escapeXml(font)}" w:hAnsi="${escapeXml(font)}"/>`;
  const body = paragraphs
    .map((p) => `<w:p>${p.style ? `<w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` : ''}${p.runs
      .map((r) => `<w:r>${r.font ? `<w:rPr>${fonts(r.font)}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(r.text)}</w:t></w:r>`)
      .join('')}</w:p>`)
    .join('');
  const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const defaults = options.defaultFont ? `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(options.defaultFont)}</w:rPr></w:rPrDefault></w:docDefaults>` : '';
  const styles = (options.styles ?? [])
    .map((s) => `<w:style w:type="paragraph" w:styleId="${s.id}"><w:name w:val="${s.id}"/>${s.basedOn ? `<w:basedOn w:val="${s.basedOn}"/>` : ''}${s.font ? `<w:rPr>${fonts(s.font)}</w:rPr>` : ''}</w:style>`)
    .join('');
  return makeZip([
    ...DOCX_PARTS.map(([name, xml]) => ({ name, data: Buffer.from(xml) })),
    { name: 'word/styles.xml', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:styles ${w}>${defaults}<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>${styles}</w:styles>`) },
    { name: 'word/document.xml', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document ${w}><w:body>${body}</w:body></w:document>`) },
  ]);
}

/** `size` bytes of spaces, deflated as a stream: a bomb's payload built in a few megabytes of memory. */
export async function deflatedSpaces(size: number): Promise<{ body: Buffer; crc: number; size: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let written = 0; written < size; written += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, size - written));
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { body: Buffer.concat(parts), crc, size };
}
