import type { CommentTarget } from '../../../shared/domain/types';
import type { PanelContext, PanelView } from '../panel/panel-context';
import type { Workbench } from './workbench';
import { createChangesView, type ChangesView } from '../changes/changes-view';
import { SidePanel } from '../panel/side-panel';

/** A comments view as the panel mounts it. */
export type CommentsPanelView = PanelView & { focusTarget(target: CommentTarget): void };
/** A clause history view as the panel mounts it. */
export type HistoryPanelView = PanelView & { showClause(clauseId: string): void };

/** Optional views of the side panel, besides the changes view. */
export interface PanelViewFactories {
  readonly comments?: (ctx: PanelContext) => CommentsPanelView;
  readonly history?: (ctx: PanelContext) => HistoryPanelView;
  /** The Brackets tab (`negotiation/brackets-view.ts`). */
  readonly brackets?: (ctx: PanelContext) => PanelView;
  /** The Positions tab (`negotiation/positions-view.ts`). */
  readonly positions?: (ctx: PanelContext) => PanelView;
}

/**
 * The side panel of the workbench: tabs Changes | Comments | History
 * (each view optional but Changes), whether the panel shows, and the
 * toolbar's count of open changes. The panel shows by default when the
 * document has changes, until the user hides it (then it stays as they
 * left it).
 */
export class PanelHost {
  /** The changes view. */
  readonly changes: ChangesView;
  private readonly panel: SidePanel;
  private readonly comments: CommentsPanelView | null;
  private readonly history: HistoryPanelView | null;
  private readonly brackets: PanelView | null;
  private readonly positions: PanelView | null;
  /** The user's last explicit show/hide (null: automatic). */
  private choice: boolean | null = null;

  constructor(
    context: PanelContext,
    private readonly ui: Workbench,
    factories: PanelViewFactories = {},
  ) {
    this.panel = new SidePanel(() => this.setVisible(false, true));
    ui.sidePanel.append(this.panel.element);
    this.comments = factories.comments?.(context) ?? null;
    this.history = factories.history?.(context) ?? null;
    this.brackets = factories.brackets?.(context) ?? null;
    this.positions = factories.positions?.(context) ?? null;
    this.changes = createChangesView(context, {
      panel: {
        visible: () => ui.sidePanelVisible && this.panel.selected === 'changes',
        show: () => this.open('changes'),
      },
      hint: (message, action) => ui.hint.show(message, action),
      comment: this.comments ? (changeId) => this.openComments({ type: 'change', changeId }) : null,
      history: this.history ? (clauseId) => this.openHistory(clauseId) : null,
      onOpenCount: (count) => {
        ui.setOpenChanges(count);
        this.panel.setBadge('changes', count > 0 ? String(count) : '');
      },
    });
    this.panel.addTab('changes', 'Changes', this.changes);
    if (this.comments) this.panel.addTab('comments', 'Comments', this.comments);
    if (this.history) this.panel.addTab('history', 'History', this.history);
    if (this.brackets) this.panel.addTab('brackets', 'Brackets', this.brackets);
    if (this.positions) this.panel.addTab('positions', 'Positions', this.positions);
  }

  /** True when clause histories can be shown. */
  get hasHistory(): boolean {
    return this.history !== null;
  }

  /** A document was shown: unless the user chose otherwise, show the panel if it has changes. */
  documentShown(): void {
    if (this.choice === null) this.setVisible(this.changes.hasRecords(), false);
  }

  /** The toolbar button, the View menu and Ctrl+Alt+C: show the changes, or hide the panel if they show. */
  toggleChanges(): void {
    if (this.ui.sidePanelVisible && this.panel.selected === 'changes') {
      this.setVisible(false, true);
    } else {
      this.panel.select('changes');
      this.setVisible(true, true);
    }
  }

  /** Shows the panel at a tab. */
  open(tab: 'changes' | 'comments' | 'history' | 'brackets' | 'positions'): void {
    if (!this.panel.has(tab)) return;
    this.panel.select(tab);
    this.setVisible(true, false);
  }

  /** Shows a clause's history. */
  openHistory(clauseId: string): void {
    if (!this.history) return;
    this.open('history');
    this.history.showClause(clauseId);
  }

  /** Shows the comments on a clause or change. */
  openComments(target: CommentTarget): void {
    if (!this.comments) return;
    this.open('comments');
    this.comments.focusTarget(target);
  }

  /** The editor changed (at most once per frame). */
  refresh(): void {
    this.changes.refresh();
  }

  private setVisible(visible: boolean, byUser: boolean): void {
    if (byUser) this.choice = visible;
    this.ui.showSidePanel(visible);
  }
}
