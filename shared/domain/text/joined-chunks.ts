/**
 * `parts.join(separator)` read a chunk at a time. A reader of a whole 50 MB document would otherwise
 * make one more full-length copy of it (100 MB: V8 keeps Vietnamese as two-byte strings) only to
 * search it once.
 */

/**
 * A stretch of the joined text with context around it. A global expression's search that starts in
 * the stretch finds what a search of the whole text finds there, when the expression reads at most
 * CHUNK_CONTEXT_BEFORE characters behind where it is and fewer than CHUNK_CONTEXT_AFTER characters
 * other than white space ahead of where it started.
 */
export interface JoinedChunk {
  text: string;
  /** Where `text` starts in the joined text. */
  offset: number;
  /** The stretch, as indices into `text`: a match is this chunk's when it starts in it. */
  start: number;
  end: number;
}

/** Where a global expression's search of the whole text has got to, as a position in the joined text. */
export interface SearchCursor {
  at: number;
}

/** Kept before a stretch: the 120 characters an abbreviation's definition is read from, and every lookbehind. */
const CHUNK_CONTEXT_BEFORE = 128;
/**
 * Characters other than white space kept after a stretch: several times what a date, a document
 * reference or an abbreviation reads of them (about 30). White space does not count, as `\s*` reads
 * a run of it whole however long it is; nor does the text's length.
 */
const CHUNK_CONTEXT_AFTER = 256;

/** A text to read in chunks: `parts.join(separator)`, joined once when it is short. */
export interface ChunkedText {
  /** Its chunks, in order: a new pass over them on each call. */
  chunks(): Iterable<JoinedChunk>;
  /** The whole text, read in place, for the rare reader that must look beyond a chunk. */
  whole: TextSource;
}

/**
 * `parts.join(separator)` as chunks of about `chunkChars` characters; a text no longer than that
 * is joined once, as its only chunk, for every reader.
 */
export function chunkedText(parts: readonly string[], separator: string, chunkChars: number): ChunkedText {
  let length = Math.max(0, parts.length - 1) * separator.length;
  for (let k = 0; k < parts.length; k++) length += (parts[k] ?? '').length;
  if (length <= chunkChars) return wholeText(parts.join(separator));
  return { chunks: () => joinedChunks(parts, separator, chunkChars), whole: joinedText(parts, separator, length) };
}

/** A text read whole, as its only chunk. */
export function wholeText(text: string): ChunkedText {
  const only = [wholeChunk(text)];
  return { chunks: () => only, whole: text };
}

/** The whole of a text as its only chunk. */
export function wholeChunk(text: string): JoinedChunk {
  return { text, offset: 0, start: 0, end: text.length };
}

/**
 * `parts.join(separator)` as chunks whose stretches follow each other and are whole parts (each
 * with the separator after it) of about `chunkChars` characters.
 */
export function* joinedChunks(parts: readonly string[], separator: string, chunkChars: number): Generator<JoinedChunk> {
  let offset = 0;
  for (let first = 0; first < parts.length; ) {
    const pieces = before(parts, separator, first);
    const start = pieces.reduce((n, p) => n + p.length, 0);
    let end = start;
    let next = first;
    while (next < parts.length && (next === first || end - start < chunkChars)) {
      const part = parts[next++] ?? '';
      pieces.push(part);
      end += part.length;
      if (next < parts.length) {
        pieces.push(separator);
        end += separator.length;
      }
    }
    if (next < parts.length) pieces.push(...after(parts, separator, next));
    yield { text: pieces.join(''), offset: offset - start, start, end };
    offset += end - start;
    first = next;
  }
}

/** The last CHUNK_CONTEXT_BEFORE characters before `parts[first]`, in pieces. */
function before(parts: readonly string[], separator: string, first: number): string[] {
  const pieces: string[] = [];
  let left = CHUNK_CONTEXT_BEFORE;
  for (let k = first - 1; k >= 0 && left > 0; k--) {
    for (const piece of [separator, parts[k] ?? '']) {
      const taken = piece.length > left ? piece.slice(piece.length - left) : piece;
      pieces.push(taken);
      left -= taken.length;
    }
  }
  return pieces.reverse();
}

const NOT_SPACE = /\S/g;

/** From `parts[next]` on, up to its CHUNK_CONTEXT_AFTER-th character other than white space (or the end), in pieces. */
function after(parts: readonly string[], separator: string, next: number): string[] {
  const pieces: string[] = [];
  let left = CHUNK_CONTEXT_AFTER;
  for (let k = next; k < parts.length && left > 0; k++) {
    for (const piece of k > next ? [separator, parts[k] ?? ''] : [parts[k] ?? '']) {
      if (left === 0) break;
      NOT_SPACE.lastIndex = 0;
      let cut = piece.length;
      for (let m = NOT_SPACE.exec(piece); m !== null; m = NOT_SPACE.exec(piece)) {
        if (--left === 0) {
          cut = m.index + 1;
          break;
        }
      }
      NOT_SPACE.lastIndex = 0;
      pieces.push(cut < piece.length ? piece.slice(0, cut) : piece);
    }
  }
  return pieces;
}

/**
 * Visits the matches of global `re` that a search of the whole text finds starting in the chunk's
 * stretch, going on from where `cursor` says that search had got to, which it then moves on. A
 * match may end beyond the stretch; the next chunk's search then starts after it. `visit` may move
 * `re.lastIndex` on (never back), as it may in a search of the whole text. A callback rather than
 * a generator, whose every resumption costs more than an article's few matches take.
 */
export function eachMatchInChunk(re: RegExp, chunk: JoinedChunk, cursor: SearchCursor, visit: (m: RegExpExecArray) => void): void {
  const { text, end } = chunk;
  re.lastIndex = Math.max(cursor.at - chunk.offset, chunk.start);
  for (;;) {
    const from = re.lastIndex;
    const m = re.exec(text);
    if (m === null || m.index >= end) {
      // No match starts between `from` and the stretch's end.
      cursor.at = chunk.offset + Math.max(from, end);
      re.lastIndex = 0;
      return;
    }
    visit(m);
  }
}

/** What a reader needs of a text: a string, or the joined text read through `joinedText`. */
export interface TextSource {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end: number): string;
}

/**
 * `parts.join(separator)` (`length` characters) read in place. Reads near the one before are cheap:
 * a cursor remembers the part last read.
 */
function joinedText(parts: readonly string[], separator: string, length: number): TextSource {
  let part = 0;
  let partStart = 0;
  /** The part that `index` falls in (with the separator after it), found from the one before. */
  const seek = (index: number): string => {
    while (part > 0 && index < partStart) partStart -= (parts[--part] ?? '').length + separator.length;
    while (part < parts.length - 1 && index >= partStart + (parts[part] ?? '').length + separator.length) partStart += (parts[part++] ?? '').length + separator.length;
    return parts[part] ?? '';
  };
  const charCodeAt = (index: number): number => {
    if (index < 0 || index >= length) return NaN;
    const text = seek(index);
    const at = index - partStart;
    return at < text.length ? text.charCodeAt(at) : separator.charCodeAt(at - text.length);
  };
  const slice = (start: number, end: number): string => {
    const pieces: string[] = [];
    for (let at = Math.max(0, start); at < Math.min(end, length); ) {
      const text = seek(at);
      const local = at - partStart;
      const piece = local < text.length ? text.slice(local, end - partStart) : separator.slice(local - text.length, end - partStart - text.length);
      pieces.push(piece);
      at += piece.length;
    }
    return pieces.join('');
  };
  return { length, charCodeAt, slice };
}
