import type { RedlineFile, RedlineRequest } from '../../shared/api/contract';
import { DraftroomError } from '../../shared/api/errors';
import type { DocumentInfo, Identity } from '../../shared/domain/types';
import { bracketedSnapshot, withBracketSummary } from '../../shared/negotiation/bracket-redline';
import { partyNames, type PartyNames } from '../../shared/negotiation/bracket-text';
import { compareRedline, type CompareSide } from '../../shared/redline/compare-redline';
import type { DocumentSnapshot } from '../../shared/redline/document-snapshot';
import { formatMimeType, redlineFileName, type PaperSize, type RedlineFormat, type RedlineSubject } from '../../shared/redline/file-name';
import type { RedlineHeader } from '../../shared/redline/header';
import type { RedlineDocument } from '../../shared/redline/model';
import type { VersionStamp } from '../../shared/redline/version-stamp';
import { versionSeal } from '../services/version-seals';
import { pendingRedline } from '../../shared/redline/pending-redline';
import { renderHtml } from '../../shared/redline/render-html';
import { renderMarkdown } from '../../shared/redline/render-markdown';
import type { WorkspaceStoreApi } from '../store/store-types';
import type { VersionSnapshots } from './version-snapshots';
import { readVersion } from './version-read';
import { writeRedlineDocx } from './docx-writer';
import { writeRedlinePdf } from './pdf-writer';

/**
 * Exporting a redline from a workspace: reads the document (working draft
 * and named versions), builds the redline model (`shared/redline/`) and
 * writes it as .docx, .pdf, .html or .md. Used by the API (`exportRedline`) and the CLI
 * (`draftroom export`); neither writes anything to the workspace, except
 * that the app stores the redline projection of a version saved before
 * migration 009 the first time it reads it (`main/export/version-read.ts`).
 */

/** Where an export reads from. */
export interface RedlineSource {
  readonly store: WorkspaceStoreApi;
  /**
   * Reads the document's working draft: the API reads the document hub's
   * live Y.Doc (so edits synced but not yet compacted are in), the CLI the
   * stored log.
   */
  readWorkingDraft(docId: string): DocumentSnapshot;
  /** Who exports ("Redline exported … by <member> (<party>)"), or null if nobody chose an identity. */
  readonly exportedBy: Identity | null;
  /** Time of the export (default now). */
  readonly now?: Date;
  /**
   * Decoded named versions kept between exports (the app keeps one per open
   * workspace); without it each version is decoded on every call.
   */
  readonly versionSnapshots?: VersionSnapshots;
}

/** Name of the working draft as a side of a comparison. */
export const WORKING_DRAFT_NAME = 'Working draft';

/** A side of a comparison with its brackets printed, and the snapshot read (for the brackets summary). */
function versionSide(source: RedlineSource, document: DocumentInfo, ref: string, names: PartyNames): { side: CompareSide; raw: DocumentSnapshot } {
  const version = source.store.getVersion(document.id, ref);
  if (version.docId !== document.id) throw new DraftroomError('unknown-version', `no version "${ref}" of "${document.title}"`);
  // The app's cache stores a missing projection; a CLI read (possibly of a read-only file) only reads.
  const read = source.versionSnapshots?.read(source.store, version) ?? readVersion(source.store, version);
  const raw = read.snapshot;
  const snapshot = bracketedSnapshot(raw, names);
  const stamp = versionStamp(source.store, document.id, version.id, read.matchesHash);
  return { side: { name: version.name, time: version.createdAt, doc: snapshot.doc, records: snapshot.records, stamp }, raw };
}

/**
 * A version's hash and valid initials as the redline header prints them,
 * checked now (`versionSeal`), its content checked as the redline read it
 * (`contentMatches`: what the redline shows gives the recorded hash).
 */
function versionStamp(store: WorkspaceStoreApi, docId: string, versionId: string, contentMatches: boolean): VersionStamp {
  const seal = versionSeal(store, docId, versionId, { contentMatches });
  const parties = store.listParties();
  return {
    hash: seal.hash,
    initials: seal.initials
      .filter((i) => i.valid)
      .map((i) => ({ member: i.memberName, partyCode: i.partyCode, party: parties.find((p) => p.code === i.partyCode)?.name ?? i.partyCode })),
    verified: seal.problems.length === 0,
  };
}

/**
 * The redline model of a document: without `from`, the working draft's
 * pending suggestions; with it, the comparison from that version to `to` (a
 * version) or to the working draft. `unknown-document` / `unknown-version`
 * for a document or version that does not exist, `invalid-argument` for `to`
 * without `from`.
 */
export function buildRedline(
  source: RedlineSource,
  request: RedlineRequest,
  now: Date = source.now ?? new Date(),
): { document: DocumentInfo; model: RedlineDocument } {
  const { store } = source;
  const document = store.getDocument(request.docId);
  if (request.to !== undefined && request.from === undefined) {
    throw new DraftroomError('invalid-argument', 'a comparison needs the version it starts from (from) as well as the one it ends at (to)');
  }
  if (request.from !== undefined && request.to !== undefined && store.getVersion(document.id, request.from).id === store.getVersion(document.id, request.to).id) {
    throw new DraftroomError('invalid-argument', 'a version compared with itself has no differences: choose two different versions');
  }
  const identity = source.exportedBy;
  const audience = request.audience ?? 'internal';
  const header: RedlineHeader = {
    title: document.title,
    workspaceName: store.meta().name,
    exportedAt: now,
    exportedBy: identity ? `${identity.member.name} (${identity.party.name})` : null,
    exportedByParty: identity ? identity.party.name : null,
    audience,
  };
  const people = { parties: store.listParties(), members: store.listMembers() };
  // Open brackets print in the text ("[Alt 1 — Ukraine: … / Alt 2 — Russia: …]") and are listed under the header.
  const names = partyNames(people.parties);
  if (request.from === undefined) {
    const raw = source.readWorkingDraft(document.id);
    const draft = bracketedSnapshot(raw, names);
    return { document, model: withBracketSummary(pendingRedline({ ...draft, people, header, audience }), raw, names) };
  }
  const before = versionSide(source, document, request.from, names).side;
  let after: CompareSide;
  let latest: DocumentSnapshot;
  if (request.to !== undefined) {
    const side = versionSide(source, document, request.to, names);
    after = side.side;
    latest = side.raw;
  } else {
    latest = source.readWorkingDraft(document.id);
    const draft = bracketedSnapshot(latest, names);
    after = { name: WORKING_DRAFT_NAME, time: now.toISOString(), doc: draft.doc, records: draft.records };
  }
  // The summary lists the brackets still open on the later side.
  return { document, model: withBracketSummary(compareRedline({ before, after, people, header, audience }), latest, names) };
}

/** The bytes of a redline model in one format (UTF-8 for HTML and Markdown). */
export async function renderRedline(model: RedlineDocument, format: RedlineFormat, options: { paper?: PaperSize } = {}): Promise<Uint8Array> {
  switch (format) {
    case 'docx':
      return writeRedlineDocx(model);
    case 'pdf':
      return writeRedlinePdf(model, options);
    case 'html':
      return new TextEncoder().encode(renderHtml(model));
    case 'md':
      return new TextEncoder().encode(renderMarkdown(model));
  }
}

/**
 * The redline as a file: "<Document title> – pending suggestions –
 * <yyyy-mm-dd>.<format>" or "<Document title> – <from> → <to> – …", its MIME
 * type and bytes.
 */
export async function exportRedline(source: RedlineSource, request: RedlineRequest): Promise<RedlineFile> {
  const now = source.now ?? new Date();
  const format = request.format ?? 'docx';
  const { document, model } = buildRedline(source, request, now);
  const subject: RedlineSubject = model.compared ? { kind: 'compare', from: model.compared.before, to: model.compared.after } : { kind: 'pending' };
  return {
    fileName: redlineFileName(document.title, now, format, model.audience === 'external', subject),
    mimeType: formatMimeType(format),
    bytes: await renderRedline(model, format, request.paper !== undefined ? { paper: request.paper } : {}),
  };
}
