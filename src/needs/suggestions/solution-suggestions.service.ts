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

// Per candidate solution, the evidence `rankSuggestions` weighs. Candidates come from two index
// lookups (full text with the lexicon's close stems, topics); the per-word checks run on those
// only. Parameters: $1 the need's title and description, $2 its title, $3 its topics, $4 its
// state, $5 how many candidates, $6 the need's text as fuzzy tsquery (computed once beforehand).
const FEATURES_SQL = `
WITH terms AS (
  SELECT DISTINCT ON (v.lexeme)
         lower(d.token) AS word,
         v.lexeme,
         (quote_literal(v.lexeme) || CASE WHEN length(v.lexeme) >= 4 THEN ':*' ELSE '' END)::tsquery AS tsq,
         -- Close stems of the lexicon: what a typo or a compound part of this word stands for.
         (SELECT string_agg(quote_literal(t.term), ' | ')::tsquery
          FROM (SELECT term FROM search_terms
                WHERE length(v.lexeme) >= 5 AND v.lexeme <% term AND term <> v.lexeme
                ORDER BY word_similarity(v.lexeme, term) DESC, term
                LIMIT 6) t) AS near_tsq
  FROM ts_debug('german'::regconfig, $1) d
  CROSS JOIN LATERAL unnest(to_tsvector('german'::regconfig, fold_de(d.token))) v
  WHERE d.alias IN ('asciiword', 'word', 'numword', 'asciihword', 'hword', 'numhword',
                    'hword_asciipart', 'hword_part', 'hword_numpart')
  ORDER BY v.lexeme, length(d.token)
)
SELECT s.id,
       ts_rank(s.search_vector, $6::tsquery) AS text_rank,
       word_similarity(fold_de($2), s.search_text) AS title_similarity,
       ARRAY(SELECT t.word FROM terms t WHERE s.search_vector @@ t.tsq ORDER BY t.word) AS matched_terms,
       ARRAY(SELECT t.word FROM terms t
             WHERE NOT s.search_vector @@ t.tsq AND t.near_tsq IS NOT NULL AND s.search_vector @@ t.near_tsq
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
  AND (s.search_vector @@ $6::tsquery OR s.topics && $3::text[])
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
    const text = `${need.title}\n${need.description}`;
    // Evaluated once here and passed on as a constant, so the candidate lookup can use the index.
    const [{ tsquery }]: { tsquery: string }[] = await this.db.query(
      'SELECT fuzzy_tsquery($1)::text AS tsquery',
      [text],
    );
    const rows: FeatureRow[] = await this.db.query(FEATURES_SQL, [
      text,
      need.title,
      need.topics,
      municipality.stateCode,
      CANDIDATES,
      tsquery,
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
