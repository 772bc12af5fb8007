/**
 * Fixtures of the redline tests: the sample negotiation in a temporary
 * workspace, a redline source over it, the .docx parts unzipped, and ways
 * to read a redline model (clause number lines, tracked runs and their
 * authors, comments).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { RedlineSource } from '../../../main/export/export-redline';
import { writeSampleWorkspace } from '../../../main/sample/build-sample';
import { identityOf } from '../../../main/services/identities';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { documentSnapshot } from '../../../shared/redline/document-snapshot';
import type { RedlineComment, RedlineDocument, RedlineParagraph, RevisionType } from '../../../shared/redline/model';

/** Names in the sample. */
export const DOC = 'Peace framework';
export const V28 = 'U.S. 28-point draft';
export const V20 = 'U.S.–Ukraine 20-point proposal';
/** A fixed export time (noon UTC, so the date is the same in every time zone near Europe). */
export const EXPORTED_AT = new Date('2025-12-30T12:00:00Z');

/** The sample workspace, open. */
export interface SampleWorkspace {
  readonly dir: string;
  readonly file: string;
  readonly store: WorkspaceStoreApi;
  /** Closes the store and deletes the folder. */
  dispose(): void;
}

/** Writes the sample into a new temporary folder and opens it. */
export function openSample(): SampleWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-export-'));
  const file = join(dir, 'sample.draftroom');
  writeSampleWorkspace(file);
  const store = openWorkspace(file);
  return {
    dir,
    file,
    store,
    dispose() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A redline source over a store, exporting as `memberId` (or nobody). */
export function sourceOf(store: WorkspaceStoreApi, memberId: string | null = 'ru-volkova'): RedlineSource {
  return {
    store,
    readWorkingDraft: (docId) => {
      const ydoc = loadYDoc(store, docId);
      try {
        return documentSnapshot(ydoc);
      } finally {
        ydoc.destroy();
      }
    },
    exportedBy: memberId === null ? null : (identityOf(store, memberId) ?? null),
    now: EXPORTED_AT,
  };
}

/** The parts of a .docx a test reads. */
export interface DocxParts {
  readonly names: string[];
  readonly document: string;
  readonly comments: string;
  readonly settings: string;
}

/** Unzips a .docx (throws if it is not a zip). */
export async function unzipDocx(bytes: Uint8Array): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string): Promise<string> => (await zip.file(name)?.async('string')) ?? '';
  return {
    names: Object.keys(zip.files),
    document: await read('word/document.xml'),
    comments: await read('word/comments.xml'),
    settings: await read('word/settings.xml'),
  };
}

/** The text of a paragraph (all its runs, tracked or not). */
export function paragraphText(paragraph: RedlineParagraph): string {
  return paragraph.inlines.map((i) => (i.kind === 'text' ? i.text : '')).join('');
}

/** Every clause number line: its text and, for a wholly added or removed clause, its revision type. */
export function clauseHeads(model: RedlineDocument): { text: string; revision?: RevisionType; clauseId: string }[] {
  return model.paragraphs
    .filter((p) => p.role === 'clause-head')
    .map((p) => ({ text: paragraphText(p), clauseId: p.clauseId, ...(p.revision ? { revision: p.revision.type } : {}) }));
}

/** Every tracked run of a type, with its text, author and revision id. */
export function trackedRuns(model: RedlineDocument, type: RevisionType): { text: string; author: string; id: string; clauseId: string }[] {
  const authors = new Map(model.revisions.map((r) => [r.id, r.author]));
  return model.paragraphs.flatMap((p) =>
    p.inlines.flatMap((i) =>
      i.kind === 'text' && i.revision?.type === type
        ? [{ text: i.text, author: authors.get(i.revision.id) ?? '?', id: i.revision.id, clauseId: p.clauseId }]
        : [],
    ),
  );
}

/** The comment whose text contains `needle` (throws if none). */
export function commentWith(model: RedlineDocument, needle: string): RedlineComment {
  const found = model.comments.find((c) => c.paragraphs.some((p) => p.includes(needle)));
  if (!found) throw new Error(`no comment contains "${needle}"`);
  return found;
}
