import { describe, expect, it } from 'vitest';
import { croatianBosnianSerbianMarkers, czechSlovakMarkers, markerEvidence, norwegianDanishMarkers } from './markers.js';

describe('markerEvidence without diacritics', () => {
  it('matches Czech and Croatian typed without diacritics against the folded markers', () => {
    expect(markerEvidence(czechSlovakMarkers(), ['ktery', 'jeste', 'protoze']).get('cs')).toBeGreaterThan(0);
    expect(markerEvidence(czechSlovakMarkers(), ['ktery', 'jeste', 'protoze']).get('sk') ?? 0).toBe(0);
    expect(markerEvidence(croatianBosnianSerbianMarkers(), ['tisucu', 'eura']).get('hr')).toBeGreaterThan(0);
  });

  it('drops a folded marker that would point at both languages (Czech co, Slovak čo)', () => {
    expect(markerEvidence(czechSlovakMarkers(), ['co']).size).toBe(0);
    expect(markerEvidence(czechSlovakMarkers(), ['čo']).get('sk')).toBeGreaterThan(0);
    // A plain-ASCII pattern listed in two groups on purpose keeps both.
    expect(markerEvidence(croatianBosnianSerbianMarkers(), ['voz', 'za']).get('sr')).toBeGreaterThan(0);
  });

  it('folds only when the whole text has no diacritic, and never for Norwegian', () => {
    // "ktery" next to a word with a diacritic is not Czech typed without them.
    expect(markerEvidence(czechSlovakMarkers(), ['ktery', 'žena']).get('cs') ?? 0).toBe(0);
    // Nynorsk òg would fold to og, Bokmål's "and".
    expect(markerEvidence(norwegianDanishMarkers(), ['og']).get('nn') ?? 0).toBe(0);
  });
});
