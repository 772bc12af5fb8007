import * as Y from 'yjs';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import type { Identity, Party, WorkspaceInfo } from '../../../shared/domain/types';
import { addAlternativeInYDoc, closeBracketInYDoc, openBracketInYDoc, setAlternativeRationale } from '../../../shared/negotiation/bracket-ops';
import { alternativesMap, bracketsMap } from '../../../shared/negotiation/bracket-records';
import { bracketReport, historyPoint, type BracketHistoryPoint, type BracketReport, type ReportParty } from '../../../shared/negotiation/bracket-report';
import { listClauses } from '../../../shared/schema/clauses';
import { mayDecide } from '../../../shared/suggest/decide';
import { el, partyDot } from '../base/dom';
import type { PanelContext, PanelDocument, PanelView } from '../panel/panel-context';
import { watchDocument } from '../panel/watch-document';
import { WhenShown } from '../panel/when-shown';
import { promptDialog } from '../ui/dialog';
import { bracketChart } from './bracket-chart';
import { openAlternativeDialog, openBracketDialog, openCloseDialog } from './bracket-dialogs';
import '../styles/brackets.css';

/**
 * The side panel's Brackets view for the document in the active tab: how
 * many brackets and alternatives are open, per party; a chart of the counts
 * at every named version and now; each open bracket with its alternatives
 * (party, words, rationale, who recorded them); "Bracket the selection…",
 * "Propose an alternative…" and, for leads, "Close…"; and the closed
 * brackets with every alternative they had. Operations run on the mirror
 * Y.Doc and reach main like any edit (its policy checks them).
 */
export function createBracketsView(ctx: PanelContext): PanelView {
  return new BracketsPanel(ctx);
}

class BracketsPanel implements PanelView {
  readonly element: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly parties: HTMLElement;
  private readonly chart: HTMLElement;
  private readonly list: HTMLElement;
  private readonly closed: HTMLDetailsElement;
  private readonly message: HTMLElement;
  private readonly bracketButton: HTMLButtonElement;
  private readonly stops: (() => void)[] = [];
  private bound: { readonly doc: PanelDocument; readonly stop: () => void } | null = null;
  private frame = 0;
  /** Nothing is drawn while the view does not show. */
  private readonly whenShown: WhenShown;
  /** Counts at each named version, by version id (a version never changes). */
  private readonly versionPoints = new Map<string, BracketHistoryPoint>();
  private history: readonly BracketHistoryPoint[] = [];
  private loadingFor: string | null = null;

  constructor(private readonly ctx: PanelContext) {
    this.totals = el('p', { class: 'bracket-totals', attrs: { 'data-testid': 'bracket-totals', 'aria-live': 'polite' } });
    this.parties = el('ul', { class: 'bracket-parties', attrs: { 'data-testid': 'bracket-parties' } });
    this.bracketButton = el('button', {
      class: 'button button-secondary',
      text: 'Bracket the selection…',
      attrs: { type: 'button', 'data-testid': 'bracket-selection' },
      on: { click: () => this.bracketSelection() },
    });
    this.message = el('p', { class: 'bracket-message', attrs: { role: 'status' } });
    this.chart = el('figure', { class: 'bracket-chart-figure' });
    this.list = el('ol', { class: 'bracket-list', attrs: { 'data-testid': 'bracket-list' } });
    this.closed = el('details', { class: 'bracket-closed', attrs: { 'data-testid': 'bracket-closed' } });
    this.element = el('section', { class: 'brackets-view', attrs: { 'aria-label': 'Brackets' } }, [
      el('header', { class: 'brackets-head' }, [this.totals, this.parties, this.bracketButton, this.message]),
      this.chart,
      this.list,
      this.closed,
    ]);
    this.whenShown = new WhenShown(this.element, () => this.render());
    this.stops.push(ctx.document.subscribe(() => this.bind()));
    this.stops.push(ctx.identity.subscribe(() => this.schedule()));
    this.stops.push(ctx.workspace.subscribe(() => this.schedule()));
    this.bind();
  }

  private bind(): void {
    this.bound?.stop();
    this.bound = null;
    const doc = this.ctx.document.get();
    if (doc) {
      const stopDoc = watchDocument(doc.ydoc, () => this.schedule());
      const onRecords = () => this.schedule();
      bracketsMap(doc.ydoc).observeDeep(onRecords);
      alternativesMap(doc.ydoc).observeDeep(onRecords);
      this.bound = {
        doc,
        stop: () => {
          stopDoc();
          bracketsMap(doc.ydoc).unobserveDeep(onRecords);
          alternativesMap(doc.ydoc).unobserveDeep(onRecords);
        },
      };
      void this.loadHistory(doc.docId);
    }
    this.render();
  }

  /** Counts at each named version (fetched once per version). */
  private async loadHistory(docId: string): Promise<void> {
    this.loadingFor = docId;
    try {
      const versions = await this.ctx.api.listVersions(docId);
      const points: BracketHistoryPoint[] = [];
      for (const version of versions) {
        let point = this.versionPoints.get(version.id);
        if (!point) {
          const ydoc = new Y.Doc();
          try {
            Y.applyUpdate(ydoc, await this.ctx.api.getVersionState(docId, version.id));
            point = historyPoint(version.name, version.createdAt, ydoc);
          } finally {
            ydoc.destroy();
          }
          this.versionPoints.set(version.id, point);
        }
        points.push(point);
      }
      if (this.loadingFor === docId) {
        this.history = points;
        this.schedule();
      }
    } catch (error) {
      this.message.textContent = `The counts at named versions could not be read: ${errorText(error)}`;
    }
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    // Hidden since the last check: it renders when it shows (no frame callback per keystroke meanwhile).
    if (this.whenShown.knownHidden()) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    if (this.whenShown.hidden()) return;
    const doc = this.bound?.doc;
    const workspace = this.ctx.workspace.get();
    const identity = this.ctx.identity.get();
    if (!doc || !workspace) {
      this.totals.textContent = 'No document open.';
      this.list.replaceChildren();
      return;
    }
    const now = historyPoint('Now', new Date().toISOString(), doc.ydoc);
    const report = bracketReport(doc.ydoc, { parties: workspace.parties, members: workspace.members }, [...this.history, now]);
    const headings = new Map(listClauses(doc.view.state.doc).map((c) => [c.id, c.heading]));
    this.totals.textContent = `${plural(report.brackets, 'open bracket')} · ${plural(report.alternatives, 'alternative')}`;
    this.parties.replaceChildren(
      ...report.byParty.map((p) =>
        el('li', { class: 'bracket-party', attrs: { 'data-party': p.party?.id ?? '' } }, [
          partyDot(p.party?.id ?? '', p.party?.name ?? 'unknown party'),
          `${p.party?.name ?? 'Unknown party'}: ${plural(p.alternatives, 'alternative')} in ${plural(p.brackets, 'bracket')}`,
        ]),
      ),
    );
    const canWrite = identity !== null && identity.member.role !== 'observer';
    this.bracketButton.hidden = !canWrite;
    this.chart.replaceChildren(bracketChart(report.history), el('figcaption', { text: 'Open brackets (dark) and alternatives (light) at each named version and now' }));
    this.list.replaceChildren(...report.open.map((bracket) => this.renderBracket(bracket, headings.get(bracket.clauseId) ?? '', identity, canWrite)));
    if (report.open.length === 0) this.list.append(el('li', { class: 'bracket-empty', text: 'No open brackets. Select words in the text and choose “Bracket the selection…”.' }));
    this.renderClosed(report, headings);
  }

  private renderBracket(bracket: BracketReport['open'][number], heading: string, identity: Identity | null, canWrite: boolean): HTMLElement {
    const jump = el('button', {
      class: 'bracket-point',
      text: `Point ${bracket.point}${heading ? ` · ${heading}` : ''}`,
      attrs: { type: 'button' },
      on: { click: () => this.ctx.jumpToClause(bracket.clauseId) },
    });
    const alternatives = el(
      'ol',
      { class: 'bracket-alternatives' },
      bracket.alternatives.map((alt) =>
        el('li', { class: 'bracket-alternative', attrs: { 'data-party': alt.party?.id ?? '', 'data-testid': 'bracket-alternative' } }, [
          el('span', { class: 'bracket-alt-label', text: `Alt ${alt.number} — ${alt.party?.name ?? 'unknown party'}` }),
          el('q', { class: 'bracket-alt-text', text: alt.text }),
          el('p', { class: 'bracket-why', text: alt.rationale ? `Why: ${alt.rationale}` : 'Rationale missing' }),
          el('p', { class: 'bracket-by', text: `${alt.existing ? 'Bracketed' : 'Proposed'} by ${alt.proposedBy}` }),
          ...(canWrite && identity && alt.party?.id === identity.party.id
            ? [
                el('button', {
                  class: 'link-button',
                  text: alt.rationale ? 'Edit rationale' : 'Add rationale',
                  attrs: { type: 'button', 'data-testid': 'alternative-rationale' },
                  on: { click: () => this.editRationale(alt.id, alt.number, identity) },
                }),
              ]
            : []),
        ]),
      ),
    );
    const actions = el('div', { class: 'bracket-actions' });
    if (canWrite && identity) {
      actions.append(
        el('button', {
          class: 'button button-secondary',
          text: 'Propose an alternative…',
          attrs: { type: 'button', 'data-testid': 'bracket-propose' },
          on: { click: () => this.proposeAlternative(bracket.id, bracket.point, identity) },
        }),
      );
      if (mayDecide(identity)) {
        actions.append(
          el('button', {
            class: 'button button-primary',
            text: 'Close…',
            attrs: { type: 'button', 'data-testid': 'bracket-close' },
            on: { click: () => this.close(bracket, identity) },
          }),
        );
      }
    }
    return el('li', { class: 'bracket-item', attrs: { 'data-testid': 'bracket-item', 'data-bracket': bracket.id } }, [jump, alternatives, actions]);
  }

  private renderClosed(report: BracketReport, headings: ReadonlyMap<string, string>): void {
    this.closed.hidden = report.closed.length === 0;
    const partyName = (party: ReportParty | null) => party?.name ?? 'unknown party';
    this.closed.replaceChildren(
      el('summary', { text: `Closed brackets (${report.closed.length})` }),
      ...report.closed.map((c) =>
        el('div', { class: 'bracket-closed-item' }, [
          el('p', {
            class: 'bracket-closed-head',
            text: `${headings.get(c.clauseId) ?? 'A clause'}: ${c.chosen === null ? 'agreed new wording' : `Alt ${c.chosen} chosen`} by ${c.closedBy}`,
          }),
          el('q', { class: 'bracket-alt-text', text: c.text }),
          el(
            'ul',
            { class: 'bracket-closed-alts' },
            c.alternatives.map((a, i) => el('li', { attrs: { 'data-party': a.party?.id ?? '' }, text: `Alt ${i + 1} — ${partyName(a.party)}: ${a.text}` })),
          ),
        ]),
      ),
    );
  }

  /** Runs an operation on the mirror Y.Doc; returns the message to show for a refusal, or null. */
  private run(operation: (doc: PanelDocument, identity: Identity) => void): string | null {
    const doc = this.bound?.doc;
    const identity = this.ctx.identity.get();
    if (!doc || !identity) return 'Choose who you are first.';
    try {
      operation(doc, identity);
      this.message.textContent = '';
      return null;
    } catch (error) {
      if (error instanceof DraftroomError) return error.message;
      throw error;
    }
  }

  private bracketSelection(): void {
    const doc = this.bound?.doc;
    const identity = this.ctx.identity.get();
    const workspace: WorkspaceInfo | null = this.ctx.workspace.get();
    if (!doc || !identity || !workspace) return;
    const { from, to } = doc.view.state.selection;
    const words = doc.view.state.doc.textBetween(from, to, ' ').trim();
    if (from === to || words === '') {
      this.message.textContent = 'Select the words to put in brackets first.';
      return;
    }
    const parties: readonly Party[] = workspace.parties;
    openBracketDialog(words, identity, parties, (request) => this.run((d, who) => openBracketInYDoc(d.ydoc, who, { from, to, ...request })));
  }

  private proposeAlternative(bracketId: string, point: number, identity: Identity): void {
    openAlternativeDialog(point, identity, (alternative) => this.run((d, who) => addAlternativeInYDoc(d.ydoc, who, { bracketId, alternative })));
  }

  private editRationale(altId: string, number: number, identity: Identity): void {
    promptDialog({
      title: `Why does ${identity.party.name} want Alt ${number}?`,
      label: 'Rationale',
      confirm: 'Save',
      submit: async (value) => this.run((d, who) => setAlternativeRationale(d.ydoc, who, altId, value)),
    });
  }

  private close(bracket: BracketReport['open'][number], _identity: Identity): void {
    openCloseDialog(
      bracket.point,
      bracket.alternatives.map((a) => ({ altId: a.id, label: `Alt ${a.number} — ${a.party?.name ?? 'unknown party'}`, text: a.text })),
      (choice) => this.run((d, who) => closeBracketInYDoc(d.ydoc, who, { bracketId: bracket.id, choice })),
    );
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.whenShown.dispose();
    this.bound?.stop();
    for (const stop of this.stops) stop();
  }
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}
