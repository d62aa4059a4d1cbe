import mammoth from 'mammoth';
import { CorruptDocumentError, UnsupportedFormatError } from '../errors.ts';
import { convertLegacyRun, legacyFontEncoding, type LegacyFontUse } from './legacy-fonts.ts';
import { inspectZip, readZipEntry, zipKind } from './zip-guard.ts';

/** The parts of mammoth's document tree read here (it ships no types for them). */
interface MammothElement {
  type: string;
  children?: MammothElement[];
  styleId?: string | null;
  font?: string | null;
  value?: string;
}

/**
 * DOCX → HTML with headings and paragraphs (mammoth), images left out. The archive is checked first.
 * Runs typed in a TCVN3 or VNI font (`.VnTime`, `VNI-Times`) are converted to Unicode by their font —
 * the run's own, else its character style's, its paragraph style's (through `basedOn`) or the
 * document default — and the fonts met are listed.
 */
export async function docxToHtml(bytes: Uint8Array, maxBytes: number): Promise<{ html: string; legacyFonts: LegacyFontUse[] }> {
  const entries = inspectZip(bytes, maxBytes);
  const kind = zipKind(entries);
  if (kind !== 'docx') throw new UnsupportedFormatError(kind);
  const styles = styleFonts(readZipEntry(bytes, entries, 'word/styles.xml', maxBytes));
  const uses = new Map<string, LegacyFontUse>();
  const convertRuns = (element: MammothElement, inherited: string | null): void => {
    for (const child of element.children ?? []) {
      if (child.type !== 'run') {
        convertRuns(child, inherited);
        continue;
      }
      const font = child.font || styles.fontOf(child.styleId) || inherited;
      const legacy = legacyFontEncoding(font);
      if (!legacy || !font) continue;
      let converted = false;
      for (const text of child.children ?? []) {
        if (text.type === 'text' && text.value) {
          text.value = convertLegacyRun(text.value, legacy);
          converted = true;
        }
      }
      if (!converted) continue;
      const use = uses.get(font) ?? { font, encoding: legacy.encoding, runs: 0 };
      use.runs++;
      uses.set(font, use);
    }
  };
  const transformDocument = (document: MammothElement): MammothElement => {
    const visit = (element: MammothElement): void => {
      if (element.type === 'paragraph') convertRuns(element, styles.fontOf(element.styleId) ?? styles.defaultFont);
      else for (const child of element.children ?? []) visit(child);
    };
    visit(document);
    return document;
  };
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), transformDocument },
    );
    return { html: result.value, legacyFonts: [...uses.values()].sort((a, b) => b.runs - a.runs || a.font.localeCompare(b.font)) };
  } catch (error) {
    throw new CorruptDocumentError(`the DOCX cannot be read (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Fonts set by styles (`w:rFonts w:ascii`), following `basedOn`, and the document default (the
 * defaults block, else the default paragraph style). Read with patterns: styles.xml is a flat list.
 */
function styleFonts(xml: Uint8Array | undefined): { fontOf: (styleId: string | null | undefined) => string | null; defaultFont: string | null } {
  const text = xml ? new TextDecoder('utf-8').decode(xml) : '';
  const own = new Map<string, { font: string | null; basedOn: string | null }>();
  let defaultStyle: string | null = null;
  for (const [, attributes = '', body = ''] of text.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const id = /w:styleId="([^"]*)"/.exec(attributes)?.[1];
    if (!id) continue;
    own.set(id, { font: /<w:rFonts\b[^>]*\bw:ascii="([^"]*)"/.exec(body)?.[1] ?? null, basedOn: /<w:basedOn\b[^>]*w:val="([^"]*)"/.exec(body)?.[1] ?? null });
    if (/w:type="paragraph"/.test(attributes) && /w:default="(1|true|on)"/.test(attributes)) defaultStyle = id;
  }
  const fontOf = (styleId: string | null | undefined): string | null => {
    // basedOn chains are short; a loop in a damaged file stops at the first repeat.
    const seen = new Set<string>();
    for (let id = styleId ?? null; id && !seen.has(id); id = own.get(id)?.basedOn ?? null) {
      seen.add(id);
      const font = own.get(id)?.font;
      if (font) return font;
    }
    return null;
  };
  const defaults = /<w:docDefaults>[\s\S]*?<w:rFonts\b[^>]*\bw:ascii="([^"]*)"[\s\S]*?<\/w:docDefaults>/.exec(text)?.[1] ?? null;
  return { fontOf, defaultFont: fontOf(defaultStyle) ?? defaults };
}
