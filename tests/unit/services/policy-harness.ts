/**
 * Harness for attacks on the update policy: a workspace with a document the
 * lead wrote, hostile members sending raw Yjs updates through their API
 * sessions, and the checks every refusal must pass: refused with
 * `forbidden`, nothing stored, nothing broadcast, memory equal to disk.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/domain/types';
import { syncStep1Message, syncStep2Message } from '../../helpers/sync-messages';
import { changesMap, commentsMap, contentFragment } from '../../../shared/ydoc/layout';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { encodeSyncUpdate } from '../../../main/services/sync-message';
import { WorkspaceRegistry, type WorkspaceRegistryOptions } from '../../../main/services/workspace-registry';
import type { PolicyLimits } from '../../../main/policy/update-shape';
import { documentMessages, insertClause, makeWorkspace, MirrorClient, openPeer, syncUpdateFrom, tempDir, type TestPeople, type TestPeer, typeInClause } from './harness';

/** What a document holds, comparable across a live Y.Doc and one loaded from disk. */
export interface DocState {
  readonly stateVector: string;
  readonly top: string[];
  readonly content: unknown;
  readonly changes: unknown;
  readonly comments: unknown;
}

/** An edit made offline: the state vector the replica had, and its update (V1). */
export interface OfflineEdit {
  readonly stateVector: Uint8Array;
  readonly update: Uint8Array;
}

/** The comparable state of a Y.Doc. */
export function docState(doc: Y.Doc): DocState {
  return {
    stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('hex'),
    // Top-level types with something in them (an empty one is only a name some reader asked for).
    top: [...doc.share].filter(([, type]) => type._start !== null || type._map.size > 0).map(([name]) => name).sort(),
    content: contentFragment(doc).toJSON(),
    changes: changesMap(doc).toJSON(),
    comments: commentsMap(doc).toJSON(),
  };
}

/** A document under attack: the lead's mirror, the sessions, and the checks. */
export class PolicyArena {
  readonly path: string;
  readonly people: TestPeople;
  readonly registry: WorkspaceRegistry;
  readonly peers: TestPeer[] = [];
  docId = '';
  /** The lead's window: what main broadcasts reaches it. */
  lead!: TestPeer;
  mirror!: MirrorClient;
  private readonly dir = tempDir();

  constructor(options: { limits?: Partial<PolicyLimits> } = {}) {
    this.path = join(this.dir.dir, 'policy.draftroom');
    this.people = makeWorkspace(this.path);
    const registryOptions: WorkspaceRegistryOptions = options.limits ? { policyLimits: options.limits } : {};
    this.registry = new WorkspaceRegistry(registryOptions);
  }

  /** Creates the document: two clauses the lead wrote directly. */
  async setUp(): Promise<this> {
    this.lead = await this.peer(this.people.bohdan);
    this.docId = (await this.lead.session.createDocument('Peace framework')).id;
    this.mirror = new MirrorClient(this.docId);
    await this.mirror.connect(this.lead);
    typeInClause(this.mirror.doc, 0, 'Ukraine keeps an army of 800,000.', { tracked: false });
    insertClause(this.mirror.doc, 1, 'c-elections', 'Elections are held after the ceasefire.');
    await this.mirror.settled();
    return this;
  }

  /** Opens a session acting as `member`. */
  async peer(member: Member): Promise<TestPeer> {
    const p = openPeer(this.registry, this.path);
    this.peers.push(p);
    await p.session.setIdentity(member.id);
    return p;
  }

  /** The document as a fresh connection to the file reads it. */
  onDisk(): DocState {
    const store = openWorkspace(this.path);
    try {
      const doc = loadYDoc(store, this.docId);
      try {
        return docState(doc);
      } finally {
        doc.destroy();
      }
    } finally {
      store.close();
    }
  }

  /** The document as main holds it in memory. */
  inMemory(): DocState {
    const workspace = this.registry.acquire(this.path);
    try {
      return workspace.hub.withDocument(this.docId, docState);
    } finally {
      this.registry.release(workspace);
    }
  }

  /** The update message for an edit made on a replica of what main holds now. */
  edit(edit: (doc: Y.Doc) => void): Uint8Array {
    return syncUpdateFrom(this.mirror.doc, edit);
  }

  /**
   * An edit made offline on a replica of what main holds now: the replica's
   * state vector before it (what it will declare on reconnecting) and the
   * update.
   */
  offlineEdit(edit: (doc: Y.Doc) => void): OfflineEdit {
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(this.mirror.doc));
    const stateVector = Y.encodeStateVector(replica);
    edit(replica);
    const update = Y.encodeStateAsUpdate(replica, stateVector);
    replica.destroy();
    return { stateVector, update };
  }

  /**
   * Sends an offline edit as a replica coming back online does: its sync
   * step 1 (the state vector it had), then its work as the step 2 answering
   * main's step 1. Resolves once main accepted it and the lead's mirror caught up.
   */
  async reconnect(member: Member, offline: OfflineEdit): Promise<void> {
    const sender = await this.peer(member);
    await sender.session.syncDocument(this.docId, syncStep1Message(offline.stateVector));
    await sender.session.syncDocument(this.docId, syncStep2Message(offline.update));
    await this.mirror.settled();
  }

  /** An update message carrying a raw V1 update. */
  raw(update: Uint8Array): Uint8Array {
    return encodeSyncUpdate(update);
  }

  /** Sends a message as `member`; resolves once main answered and the lead's mirror caught up. */
  async send(member: Member, message: Uint8Array): Promise<void> {
    const sender = await this.peer(member);
    await sender.session.syncDocument(this.docId, message);
    await this.mirror.settled();
  }

  /**
   * Sends a message as `member` and checks it is refused: `forbidden`,
   * nothing stored, nothing broadcast, memory equal to disk. Returns the reason.
   */
  async refused(member: Member, message: Uint8Array): Promise<string> {
    const sender = await this.peer(member);
    const disk = this.onDisk();
    const broadcasts = documentMessages(this.lead, this.docId);
    let reason: string | null = null;
    try {
      await sender.session.syncDocument(this.docId, message);
    } catch (error) {
      expect(error).toMatchObject({ code: 'forbidden' });
      reason = (error as Error).message;
    }
    if (reason === null) throw new Error('expected the update to be refused');
    expect(this.onDisk()).toEqual(disk);
    expect(documentMessages(this.lead, this.docId)).toBe(broadcasts);
    expect(this.inMemory()).toEqual(disk);
    return reason;
  }

  /** Closes every session and removes the file. */
  close(): void {
    for (const p of this.peers) p.session.close();
    this.registry.closeAll();
    this.dir.cleanup();
  }
}
