import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Municipality } from '../../municipalities/municipality.entity.js';
import { inOrder } from '../../search/ranked-search.js';
import { Solution } from '../../solutions/solution.entity.js';
import type { Need } from '../need.entity.js';
import { rankSuggestions, type RankedSuggestion, type SuggestionFeatures } from './suggestion-ranking.js';

/** More candidates than any page of suggestions, so the weighting in Node has room to reorder. */
const CANDIDATES = 60;

// Per candidate solution, the evidence `rankSuggestions` weighs. Candidates come from three
// index lookups (full text, topics, title trigrams); the per-word checks run on those only.
// Parameters: $1 the need's title and description, $2 its title, $3 its topics, $4 its state,
// $5 how many candidates.
const FEATURES_SQL = `
WITH terms AS (
  SELECT DISTINCT ON (v.lexeme)
         lower(d.token) AS word,
         v.lexeme,
         (quote_literal(v.lexeme) || CASE WHEN length(v.lexeme) >= 4 THEN ':*' ELSE '' END)::tsquery AS tsq
  FROM ts_debug('german'::regconfig, $1) d
  CROSS JOIN LATERAL unnest(to_tsvector('german'::regconfig, fold_de(d.token))) v
  WHERE d.alias IN ('asciiword', 'word', 'numword', 'asciihword', 'hword', 'numhword',
                    'hword_asciipart', 'hword_part', 'hword_numpart')
  ORDER BY v.lexeme, length(d.token)
)
SELECT s.id,
       ts_rank(s.search_vector, search_tsquery($1)) AS text_rank,
       word_similarity(fold_de($2), s.search_text) AS title_similarity,
       ARRAY(SELECT t.word FROM terms t WHERE s.search_vector @@ t.tsq ORDER BY t.word) AS matched_terms,
       ARRAY(SELECT t.word FROM terms t
             WHERE NOT s.search_vector @@ t.tsq
               AND length(t.lexeme) >= 5
               AND word_similarity(fold_de(t.word), s.search_text) >= 0.75
             ORDER BY t.word) AS near_terms,
       (SELECT count(*) FROM terms)::int AS need_term_count,
       ARRAY(SELECT unnest(s.topics) INTERSECT SELECT unnest($3::text[]) ORDER BY 1) AS shared_topics,
       s.seal,
       (SELECT count(*) FROM transfer_cases tc
        WHERE tc.chosen_solution_id = s.id AND tc.status = 'umgesetzt')::int AS successful_transfers,
       coalesce(origin.state_code = $4, false) AS same_state
FROM solutions s
LEFT JOIN municipalities origin ON origin.id = s.origin_municipality_id
WHERE s.status = 'active'
  AND (s.search_vector @@ search_tsquery($1) OR s.topics && $3::text[] OR fold_de($2) <% s.search_text)
ORDER BY text_rank DESC, s.id
LIMIT $5`;

interface FeatureRow {
  id: string;
  text_rank: number;
  title_similarity: number;
  matched_terms: string[];
  near_terms: string[];
  need_term_count: number;
  shared_topics: string[];
  seal: string | null;
  successful_transfers: number;
  same_state: boolean;
}

export interface SolutionSuggestion extends RankedSuggestion {
  solution: Solution;
}

@Injectable()
export class SolutionSuggestionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async suggest(need: Need, limit: number): Promise<SolutionSuggestion[]> {
    const municipality = await this.db
      .getRepository(Municipality)
      .findOneByOrFail({ id: need.municipalityId });
    const rows: FeatureRow[] = await this.db.query(FEATURES_SQL, [
      `${need.title}\n${need.description}`,
      need.title,
      need.topics,
      municipality.stateCode,
      CANDIDATES,
    ]);
    const ranked = rankSuggestions(rows.map(toFeatures), limit);
    if (ranked.length === 0) return [];
    const solutions = inOrder(
      ranked.map((r) => r.solutionId),
      await this.db.getRepository(Solution).findBy({ id: In(ranked.map((r) => r.solutionId)) }),
    );
    return ranked.map((r, i) => ({ ...r, solution: solutions[i] }));
  }
}

function toFeatures(row: FeatureRow): SuggestionFeatures {
  return {
    solutionId: row.id,
    textRank: Number(row.text_rank),
    titleSimilarity: Number(row.title_similarity),
    matchedTerms: row.matched_terms,
    nearTerms: row.near_terms,
    needTermCount: row.need_term_count,
    sharedTopics: row.shared_topics,
    seal: row.seal,
    successfulTransfers: Number(row.successful_transfers),
    sameState: row.same_state,
  };
}
