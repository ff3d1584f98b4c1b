import { isContentKind, type ContentKind } from '../api/content-kinds';

/** What a search box's text asks for: free text plus the field queries it named. */
export interface ParsedLibraryQuery {
  text: string;
  creator?: string;
  kind?: ContentKind;
  tag?: string;
  /** Field queries that could not be used, word for word (an unknown kind, say). */
  ignored: string[];
}

const FIELD = /(^|\s)(creator|kind|tag):(?:"([^"]*)"|(\S*))/giu;

/**
 * Reads `creator:ada kind:ebook tag:"to read" quiet` into its fields and its free text. A value
 * with spaces is quoted; the last of a repeated field wins. Shared so a saved search means the
 * same in the box, in the store and in a test (docs/design.md §12.2).
 */
export function parseLibraryQuery(input: string): ParsedLibraryQuery {
  const parsed: ParsedLibraryQuery = { text: '', ignored: [] };
  const text = input.replace(
    FIELD,
    (whole, lead: string, field: string, quoted?: string, bare?: string) => {
      const value = (quoted ?? bare ?? '').trim();
      const name = field.toLowerCase();
      if (!value) {
        parsed.ignored.push(whole.trim());
      } else if (name === 'kind') {
        const kind = value.toLowerCase();
        if (isContentKind(kind)) parsed.kind = kind;
        else parsed.ignored.push(whole.trim());
      } else if (name === 'creator') {
        parsed.creator = value;
      } else {
        parsed.tag = value;
      }
      return lead;
    },
  );
  parsed.text = text.replace(/\s+/g, ' ').trim();
  return parsed;
}
