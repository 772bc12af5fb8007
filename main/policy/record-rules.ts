import * as Y from 'yjs';
import type { ChangeStatus, CommentRecord, Identity } from '../../shared/domain/types';
import { commentProblem, newCommentProblem } from '../../shared/comments/comment-schema';
import { mayDecide } from '../../shared/suggest/decide';
import { changeRecordProblem } from '../../shared/suggest/record-schema';
import { isChangeStatus, statusTransitionRefusal } from '../../shared/suggest/status-transitions';
import { changesMap, commentsMap } from '../../shared/ydoc/layout';
import { entryWriteBasis } from '../../shared/ydoc/map-writes';

/**
 * Main's check of what one peer's update did to the change records and
 * comments of a document (the Y.Maps beside the text). The editor keeps
 * these rules; main checks them again so that a modified or buggy client
 * cannot write in another party's name or rewrite someone else's record.
 *
 * Change records:
 * - a new record is in the sender's own name and party, and proposed;
 * - the author's own proposed record may be rewritten by the author (its
 *   clauses, snippets, kind as the text changes) and deleted (withdrawn, or
 *   emptied before it had a rationale); nobody else deletes or replaces it;
 * - a rationale is edited only by a member of the record's party;
 * - a decision (status, decidedBy, decidedAt) is made only by a lead, in
 *   their own name, except that a member withdrawing their own change may
 *   sweep their own proposed changes inside it (rejected, in the member's
 *   name) — never another member's;
 *   a decision is final: nobody who saw it reopens, overturns or re-signs
 *   it (two leads deciding at once is a race, not a flip; see
 *   `shared/suggest/status-transitions.ts`);
 * - every record and comment an update creates or changes has the shape the
 *   app writes (`record-schema.ts`, `comment-schema.ts`: known fields, a
 *   known status, its own id as key); a new comment is resolved only in
 *   the sender's name and a reply answers an existing root on its target;
 * - the author's editor may still update where a decided change is and its
 *   snippets (a decision racing the author's typing);
 * - nothing else of another member's record changes, and author and party
 *   never do.
 *
 * Comments: a new comment is in the sender's own name (observers write
 * none); its body is edited only by its author; any writer may resolve or
 * reopen a thread, in their own name; nothing else changes, and no comment
 * is deleted or replaced.
 */

/** What an update did to one entry (a record or a comment). */
interface Touched {
  /** Added under a key that held nothing before. */
  created: boolean;
  /** The entry that was there before was deleted (or replaced: then `created` is set too). */
  deletedBefore: { readonly authorId: unknown; readonly status: unknown } | null;
  /** Fields changed, with their values before (undefined: the field was added). */
  readonly before: Map<string, unknown>;
}

/** Watches a document's records and comments while one peer's update is applied. */
export interface RecordWatch {
  /** Stops watching; returns why the edits break a rule, or null if they do not. */
  finish(identity: Identity | null): string | null;
}

/** Starts collecting what transactions with `origin` do to the records and comments of `doc`. */
export function watchRecords(doc: Y.Doc, origin: unknown): RecordWatch {
  const changes = new Map<string, Touched>();
  const comments = new Map<string, Touched>();
  const observe = (map: Y.Map<Y.Map<unknown>>, into: Map<string, Touched>) => {
    const entry = (id: string): Touched => {
      let touched = into.get(id);
      if (!touched) {
        touched = { created: false, deletedBefore: null, before: new Map() };
        into.set(id, touched);
      }
      return touched;
    };
    const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      if (transaction.origin !== origin) return;
      for (const event of events) {
        if (event.target === map) {
          for (const [id, change] of event.changes.keys) {
            const touched = entry(id);
            if (change.action !== 'add') {
              // Read now: garbage collection clears a deleted entry's fields once the observers ran.
              touched.deletedBefore = { authorId: deletedField(change.oldValue, 'authorId'), status: deletedField(change.oldValue, 'status') };
            }
            if (change.action !== 'delete') touched.created = true;
          }
        } else {
          const id = event.path[0];
          if (typeof id !== 'string' || into.get(id)?.created) continue;
          const touched = entry(id);
          for (const [field, change] of event.changes.keys) {
            if (!touched.before.has(field)) touched.before.set(field, change.action === 'add' ? undefined : change.oldValue);
          }
        }
      }
    };
    map.observeDeep(handler);
    return () => map.unobserveDeep(handler);
  };
  const stops = [observe(changesMap(doc), changes), observe(commentsMap(doc), comments)];
  return {
    finish(identity) {
      for (const stop of stops) stop();
      if (changes.size === 0 && comments.size === 0) return null;
      if (identity === null) return 'choose who you are before changing change records or comments';
      const withdrew = [...changes.values()].some(
        (t) => t.deletedBefore !== null && !t.created && t.deletedBefore.authorId === identity.member.id && t.deletedBefore.status === 'proposed',
      );
      for (const [id, touched] of changes) {
        const entry = changesMap(doc).get(id);
        const why =
          (entry instanceof Y.Map ? null : shapeProblem(changeRecordProblem, id, entry, touched)) ??
          changeRecordRefusal(fields(entry), touched, identity, withdrew, entry) ??
          shapeProblem(changeRecordProblem, id, entry, touched);
        if (why !== null) return `change ${id}: ${why}`;
      }
      const commentById = (id: string): CommentRecord | undefined => {
        const entry = commentsMap(doc).get(id);
        return entry instanceof Y.Map && commentProblem(id, entry.toJSON()) === null ? (entry.toJSON() as CommentRecord) : undefined;
      };
      for (const [id, touched] of comments) {
        const entry = commentsMap(doc).get(id);
        let why =
          (entry instanceof Y.Map ? null : shapeProblem(commentProblem, id, entry, touched)) ??
          commentRefusal(fields(entry), touched, identity) ??
          shapeProblem(commentProblem, id, entry, touched);
        if (why === null && touched.created) why = newCommentProblem(commentById(id)!, identity.member.id, commentById);
        if (why !== null) return `comment ${id}: ${why}`;
      }
      return null;
    },
  };
}

/**
 * A field of a Y.Map deleted in the transaction being observed: `get` no
 * longer sees deleted entries, but their content is kept until the
 * transaction's garbage collection, which runs after the observers (so this
 * must be called from an observer).
 */
function deletedField(map: unknown, field: string): unknown {
  if (!(map instanceof Y.Map)) return undefined;
  const item = map._map.get(field);
  return item?.content.getContent()[0];
}

/**
 * Whether an entry an update created or changed (not one it deleted) has the
 * shape the app writes (`changeRecordProblem`, `commentProblem`).
 */
function shapeProblem(problem: (key: string, value: unknown) => string | null, id: string, entry: unknown, touched: Touched): string | null {
  if (entry === undefined && touched.deletedBefore !== null && !touched.created) return null;
  return problem(id, entry instanceof Y.Map ? entry.toJSON() : entry);
}

function fields(entry: unknown): Map<string, unknown> {
  return entry instanceof Y.Map ? new Map(entry.entries()) : new Map();
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Fields whose value the update changed. */
function changedFields(now: Map<string, unknown>, touched: Touched): string[] {
  return [...touched.before].filter(([field, old]) => !sameValue(old, now.get(field))).map(([field]) => field);
}

const DECISION_FIELDS = new Set(['status', 'decidedBy', 'decidedAt']);
/** What the author's editor rewrites as the text around a change moves: where it is and its snippets. */
const DESCRIPTIVE_FIELDS = new Set(['clauseIds', 'before', 'after']);

function newEntryRefusal(now: Map<string, unknown>, touched: Touched, identity: Identity, what: string): string | null {
  if (touched.deletedBefore !== null) return `a ${what} cannot be replaced`;
  if (now.get('authorId') !== identity.member.id || now.get('partyId') !== identity.party.id) {
    return `a new ${what} must be in the sender's own name (${identity.member.name}, ${identity.party.name})`;
  }
  return null;
}

function changeRecordRefusal(now: Map<string, unknown>, touched: Touched, identity: Identity, withdrew: boolean, entry: unknown): string | null {
  const me = identity.member.id;
  if (touched.created) {
    if (touched.deletedBefore !== null && !(touched.deletedBefore.authorId === me && touched.deletedBefore.status === 'proposed')) {
      return 'only its author may replace a proposed change record';
    }
    const ownership = newEntryRefusal(now, { ...touched, deletedBefore: null }, identity, 'change record');
    if (ownership !== null) return ownership;
    return statusTransitionRefusal({ seen: undefined, written: now.get('status'), byLead: mayDecide(identity), sweptByWithdrawal: false });
  }
  if (touched.deletedBefore !== null) {
    return touched.deletedBefore.authorId === me && touched.deletedBefore.status === 'proposed'
      ? null
      : 'only its author may delete a change record, and only while it is proposed';
  }
  const changed = changedFields(now, touched);
  if (changed.length === 0) return null;
  if (changed.includes('authorId') || changed.includes('partyId')) return 'the author and party of a change record cannot be changed';
  const statusBefore = touched.before.has('status') ? touched.before.get('status') : now.get('status');
  const own = now.get('authorId') === me;
  for (const field of changed) {
    if (field === 'rationale') {
      if (now.get('partyId') !== identity.party.id) {
        return `only members of the proposing party may edit its rationale; ${identity.member.name} is with ${identity.party.name}`;
      }
    } else if (DECISION_FIELDS.has(field)) {
      continue;
    } else if (!own) {
      return `only its author may change the ${field} of a change record`;
    } else if (statusBefore !== 'proposed' && !DESCRIPTIVE_FIELDS.has(field)) {
      // The author's editor keeps clauses and snippets up to date, also while a lead decides at the same moment.
      return `the ${field} of a decided change cannot be changed`;
    }
  }
  const decisionFields = changed.filter((field) => DECISION_FIELDS.has(field));
  if (decisionFields.length > 0) {
    const byLead = mayDecide(identity);
    // Withdrawing one's own change may sweep one's own changes inside it away (as rejected), never another
    // member's (issue 13, rule 6); nothing else lets a non-lead decide.
    const sweptByWithdrawal = withdrew && own && now.get('status') === 'rejected';
    const seen = statusSeen(statusBefore, decisionFields, entry, byLead);
    const refusal = statusTransitionRefusal({ seen, written: now.get('status'), byLead, sweptByWithdrawal });
    if (refusal !== null) return byLead || sweptByWithdrawal || seen !== 'proposed' ? refusal : `${refusal}; ${identity.member.name} is a ${identity.member.role}`;
    if (now.get('decidedBy') !== me) return 'a decision must be recorded in the decider’s own name';
    // A decision already made is not signed again by someone who saw it.
    if (seen !== 'proposed') return `a decided change cannot be decided again (it was ${String(seen)})`;
  }
  return null;
}

/**
 * The status the writer of a decision saw: what main held before the
 * update, unless a lead's decision was made without seeing the one main
 * holds (two leads deciding at once: each saw the change proposed). A
 * member who may not decide gets no such benefit of the doubt.
 */
function statusSeen(statusBefore: unknown, decisionFields: readonly string[], entry: unknown, byLead: boolean): ChangeStatus | undefined {
  const before = isChangeStatus(statusBefore) ? statusBefore : undefined;
  if (before === undefined || before === 'proposed' || !byLead || !(entry instanceof Y.Map)) return before;
  const bases = decisionFields.map((field) => entryWriteBasis(entry, field));
  if (bases.some((basis) => basis.kind === 'over-current')) return before;
  // Made beside the decision main holds: the writer saw the change proposed (a decided status is never written over).
  const seen = bases.map((basis) => (basis.kind === 'concurrent' ? basis.seen : undefined)).find(isChangeStatus);
  return seen ?? 'proposed';
}

/** Comment fields any writer may change (resolving or reopening a thread), in their own name. */
const THREAD_STATE_FIELDS = new Set(['resolved', 'resolvedBy', 'resolvedAt']);
/** Comment fields only the author may change. */
const AUTHOR_FIELDS = new Set(['body', 'editedAt']);

function commentRefusal(now: Map<string, unknown>, touched: Touched, identity: Identity): string | null {
  if (identity.member.role === 'observer') return `${identity.member.name} is an observer and may not write comments`;
  if (touched.created) return newEntryRefusal(now, touched, identity, 'comment');
  if (touched.deletedBefore !== null) return 'comments cannot be deleted';
  for (const field of changedFields(now, touched)) {
    if (THREAD_STATE_FIELDS.has(field)) {
      if (now.get('resolvedBy') !== identity.member.id) return 'a thread is resolved or reopened in one’s own name';
    } else if (AUTHOR_FIELDS.has(field)) {
      if (now.get('authorId') !== identity.member.id) return 'only its author can edit a comment';
    } else {
      return `the ${field} of a comment cannot be changed`;
    }
  }
  return null;
}
