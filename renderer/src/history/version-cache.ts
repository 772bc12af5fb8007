import type { DraftroomApi } from '../../../shared/api/contract';
import type { VersionInfo } from '../../../shared/domain/types';
import type { VersionClauses } from '../../../shared/history/clause-across-versions';
import { readVersionContents, type VersionContents } from '../../../shared/history/version-clauses';
import type { ChangeRecord } from '../../../shared/domain/types';

/** The named versions of one document, read and ready for clause look-ups. */
export interface LoadedVersions {
  readonly versions: readonly VersionClauses[];
  /** Change records each version held (for changes since withdrawn). */
  readonly records: readonly (readonly ChangeRecord[])[];
}

/**
 * Loads the named versions of documents through the API and keeps what it
 * read from each version's state: a version never changes, so its state is
 * fetched and decoded once per version id; only the list is asked again.
 */
export class VersionCache {
  private readonly contents = new Map<string, Promise<VersionContents>>();

  constructor(private readonly api: DraftroomApi) {}

  /** Every named version of `docId` with its clauses (the list is fetched anew, states only once). */
  async load(docId: string): Promise<LoadedVersions> {
    const infos = await this.api.listVersions(docId);
    const contents = await Promise.all(infos.map((info) => this.contentsOf(info)));
    return {
      versions: infos.map((info, i) => ({ versionId: info.id, name: info.name, createdAt: info.createdAt, clauses: contents[i]!.clauses })),
      records: contents.map((c) => c.records),
    };
  }

  private contentsOf(info: VersionInfo): Promise<VersionContents> {
    const key = `${info.docId}\u0000${info.id}`;
    let pending = this.contents.get(key);
    if (!pending) {
      pending = this.api.getVersionState(info.docId, info.id).then(readVersionContents);
      // A failed read is not cached: the next load tries again.
      pending.catch(() => this.contents.delete(key));
      this.contents.set(key, pending);
    }
    return pending;
  }
}
