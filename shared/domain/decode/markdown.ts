/**
 * Markdown to plain text blocks: syntax removed, one block per heading, list item or paragraph
 * (soft-wrapped lines of one paragraph are joined).
 */
export function markdownToText(markdown: string): { title: string | undefined; blocks: string[] } {
  let title: string | undefined;
  let inFence = false;
  const blocks: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    const text = paragraph.join(' ').trim();
    if (text) blocks.push(text);
    paragraph = [];
  };
  for (const raw of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      if (raw.trim()) blocks.push(raw.trim());
      continue;
    }
    if (raw.trim() === '' || /^\s*([-*_]\s*){3,}$/.test(raw)) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (heading) {
      flush();
      const text = inline(heading[2] ?? '');
      if (heading[1] === '#' && title === undefined) title = text;
      blocks.push(text);
      continue;
    }
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(raw);
    if (item) {
      flush();
      paragraph.push(inline(item[1] ?? ''));
      continue;
    }
    paragraph.push(inline(raw.replace(/^\s*>\s?/, '').trim()));
  }
  flush();
  return { title, blocks };
}

function inline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}*_])[*_]([^*_\n]+)[*_](?=$|[^\p{L}\p{N}*_])/gu, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}
