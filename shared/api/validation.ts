import { z } from 'zod';
import { MEMBER_ROLES } from '../domain/types';
import { PAPER_SIZES, REDLINE_FORMATS } from '../redline/file-name';
import { AUDIENCES } from '../redline/model';
import type { ApiMethod } from './contract';

const id = z.string().min(1).max(200);
const bytes = z.instanceof(Uint8Array);
/** Largest awareness update a window may send (a few states with cursors fit in far less). */
const MAX_PRESENCE_BYTES = 64 * 1024;
/** Longest key file text `initialVersion` takes (an Ed25519 PEM is 119 characters). */
const MAX_KEY_FILE_CHARACTERS = 64 * 1024;
const name = z.string().trim().min(1).max(500);
/** A team workspace URL: ws(s)://host:port/<workspace id> (checked fully in main). */
const teamUrl = z.string().trim().min(1).max(2048).regex(/^wss?:\/\//i, 'a ws:// or wss:// URL');
const token = z.string().trim().min(1).max(1000);

/** A column: a document (null: the request's) and a version by id or name (null: the working draft). */
const columnRef = z.object({ doc: id.nullable(), version: id.nullable() }).strict();
const columnsRequest = z
  .object({ docId: id, columns: z.array(columnRef).min(2).max(10), format: z.enum(REDLINE_FORMATS as [string, ...string[]]).optional() })
  .strict();

/**
 * Argument schemas of every API method. Main validates each call against
 * these before it reaches a service, so a malformed call gets an
 * `invalid-argument` error and never reaches the store.
 */
export const API_ARGUMENTS = {
  getWorkspace: z.tuple([]),
  openWorkspace: z.tuple([z.string().min(1).max(4096)]),
  listDocuments: z.tuple([]),
  createDocument: z.tuple([name]),
  getIdentity: z.tuple([]),
  setIdentity: z.tuple([id]),
  addMember: z.tuple([
    z.object({ name, partyId: id, role: z.enum(MEMBER_ROLES as [string, ...string[]]) }).strict(),
  ]),
  addParty: z.tuple([
    z.object({ name: z.string().trim().min(1).max(100), code: z.string().trim().regex(/^[A-Za-z0-9]{2,5}$/, '2 to 5 letters or digits') }).strict(),
  ]),
  syncDocument: z.tuple([id, bytes]),
  closeDocument: z.tuple([id]),
  presenceMessage: z.tuple([id, bytes.refine((b) => b.length > 0 && b.length <= MAX_PRESENCE_BYTES, 'an awareness update of 1 byte to 64 KiB')]),
  listVersions: z.tuple([id]),
  createVersion: z.tuple([id, name, z.string().max(10_000)]),
  verifyVersions: z.tuple([id]),
  initialVersion: z.tuple([
    z.object({ docId: id, versionId: id, privateKeyPem: z.string().min(1).max(MAX_KEY_FILE_CHARACTERS) }).strict(),
  ]),
  getVersionState: z.tuple([id, id]),
  getIntactDocumentState: z.tuple([id]),
  exportRedline: z.tuple([
    z
      .object({
        docId: id,
        from: id.optional(),
        to: id.optional(),
        format: z.enum(REDLINE_FORMATS as [string, ...string[]]).optional(),
        audience: z.enum(AUDIENCES as [string, ...string[]]).optional(),
        paper: z.enum(PAPER_SIZES as [string, ...string[]]).optional(),
      })
      .strict(),
  ]),
  compareVersions: z.tuple([
    z
      .object({
        docId: id,
        from: id.optional(),
        to: id.optional(),
        format: z.enum(REDLINE_FORMATS as [string, ...string[]]).optional(),
        audience: z.enum(AUDIENCES as [string, ...string[]]).optional(),
        paper: z.enum(PAPER_SIZES as [string, ...string[]]).optional(),
      })
      .strict(),
  ]),
  compareColumns: z.tuple([columnsRequest]),
  exportColumns: z.tuple([columnsRequest]),
  setColumnPin: z.tuple([z.object({ docId: id, clauseId: id, targetDocId: id, targetClauseId: id.nullable() }).strict()]),
  clearColumnPin: z.tuple([id, id, id]),
  restoreVersion: z.tuple([id, id]),
  importProposal: z.tuple([
    z
      .object({
        fileName: name,
        bytes: bytes.refine((b) => b.length <= 20 * 1024 * 1024, 'at most 20 MB'),
        title: name.optional(),
        into: id.optional(),
        partyId: id.optional(),
      })
      .strict(),
  ]),
  getTeamStatus: z.tuple([]),
  joinTeamWorkspace: z.tuple([z.object({ url: teamUrl, token, path: z.string().min(1).max(4096).optional() }).strict()]),
  shareWorkspace: z.tuple([z.object({ url: teamUrl, token }).strict()]),
  listSetAsideEdits: z.tuple([]),
  discardSetAsideEdit: z.tuple([id]),
  keepWindowCopy: z.tuple([id, bytes.refine((b) => b.length > 0, 'a Yjs state')]),
} satisfies Record<ApiMethod, z.ZodType>;

/**
 * Every method name, derived from `API_ARGUMENTS` (which the compiler holds
 * to exactly the methods of `DraftroomApi`): the allow-list of main's
 * dispatch and the methods of the renderer's proxy.
 */
export const API_METHODS = Object.keys(API_ARGUMENTS) as ApiMethod[];

/** Parses raw arguments of a method; returns the error text instead of throwing. */
export function parseApiArguments(
  method: ApiMethod,
  args: unknown,
): { ok: true; args: unknown[] } | { ok: false; message: string } {
  const result = API_ARGUMENTS[method].safeParse(args);
  if (result.success) return { ok: true, args: result.data as unknown[] };
  return { ok: false, message: `${method}: ${z.prettifyError(result.error)}` };
}
