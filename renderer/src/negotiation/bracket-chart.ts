import type { BracketHistoryPoint } from '../../../shared/negotiation/bracket-report';

/**
 * "Brackets over time": a small bar chart, one pair of bars per point (a
 * named version, then the working draft): open brackets and alternatives.
 * Plain SVG built with DOM calls (the page's CSP forbids inline styles; the
 * colours come from CSS classes). Hand-written: a dozen bars do not need a
 * charting library.
 */

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 280;
const HEIGHT = 120;
const BASE = 96;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function shortName(name: string): string {
  return name.length > 14 ? `${name.slice(0, 13)}…` : name;
}

/** The chart of `points` (oldest first), with a text alternative for screen readers. */
export function bracketChart(points: readonly BracketHistoryPoint[]): SVGSVGElement {
  const max = Math.max(1, ...points.map((p) => Math.max(p.brackets, p.alternatives)));
  const description = points.map((p) => `${p.name}: ${p.brackets} brackets, ${p.alternatives} alternatives`).join('; ');
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'bracket-chart', role: 'img', 'aria-label': `Brackets over time. ${description}`, 'data-testid': 'bracket-chart' });
  root.append(svg('line', { x1: 0, y1: BASE, x2: WIDTH, y2: BASE, class: 'chart-axis' }));
  const slot = WIDTH / Math.max(1, points.length);
  const bar = Math.min(18, slot / 3);
  points.forEach((point, i) => {
    const x = i * slot + slot / 2;
    const heights = [point.brackets, point.alternatives].map((n) => (n / max) * (BASE - 18));
    const bracketBar = svg('rect', { x: x - bar - 1, y: BASE - heights[0]!, width: bar, height: heights[0]!, class: 'chart-brackets' });
    bracketBar.append(svg('title', {}, `${point.name}: ${point.brackets} open brackets`));
    const altBar = svg('rect', { x: x + 1, y: BASE - heights[1]!, width: bar, height: heights[1]!, class: 'chart-alternatives' });
    altBar.append(svg('title', {}, `${point.name}: ${point.alternatives} alternatives`));
    root.append(bracketBar, altBar);
    root.append(svg('text', { x: x - bar / 2 - 1, y: BASE - heights[0]! - 3, class: 'chart-value', 'text-anchor': 'middle' }, String(point.brackets)));
    root.append(svg('text', { x: x + bar / 2 + 1, y: BASE - heights[1]! - 3, class: 'chart-value', 'text-anchor': 'middle' }, String(point.alternatives)));
    root.append(svg('text', { x, y: BASE + 14, class: 'chart-label', 'text-anchor': 'middle' }, shortName(point.name)));
  });
  return root;
}
