import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { mayDecide } from '../../shared/suggest/decide';
import { changesMap, commentsMap } from '../../shared/ydoc/layout';

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
 *   their own name (a lead may decide again: two leads deciding at once),
 *   except that a member withdrawing their own change may sweep the
 *   proposed changes inside it (rejected, in the member's name);
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
        const why = changeRecordRefusal(fields(changesMap(doc).get(id)), touched, identity, withdrew);
        if (why !== null) return `change ${id}: ${why}`;
      }
      for (const [id, touched] of comments) {
        const why = commentRefusal(fields(commentsMap(doc).get(id)), touched, identity);
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

function changeRecordRefusal(now: Map<string, unknown>, touched: Touched, identity: Identity, withdrew: boolean): string | null {
  const me = identity.member.id;
  if (touched.created) {
    if (touched.deletedBefore !== null && !(touched.deletedBefore.authorId === me && touched.deletedBefore.status === 'proposed')) {
      return 'only its author may replace a proposed change record';
    }
    const ownership = newEntryRefusal(now, { ...touched, deletedBefore: null }, identity, 'change record');
    if (ownership !== null) return ownership;
    if ((now.get('status') ?? 'proposed') !== 'proposed' || now.has('decidedBy') || now.has('decidedAt')) {
      return 'a new change record is proposed, not decided';
    }
    return null;
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
  if (changed.some((field) => DECISION_FIELDS.has(field))) {
    // Leads may decide again (two leads deciding at once); a withdrawal sweeps only what is still proposed.
    if (statusBefore !== 'proposed' && !mayDecide(identity)) return `the change was already ${String(statusBefore)}`;
    if (now.get('decidedBy') !== me) return 'a decision must be recorded in the decider’s own name';
    // Withdrawing one's own change may sweep the changes inside it away (as rejected); nothing else lets a non-lead decide.
    const sweptByWithdrawal = withdrew && now.get('status') === 'rejected';
    if (!mayDecide(identity) && !sweptByWithdrawal) {
      return `only a lead may accept or reject changes; ${identity.member.name} is a ${identity.member.role}`;
    }
  }
  return null;
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
