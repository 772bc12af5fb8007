import type { Node as PMNode } from 'prosemirror-model';
import type { DocumentInfo, DocumentSummary } from '../../shared/domain/types';
import { newId } from '../../shared/domain/ids';
import { listClauses } from '../../shared/schema/clauses';
import { proposalSchema } from '../../shared/schema/schema';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import type { OpenWorkspace } from './workspace-registry';

/** The content of a new document: one empty clause with a fresh stable id. */
export function emptyProposal(): PMNode {
  const { nodes } = proposalSchema;
  return nodes.doc.create(null, [nodes.clause.create({ id: newId() }, [nodes.paragraph.create()])]);
}

/**
 * A document with its counts: clauses of the working draft (read from the
 * live Y.Doc, or from the store if nobody has it open, with clause-level
 * suggestions projected from the change records) and named versions.
 */
export function summarizeDocument(workspace: OpenWorkspace, info: DocumentInfo): DocumentSummary {
  let clauses = 0;
  try {
    clauses = workspace.hub.withDocument(info.id, (doc) => listClauses(readSuggestedDoc(doc)).length);
  } catch (error) {
    // One unreadable document must not hide the others from the list.
    console.error(`draftroom: could not count the clauses of ${info.id}:`, error);
  }
  const versions = workspace.store.listVersions(info.id).length;
  return { id: info.id, title: info.title, createdAt: info.createdAt, clauses, versions };
}
