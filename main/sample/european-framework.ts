import type { ClauseText } from './sample-model';

/**
 * The sample's second document: the six points European partners put
 * forward in Berlin on 15 December 2025, in our own words. Illustrative.
 */

/** Title of the European document. */
export const EUROPEAN_FRAMEWORK_TITLE = 'European 6-point framework';

/** Stable id of the European document. */
export const EUROPEAN_FRAMEWORK_DOC_ID = 'doc-european-framework';

/** Name of its kept version. */
export const EUROPEAN_VERSION_NAME = 'Berlin statement, 15 December 2025';

/** Who drafted it and who kept the version, and when. */
export const EUROPEAN_FRAMEWORK_TIMES = {
  drafted: { by: 'euDrafter', at: '2025-12-15T08:30:00.000Z' },
  version: { by: 'euSuggester', at: '2025-12-15T17:00:00.000Z' },
} as const;

/** The six points, in order. */
export const EUROPEAN_FRAMEWORK_6: readonly ClauseText[] = [
  {
    id: 'eu-armed-forces-support',
    heading: 'Support for Ukraine’s armed forces',
    text: 'Europe will give Ukraine’s armed forces sustained and substantial support, so that they can keep a peacetime strength of 800,000.',
  },
  {
    id: 'eu-multinational-force',
    heading: 'Multinational Force Ukraine',
    text: 'A European-led multinational force, formed within the Coalition of the Willing, will help rebuild Ukraine’s forces and help protect its airspace and sea areas.',
  },
  {
    id: 'eu-ceasefire-monitoring',
    heading: 'Ceasefire monitoring',
    text: 'A mechanism led by the United States will monitor and verify the ceasefire.',
  },
  {
    id: 'eu-defence-commitment',
    heading: 'Defence commitment',
    text: 'A legally binding commitment will oblige its signatories to help defend Ukraine against any future armed attack.',
  },
  {
    id: 'eu-reconstruction',
    heading: 'Reconstruction',
    text: 'Investment will be mobilised to rebuild Ukraine after the war.',
  },
  {
    id: 'eu-accession',
    heading: 'Path to the European Union',
    text: 'Europe will support Ukraine on its way to membership of the European Union.',
  },
];
