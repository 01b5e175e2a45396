import {
  fitOf,
  nothingFits,
  rankSuggestions,
  scoreOf,
  type SuggestionFeatures,
} from './suggestion-ranking.js';

const features = (overrides: Partial<SuggestionFeatures> = {}): SuggestionFeatures => ({
  solutionId: 'a',
  textRank: 0,
  coverage: 0,
  nearCoverage: 0,
  synonymCoverage: 0,
  matchedTerms: [],
  nearTerms: [],
  synonymTerms: [],
  needTermCount: 5,
  titleSimilarity: 0,
  sharedTopics: [],
  seal: null,
  successfulTransfers: 0,
  followedUpAdoptions: 0,
  adoptionsInUse: 0,
  sameState: false,
  ...overrides,
});

describe('scoreOf', () => {
  it('stays between 0 and 1 even for extreme evidence', () => {
    const max = features({
      textRank: 5,
      coverage: 3,
      nearCoverage: 3,
      synonymCoverage: 3,
      matchedTerms: ['a', 'b', 'c', 'd', 'e', 'f'],
      nearTerms: ['x', 'y', 'z', 'u', 'v', 'w'],
      titleSimilarity: 1,
      sharedTopics: ['1', '2', '3', '4'],
      seal: 'bewaehrt-vor-ort-2024',
      successfulTransfers: 10_000,
      sameState: true,
    });
    expect(scoreOf(max)).toBeLessThanOrEqual(1);
    expect(scoreOf(features())).toBe(0);
  });

  it('grows with each kind of evidence', () => {
    const base = scoreOf(features({ textRank: 0.1, coverage: 0.1, matchedTerms: ['a'] }));
    expect(scoreOf(features({ textRank: 0.2, coverage: 0.1, matchedTerms: ['a'] }))).toBeGreaterThan(base);
    expect(scoreOf(features({ textRank: 0.1, coverage: 0.2, matchedTerms: ['a', 'b'] }))).toBeGreaterThan(
      base,
    );
    expect(
      scoreOf(
        features({ textRank: 0.1, coverage: 0.1, nearCoverage: 0.1, matchedTerms: ['a'], nearTerms: ['c'] }),
      ),
    ).toBeGreaterThan(base);
    expect(
      scoreOf(
        features({
          textRank: 0.1,
          coverage: 0.1,
          synonymCoverage: 0.1,
          matchedTerms: ['a'],
          synonymTerms: ['Azubis ≈ Ausbildung'],
        }),
      ),
    ).toBeGreaterThan(base);
    expect(
      scoreOf(features({ textRank: 0.1, coverage: 0.1, matchedTerms: ['a'], sharedTopics: ['t'] })),
    ).toBeGreaterThan(base);
    expect(
      scoreOf(features({ textRank: 0.1, coverage: 0.1, matchedTerms: ['a'], seal: 's' })),
    ).toBeGreaterThan(base);
    expect(
      scoreOf(features({ textRank: 0.1, coverage: 0.1, matchedTerms: ['a'], successfulTransfers: 3 })),
    ).toBeGreaterThan(base);
    expect(
      scoreOf(features({ textRank: 0.1, coverage: 0.1, matchedTerms: ['a'], sameState: true })),
    ).toBeGreaterThan(base);
  });

  it('lets content outweigh a seal, a track record and proximity together', () => {
    const fitting = features({
      textRank: 0.3,
      coverage: 0.4,
      matchedTerms: ['herzstillstand', 'ersthelfer'],
    });
    const merelyDecorated = features({
      textRank: 0.05,
      coverage: 0.05,
      matchedTerms: ['app'],
      seal: 'bewaehrt-vor-ort-2024',
      successfulTransfers: 12,
      sameState: true,
    });
    expect(scoreOf(fitting)).toBeGreaterThan(scoreOf(merelyDecorated));
  });

  it('weighs a word found as written above the same share found only as a synonym or near in spelling', () => {
    const asWritten = scoreOf(features({ textRank: 0.3, coverage: 0.5, matchedTerms: ['ausbildung'] }));
    const asSynonym = scoreOf(
      features({ textRank: 0.3, synonymCoverage: 0.5, synonymTerms: ['Azubis ≈ Ausbildung'] }),
    );
    const near = scoreOf(features({ textRank: 0.3, nearCoverage: 0.5, nearTerms: ['ausbildng'] }));
    expect(asWritten).toBeGreaterThan(asSynonym);
    expect(asWritten).toBeGreaterThan(near);
  });
});

describe('rankSuggestions', () => {
  it('orders by score, then by matched words, then by id, and cuts at the limit', () => {
    const ranked = rankSuggestions(
      [
        features({ solutionId: 'c', textRank: 0.1, matchedTerms: ['x'] }),
        features({ solutionId: 'a', textRank: 0.5, matchedTerms: ['x', 'y'] }),
        features({ solutionId: 'b', textRank: 0.1, matchedTerms: ['x'] }),
      ],
      2,
    );
    expect(ranked.map((r) => r.solutionId)).toEqual(['a', 'b']);
  });

  it('drops candidates without any evidence', () => {
    expect(rankSuggestions([features({ solutionId: 'z' })], 5)).toEqual([]);
  });

  it('reports the reasons it weighed', () => {
    const [suggestion] = rankSuggestions(
      [
        features({
          solutionId: 'a',
          textRank: 0.2,
          matchedTerms: ['mehrweg'],
          nearTerms: ['mehrwegangebotsplicht'],
          sharedTopics: ['abfall'],
          seal: 'bewaehrt-vor-ort-2024',
          successfulTransfers: 2,
          sameState: true,
        }),
      ],
      5,
    );
    expect(suggestion).toEqual({
      solutionId: 'a',
      rank: 1,
      score: expect.any(Number),
      fit: expect.stringMatching(/^(strong|partial|weak)$/),
      reasons: {
        matchedTerms: ['mehrweg'],
        nearTerms: ['mehrwegangebotsplicht'],
        synonymTerms: [],
        sharedTopics: ['abfall'],
        seal: 'bewaehrt-vor-ort-2024',
        successfulTransfers: 2,
        followedUpAdoptions: 0,
        adoptionsInUse: 0,
        sameState: true,
      },
    });
    expect(String(suggestion.score)).toMatch(/^[01](\.\d{1,4})?$/);
  });
});

describe('fit', () => {
  it('is strong, partial or weak by the calibrated thresholds', () => {
    expect(fitOf(0.2)).toBe('strong');
    expect(fitOf(0.1999)).toBe('partial');
    expect(fitOf(0.12)).toBe('partial');
    expect(fitOf(0.1199)).toBe('weak');
    expect(fitOf(0)).toBe('weak');
  });

  it('says nothing fits when no suggestion is better than weak, or there is none', () => {
    expect(nothingFits([])).toBe(true);
    expect(nothingFits([{ fit: 'weak' }, { fit: 'weak' }])).toBe(true);
    expect(nothingFits([{ fit: 'weak' }, { fit: 'partial' }])).toBe(false);
    expect(nothingFits([{ fit: 'strong' }])).toBe(false);
  });
});
