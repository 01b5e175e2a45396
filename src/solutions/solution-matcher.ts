import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { MunicipalityPlaces } from '../municipalities/index.js';
import { fuzzyTsquery, withoutFiller } from '../search/index.js';
import { Solution } from './solution.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';

/** Per active solution that could fit a text, the evidence a ranking weighs. */
export interface SolutionEvidence {
  solutionId: string;
  /** Weighted full-text rank of the solution for the text's words (0 … ~1). */
  textRank: number;
  /** Words of the text (as written there) found in the solution, by stem or compound prefix. */
  matchedTerms: string[];
  /** Words of the text not found as such but close to a word of the solution (typos, compound parts). */
  nearTerms: string[];
  /** How many distinct searchable words the text has (stop words excluded). */
  needTermCount: number;
  /** Trigram closeness of the title to the solution's text (0 … 1). */
  titleSimilarity: number;
  sharedTopics: string[];
  seal: string | null;
  /** Transfers of this solution that reached `umgesetzt`. */
  successfulTransfers: number;
  /** The solution's origin lies in the given state. */
  sameState: boolean;
}

export interface MatchRequest {
  /** The text to match, e.g. a need's title and description. */
  text: string;
  title: string;
  topics: readonly string[];
  /** Solutions from this state count as near. */
  stateCode: string;
  /** How many candidates to gather. */
  limit: number;
}

// Candidates come from two index lookups (full text with the lexicon's close stems, topics); the
// per-word checks run on those only. Parameters: $1 the text, $2 the title, $3 the topics,
// $4 the state, $5 how many candidates, $6 the text as fuzzy tsquery (computed once beforehand).
const evidenceSql = (idsInState: string, isPlaceName: (word: string) => string) => `
WITH terms AS (
  SELECT DISTINCT ON (v.lexeme)
         lower(d.token) AS word,
         v.lexeme,
         (quote_literal(v.lexeme) || CASE WHEN length(v.lexeme) >= 4 THEN ':*' ELSE '' END)::tsquery AS tsq,
         -- What a typo or a compound part of this word stands for.
         close_stems_tsquery(v.lexeme) AS near_tsq
  FROM ts_debug('german'::regconfig, $1) d
  CROSS JOIN LATERAL unnest(to_tsvector('german'::regconfig, fold_de(d.token))) v
  WHERE d.alias IN ('asciiword', 'word', 'numword', 'asciihword', 'hword', 'numhword',
                    'hword_asciipart', 'hword_part', 'hword_numpart')
    -- A place name ("Bautzen") says where the need is, not what it is about.
    AND NOT ${isPlaceName('fold_de(lower(d.token))')}
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
       s.implemented_transfers AS successful_transfers,
       coalesce(s.origin_municipality_id IN (${idsInState}), false) AS same_state
FROM solutions s
WHERE s.status = 'active'
  AND (s.search_vector @@ $6::tsquery OR s.topics && $3::text[])
ORDER BY text_rank DESC, s.id
LIMIT $5`;

interface EvidenceRow {
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

/** Finds the active solutions that could fit a text and gathers the evidence for each, in SQL. */
@Injectable()
export class SolutionMatcher {
  private readonly sql: string;

  constructor(
    @InjectRepository(Solution) private readonly solutions: Repository<Solution>,
    places: MunicipalityPlaces,
  ) {
    this.sql = evidenceSql(places.idsInStateSql('$4'), (word) => places.isPlaceNameSql(word));
  }

  /** `tx`: the caller's transaction, when it matches during a write. */
  async evidence(request: MatchRequest, tx?: EntityManager): Promise<SolutionEvidence[]> {
    const solutions = inTransaction(this.solutions, tx);
    // Filler and generic words neither find nor rank a solution, nor show as its reasons.
    const text = withoutFiller(request.text);
    const tsquery = await fuzzyTsquery(solutions, text);
    const rows: EvidenceRow[] = await solutions.query(this.sql, [
      text,
      withoutFiller(request.title),
      request.topics,
      request.stateCode,
      request.limit,
      tsquery,
    ]);
    return rows.map((row) => ({
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
    }));
  }
}
