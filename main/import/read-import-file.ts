import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { DraftroomError } from '../../shared/api/errors';
import { clausesFromParagraphs, type ImportedText, type ImportParagraph } from '../../shared/import/clauses-from-paragraphs';
import { markdownParagraphs, plainTextParagraphs } from '../../shared/import/text-paragraphs';
import { readDocx, type DocxComment } from './read-docx';

/**
 * Reading a proposal to import (`draftroom import`): a .docx, .md or .txt
 * file into clauses (`shared/import/`), with the .docx's tracked changes and
 * comments. Everything is checked before anything is written: a file that
 * is too large, empty, damaged, encrypted, not text, or has no numbered
 * point fails with one clear line (`invalid-argument`).
 */

/** Largest file an import reads. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Most clauses an import creates. */
export const MAX_IMPORT_CLAUSES = 2000;

/** An imported file, read. */
export interface ImportFile {
  readonly name: string;
  readonly text: ImportedText;
  readonly comments: readonly DocxComment[];
}

function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.includes(0)) throw new DraftroomError('invalid-argument', `${name} is not a text file (it holds binary data)`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DraftroomError('invalid-argument', `${name} is not UTF-8 text; save it as UTF-8 and import it again`);
  }
}

/** Reads the paragraphs of a file by its extension. */
async function paragraphsOf(path: string, bytes: Uint8Array): Promise<{ paragraphs: readonly ImportParagraph[]; comments: readonly DocxComment[] }> {
  const name = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.docx') return readDocx(bytes);
  if (ext === '.md' || ext === '.markdown') return { paragraphs: markdownParagraphs(decodeText(bytes, name)), comments: [] };
  if (ext === '.txt') return { paragraphs: plainTextParagraphs(decodeText(bytes, name)), comments: [] };
  throw new DraftroomError('invalid-argument', `cannot import ${name}: give a .docx, .md or .txt file`);
}

/** Reads and checks a file to import (see the module comment). */
export async function readImportFile(path: string): Promise<ImportFile> {
  const name = basename(path);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new DraftroomError('invalid-argument', `${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof DraftroomError) throw error;
    throw new DraftroomError('not-found', `no such file: ${path}`);
  }
  if (size > MAX_IMPORT_BYTES) throw tooLarge(name, size);
  return readImportBytes(name, new Uint8Array(readFileSync(path)));
}

function tooLarge(name: string, size: number): DraftroomError {
  return new DraftroomError('invalid-argument', `${name} is too large to import (${Math.round(size / 1048576)} MB; at most ${MAX_IMPORT_BYTES / 1048576} MB)`);
}

/** Reads and checks the bytes of a file to import, named `name` (its extension says what it is). */
export async function readImportBytes(name: string, bytes: Uint8Array): Promise<ImportFile> {
  if (bytes.length === 0) throw new DraftroomError('invalid-argument', `${name} is empty`);
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge(name, bytes.length);
  const { paragraphs, comments } = await paragraphsOf(name, bytes);
  const text = clausesFromParagraphs(paragraphs);
  if (text.clauses.length === 0) {
    throw new DraftroomError('invalid-argument', `${name} has no numbered points to import (number them "1.", "Point 1", "(a)" or with Word's numbering)`);
  }
  if (text.clauses.length > MAX_IMPORT_CLAUSES) throw new DraftroomError('invalid-argument', `${name} has ${text.clauses.length} points; an import takes at most ${MAX_IMPORT_CLAUSES}`);
  return { name, text, comments };
}
