/**
 * The JSON documents of a prices file: one for a JSON file, one per line for JSON Lines (the
 * benchmark's `merged.jsonl` files hold one symbol per line).
 */
import { ImportError } from './import-error.js';

export interface JsonDocument {
  value: unknown;
  /** 1-based line of a JSON Lines document; absent for a whole-file JSON document. */
  line?: number;
}

export interface JsonDocuments {
  documents: JsonDocument[];
  /** True for JSON Lines. */
  lines: boolean;
}

/** A file named `.jsonl`, or one that is not a single JSON value but is one per line, is JSON Lines. */
export function readJsonDocuments(path: string, text: string): JsonDocuments {
  const content = text.replace(/^\uFEFF/, '');
  if (!/\.jsonl$/i.test(path)) {
    try {
      return { documents: [{ value: JSON.parse(content) as unknown }], lines: false };
    } catch (error) {
      const asLines = tryLines(content);
      if (asLines !== undefined && asLines.length > 1) return { documents: asLines, lines: true };
      throw new ImportError(`not valid JSON (${describe(error)})`, { cause: error });
    }
  }
  return { documents: readLines(content), lines: true };
}

function readLines(content: string): JsonDocument[] {
  const documents: JsonDocument[] = [];
  content.split(/\r?\n/).forEach((text, index) => {
    if (text.trim() === '') return;
    try {
      documents.push({ value: JSON.parse(text) as unknown, line: index + 1 });
    } catch (error) {
      throw new ImportError(`not valid JSON (${describe(error)})`, { line: index + 1, cause: error });
    }
  });
  if (documents.length === 0) throw new ImportError('the file is empty');
  return documents;
}

function tryLines(content: string): JsonDocument[] | undefined {
  try {
    return readLines(content);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
