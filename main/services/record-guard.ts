import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { mayDecide } from '../../shared/suggest/decide';
import { changesMap, commentsMap } from '../../shared/ydoc/layout';

/**
 * Main's check of what one peer's update did to the change records and
 * comments of a document (the Y.Maps beside the text). The editor already
 * keeps these rules; main checks them again so that a modified or buggy
 * client cannot write in another party's name:
 *
 * - a new change record or comment must name the sender as author and the
 *   sender's party;
 * - nobody rewrites the author or party of an existing record or comment;
 * - a rationale is edited only by a member of the change's party;
 * - a decision (status, decidedBy, decidedAt) is made only by a lead, in
 *   their own name;
 * - a comment's text is edited only by its author.
 *
 * Deleting records is not checked (a withdrawn or emptied change goes away
 * on any replica that removes its text).
 */

/** One record or comment an update touched: created, or fields changed (with their values before). */
interface Touched {
  readonly created: boolean;
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
  /** Authors of the change records the update deleted (read while observing: garbage collection clears them after). */
  const deletedAuthors = new Map<string, unknown>();
  const observe = (map: Y.Map<Y.Map<unknown>>, into: Map<string, Touched>, deleted?: Map<string, unknown>) => {
    const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      if (transaction.origin !== origin) return;
      for (const event of events) {
        if (event.target === map) {
          for (const [id, change] of event.changes.keys) {
            if (change.action !== 'delete') into.set(id, { created: true, before: new Map() });
            else deleted?.set(id, deletedField(change.oldValue, 'authorId'));
          }
        } else {
          const id = event.path[0];
          if (typeof id !== 'string' || into.get(id)?.created) continue;
          const touched = into.get(id) ?? { created: false, before: new Map<string, unknown>() };
          for (const [field, change] of event.changes.keys) {
            if (!touched.before.has(field)) touched.before.set(field, change.action === 'add' ? undefined : change.oldValue);
          }
          into.set(id, touched);
        }
      }
    };
    map.observeDeep(handler);
    return () => map.unobserveDeep(handler);
  };
  const stops = [observe(changesMap(doc), changes, deletedAuthors), observe(commentsMap(doc), comments)];
  return {
    finish(identity) {
      for (const stop of stops) stop();
      if (changes.size === 0 && comments.size === 0) return null;
      if (identity === null) return 'choose who you are before changing change records or comments';
      const withdrew = [...deletedAuthors.values()].includes(identity.member.id);
      for (const [id, touched] of changes) {
        const why = changeRecordRefusal(fields(changesMap(doc).get(id)), touched, identity, { withdrew });
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

function changed(now: Map<string, unknown>, touched: Touched, field: string): boolean {
  return touched.before.has(field) && !sameValue(touched.before.get(field), now.get(field));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function owned(now: Map<string, unknown>, touched: Touched, identity: Identity, what: string): string | null {
  if (touched.created) {
    if (now.get('authorId') !== identity.member.id || now.get('partyId') !== identity.party.id) {
      return `a new ${what} must be in the sender's own name (${identity.member.name}, ${identity.party.name})`;
    }
  } else if (changed(now, touched, 'authorId') || changed(now, touched, 'partyId')) {
    return `the author and party of a ${what} cannot be changed`;
  }
  return null;
}

function changeRecordRefusal(now: Map<string, unknown>, touched: Touched, identity: Identity, context: { withdrew: boolean }): string | null {
  const ownership = owned(now, touched, identity, 'change record');
  if (ownership !== null) return ownership;
  if (!touched.created && changed(now, touched, 'rationale') && now.get('partyId') !== identity.party.id) {
    return `only members of the proposing party may edit its rationale; ${identity.member.name} is with ${identity.party.name}`;
  }
  const decisionTouched = touched.created
    ? (now.get('status') ?? 'proposed') !== 'proposed' || now.has('decidedBy') || now.has('decidedAt')
    : ['status', 'decidedBy', 'decidedAt'].some((field) => changed(now, touched, field));
  if (decisionTouched) {
    const by = now.get('decidedBy');
    if (by !== undefined && by !== identity.member.id) return 'a decision must be recorded in the decider’s own name';
    // Withdrawing one's own change may sweep changes inside it away (recorded as rejected); nothing else may decide.
    const sweptByWithdrawal = context.withdrew && now.get('status') === 'rejected';
    if (!mayDecide(identity) && !sweptByWithdrawal) {
      return `only a lead may accept or reject changes; ${identity.member.name} is a ${identity.member.role}`;
    }
  }
  return null;
}

function commentRefusal(now: Map<string, unknown>, touched: Touched, identity: Identity): string | null {
  if (identity.member.role === 'observer') return `${identity.member.name} is an observer and may not write comments`;
  const ownership = owned(now, touched, identity, 'comment');
  if (ownership !== null) return ownership;
  if (!touched.created && changed(now, touched, 'body') && now.get('authorId') !== identity.member.id) {
    return 'only its author can edit a comment';
  }
  return null;
}
