import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DraftroomError } from '../../shared/api/errors';
import type { ChangeRecord } from '../../shared/domain/types';
import { writeChange, writeComment } from '../../shared/ydoc/layout';
import type { WorkspaceStoreApi } from '../store/store-types';
import { createWorkspace } from '../store/workspace-store';
import { DocumentScribe } from './document-scribe';
import {
  EUROPEAN_FRAMEWORK_6,
  EUROPEAN_FRAMEWORK_DOC_ID,
  EUROPEAN_FRAMEWORK_TIMES,
  EUROPEAN_FRAMEWORK_TITLE,
  EUROPEAN_VERSION_NAME,
} from './european-framework';
import {
  PEACE_FRAMEWORK_28,
  PEACE_FRAMEWORK_DOC_ID,
  PEACE_FRAMEWORK_TITLE,
  VERSION_20_NAME,
  VERSION_28_NAME,
} from './peace-framework-28';
import { writeSampleBrackets } from './peace-framework-brackets';
import { counterDraftModel, VERSION_RU_NAME, VERSION_RU_TAKEN } from './peace-framework-counter-draft';
import { writeSamplePackage, writeSamplePositions } from './peace-framework-positions';
import { PEACE_FRAMEWORK_COMMENTS, PEACE_FRAMEWORK_PENDING } from './peace-framework-pending';
import { PEACE_FRAMEWORK_TALKS, VERSION_20_TAKEN, VERSION_28_TAKEN } from './peace-framework-talks';
import {
  clauseFromText,
  proposalFromText,
  proposeClauseAddition,
  proposeClauseRemoval,
  proposeTextChange,
  settleChange,
  type ClauseModel,
  type ProposalModel,
} from './sample-model';
import { writeSampleInitials, writeSampleKeys } from './sample-keys';
import { SAMPLE_MEMBERS, SAMPLE_NOTE, SAMPLE_PARTIES, SAMPLE_WORKSPACE_NAME, who, type MemberHandle } from './sample-people';
import type { ScriptedChange, ScriptedComment } from './sample-script';

/** Version ids of the sample (stable). */
export const SAMPLE_VERSION_IDS = {
  peace28: 'v-peace-28',
  peace20: 'v-peace-20',
  peaceRu: 'v-peace-ru',
  european6: 'v-european-6',
} as const;

function plain(segments: ClauseModel['heading']): string {
  return segments.map((s) => s.text).join('');
}

function clauseSummary(clause: ClauseModel): string {
  const body = clause.paragraphs.map(plain).join(' ');
  return clause.heading.length > 0 ? `${plain(clause.heading)} — ${body}` : body;
}

/** The change record a scripted change starts as (status proposed), given the model before it. */
function proposedRecord(change: ScriptedChange, model: ProposalModel): ChangeRecord {
  const { memberId, partyId } = who(change.author);
  const base = {
    id: change.id,
    kind: change.change.kind,
    partyId,
    authorId: memberId,
    createdAt: change.createdAt,
    rationale: change.rationale,
    status: 'proposed' as const,
  };
  const edit = change.change;
  if (edit.kind === 'removed') {
    const clause = model.find((c) => c.id === edit.clauseId);
    if (!clause) throw new Error(`sample: no clause ${edit.clauseId}`);
    return { ...base, clauseIds: [edit.clauseId], before: clauseSummary(clause) };
  }
  if (edit.kind === 'added') {
    return { ...base, clauseIds: [edit.clause.id], after: clauseSummary(clauseFromText(edit.clause)) };
  }
  return {
    ...base,
    clauseIds: [edit.clauseId],
    ...(edit.edit.before ? { before: edit.edit.before.trim() } : {}),
    ...(edit.edit.after ? { after: edit.edit.after.trim() } : {}),
  };
}

function propose(model: ProposalModel, change: ScriptedChange): ProposalModel {
  const edit = change.change;
  if (edit.kind === 'removed') return proposeClauseRemoval(model, edit.clauseId, change.id);
  if (edit.kind === 'added') return proposeClauseAddition(model, edit.after, edit.clause, change.id);
  return proposeTextChange(model, edit.clauseId, edit.edit, change.id);
}

type TimelineEvent =
  | { readonly at: string; readonly by: MemberHandle; readonly type: 'propose'; readonly change: ScriptedChange }
  | { readonly at: string; readonly by: MemberHandle; readonly type: 'decide'; readonly change: ScriptedChange }
  | { readonly at: string; readonly by: MemberHandle; readonly type: 'comment'; readonly comment: ScriptedComment };

function timeline(changes: readonly ScriptedChange[], comments: readonly ScriptedComment[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const change of changes) {
    events.push({ at: change.createdAt, by: change.author, type: 'propose', change });
    if (change.decision) events.push({ at: change.decision.at, by: change.decision.by, type: 'decide', change });
  }
  for (const comment of comments) events.push({ at: comment.createdAt, by: comment.author, type: 'comment', comment });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** Plays a list of scripted events into the document; returns the resulting model. */
function play(scribe: DocumentScribe, start: ProposalModel, events: readonly TimelineEvent[]): ProposalModel {
  let model = start;
  for (const event of events) {
    scribe.commit(event.by, event.at, (ydoc) => {
      if (event.type === 'propose') {
        const record = proposedRecord(event.change, model);
        model = propose(model, event.change);
        scribe.setContent(model);
        writeChange(ydoc, record);
      } else if (event.type === 'decide') {
        const decision = event.change.decision!;
        model = settleChange(model, event.change.id, decision.accept);
        scribe.setContent(model);
        writeChange(ydoc, {
          id: event.change.id,
          status: decision.accept ? 'accepted' : 'rejected',
          decidedBy: SAMPLE_MEMBERS[decision.by].id,
          decidedAt: decision.at,
        });
      } else {
        const c = event.comment;
        const { memberId, partyId } = who(c.author);
        writeComment(ydoc, {
          id: c.id,
          target: c.target,
          parentId: c.parentId ?? null,
          authorId: memberId,
          partyId,
          body: c.body,
          createdAt: c.createdAt,
          ...(c.resolved ? { resolved: true } : {}),
        });
      }
    });
  }
  return model;
}

function keepVersion(
  store: WorkspaceStoreApi,
  scribe: DocumentScribe,
  input: { id: string; name: string; note: string; by: MemberHandle; at: string; state?: Uint8Array },
): void {
  const { memberId, partyId } = who(input.by);
  store.createVersion({
    id: input.id,
    docId: scribe.docId,
    name: input.name,
    note: `${input.note} ${SAMPLE_NOTE}`,
    authorId: memberId,
    partyId,
    createdAt: input.at,
    state: input.state ?? scribe.state(),
  });
}

function hasPendingMarks(model: ProposalModel): boolean {
  return model.some((c) => c.mark || [c.heading, ...c.paragraphs].some((segs) => segs.some((s) => s.mark)));
}

function writePeaceFramework(store: WorkspaceStoreApi): void {
  store.createDocument({ id: PEACE_FRAMEWORK_DOC_ID, title: PEACE_FRAMEWORK_TITLE });
  const scribe = new DocumentScribe(store, PEACE_FRAMEWORK_DOC_ID);
  let model = proposalFromText(PEACE_FRAMEWORK_28);
  const seeded = model;
  scribe.commit(VERSION_28_TAKEN.by, VERSION_28_TAKEN.at, () => scribe.setContent(seeded));
  keepVersion(store, scribe, {
    id: SAMPLE_VERSION_IDS.peace28,
    name: VERSION_28_NAME,
    note: 'The United States’ draft as it surfaced in November 2025: 28 points.',
    ...VERSION_28_TAKEN,
  });

  model = play(scribe, model, timeline(PEACE_FRAMEWORK_TALKS, []));
  if (model.length !== 20 || hasPendingMarks(model)) throw new Error('sample: the talks must end in 20 settled clauses');
  keepVersion(store, scribe, {
    id: SAMPLE_VERSION_IDS.peace20,
    name: VERSION_20_NAME,
    note: 'Agreed by the U.S. and Ukrainian teams after three weeks of talks (Miami, Berlin, Miami): 20 points.',
    ...VERSION_20_TAKEN,
  });

  keepVersion(store, scribe, {
    id: SAMPLE_VERSION_IDS.peaceRu,
    name: VERSION_RU_NAME,
    note: 'Russia’s answer to the 20-point proposal, for the four-column view: the whole Donbas, a 600,000 cap, no NATO, no foreign troops.',
    ...VERSION_RU_TAKEN,
    state: scribe.forkState(VERSION_RU_TAKEN.by, counterDraftModel(model)),
  });

  play(scribe, model, timeline(PEACE_FRAMEWORK_PENDING, PEACE_FRAMEWORK_COMMENTS));
  writeSamplePositions(scribe);
  writeSamplePackage(scribe);
  writeSampleBrackets(scribe);
}

function writeEuropeanFramework(store: WorkspaceStoreApi): void {
  store.createDocument({ id: EUROPEAN_FRAMEWORK_DOC_ID, title: EUROPEAN_FRAMEWORK_TITLE });
  const scribe = new DocumentScribe(store, EUROPEAN_FRAMEWORK_DOC_ID);
  const { drafted, version } = EUROPEAN_FRAMEWORK_TIMES;
  scribe.commit(drafted.by, drafted.at, () => scribe.setContent(proposalFromText(EUROPEAN_FRAMEWORK_6)));
  keepVersion(store, scribe, {
    id: SAMPLE_VERSION_IDS.european6,
    name: EUROPEAN_VERSION_NAME,
    note: 'Six points European partners put forward alongside the U.S.–Ukraine talks in Berlin.',
    ...version,
  });
}

function removeWorkspaceFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/**
 * Writes the sample negotiation to a new workspace file at `path`: four
 * parties with their members, the "Peace framework" (versions "U.S. 28-point
 * draft" and "U.S.–Ukraine 20-point proposal", reached through accepted change
 * records, the "Russian counter-draft" beside them, then Russia's pending
 * suggestions and comments in the working draft) and the "European 6-point
 * framework". Every edit is a Yjs update in the log, attributed to its member
 * and party. Every member's illustrative public key is recorded
 * (`sample-keys.ts`) and the 20-point version is initialled by the U.S. and
 * Ukrainian leads. Fails with `conflict` if the
 * file exists; leaves no file behind if it fails half-way.
 */
export function writeSampleWorkspace(path: string): void {
  const file = resolve(path);
  if (existsSync(file)) throw new DraftroomError('conflict', `${file} already exists`);
  const store = createWorkspace(file, { name: SAMPLE_WORKSPACE_NAME });
  try {
    for (const party of Object.values(SAMPLE_PARTIES)) store.addParty(party);
    for (const member of Object.values(SAMPLE_MEMBERS)) {
      store.addMember({ id: member.id, name: member.name, partyId: SAMPLE_PARTIES[member.party].id, role: member.role });
    }
    writeSampleKeys(store);
    writePeaceFramework(store);
    writeEuropeanFramework(store);
    writeSampleInitials(store, SAMPLE_VERSION_IDS.peace20);
  } catch (error) {
    store.close();
    removeWorkspaceFiles(file);
    throw error;
  }
  store.close();
}
