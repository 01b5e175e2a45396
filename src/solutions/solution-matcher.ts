import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { MunicipalityPlaces } from '../municipalities/index.js';
import { withoutFiller } from '../search/index.js';
import { Solution } from './solution.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { preparedSql } from '../common/persistence/prepared-statements.js';

/** Per active solution that could fit a text, the evidence a ranking weighs. */
export interface SolutionEvidence {
  solutionId: string;
  /**
   * How much of the text the solution covers (0 … 1): its words weighted by how rarely the
   * catalogue uses them, each by how strongly the solution speaks of it (title, summary, approach)
   * and how it was found (as written, as a compound, close in spelling, as a synonym).
   */
  textRank: number;
  /** The weighted share of the text's words found in the solution by stem or compound prefix. */
  coverage: number;
  /** The weighted share found only close in spelling. */
  nearCoverage: number;
  /** The weighted share found only as a synonym. */
  synonymCoverage: number;
  /** Words of the text (as written there) found in the solution, by stem or compound prefix. */
  matchedTerms: string[];
  /** Words of the text not found as such but close to a word of the solution (typos, compound parts). */
  nearTerms: string[];
  /** Words of the text found only as a synonym, with it: "Azubis ≈ Ausbildung". */
  synonymTerms: string[];
  /** How many distinct searchable words the text has (stop words excluded). */
  needTermCount: number;
  /** Trigram closeness of the title to the solution's text (0 … 1). */
  titleSimilarity: number;
  sharedTopics: string[];
  seal: string | null;
  /** Transfers of this solution that reached `umgesetzt`. */
  successfulTransfers: number;
  /** Adoptions whose impact was followed up, and those of them still using it at the latest follow-up. */
  followedUpAdoptions: number;
  adoptionsInUse: number;
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

/** How a word found in a solution counts, by how it was found. */
export const FORM_FACTORS = { exact: 1, prefix: 0.8, near: 0.5, synonym: 0.6 } as const;
/** Compounds a word can begin, close spellings and synonyms it can stand for, at most. */
const FORMS_PER_WORD = 24;
const NEAR_PER_WORD = 6;
/** Words looked up as possible typos, at most. */
const TYPO_WORDS = 3;
/**
 * Solutions that share a topic but no word, at most: they matter where the text finds little, and
 * each candidate costs a trigram comparison of its title.
 */
const TOPIC_CANDIDATES = 20;
/**
 * A stem used by more than this share of a large catalogue gathers no candidates: its weight is
 * near zero anyway, and its postings would be a large part of the catalogue. In a small one
 * (fewer than 2 × COMMON_FLOOR solutions) every stem counts.
 */
const COMMON_SHARE = 0.5;
const COMMON_FLOOR = 100;
/** How many active solutions there are: a scalar subquery, so it is read once and planned as one row. */
const CATALOGUE_SIZE = '(SELECT greatest(active_solutions, 1)::float8 FROM solution_catalogue_stats)';

// One statement: the text's stems, their forms in the catalogue's lexicon (index lookups per
// stem), their postings in solution_terms (one index lookup per form), the best candidates by
// weighted coverage, then the evidence of those alone. Parameters: $1 the text, $2 the title,
// $3 the topics, $4 the state, $5 how many candidates.
const evidenceSql = (idsInState: string, isPlaceName: (word: string) => string) => `
WITH words AS (
  -- The text's searchable words, one per stem; the shortest spelling speaks for it.
  SELECT DISTINCT ON (v.lexeme) lower(d.token) AS word, d.token, v.lexeme COLLATE "C" AS lexeme,
         -- Written capitalised somewhere: perhaps a noun, the only words the thesaurus widens
         -- ("arbeiten" shares its stem with "Arbeit", but is not a synonym of "Amt").
         bool_or(d.token ~ '^[[:upper:]]') OVER (PARTITION BY v.lexeme) AS noun
  FROM ts_parse('default', $1) d
  CROSS JOIN LATERAL unnest(to_tsvector('german'::regconfig, fold_de(d.token))) v
  -- The parser's words (ts_token_type('default')): asciiword, word, numword, hword_numpart,
  -- hword_part, hword_asciipart, numhword, asciihword, hword. The parser alone, not ts_debug: that
  -- also runs the dictionaries on every token, a millisecond for a need.
  WHERE d.tokid IN (1, 2, 3, 9, 10, 11, 15, 16, 17)
    -- A place name ("Bautzen") says where the need is, not what it is about.
    AND NOT ${isPlaceName('fold_de(lower(d.token))')}
  ORDER BY v.lexeme, length(d.token), d.token
),
spelled AS (
  -- As written, or a compound that begins with it ("mehrweg" → "mehrwegangebotspflicht").
  SELECT w.lexeme AS need_lexeme, f.lexeme, f.solutions,
         CASE WHEN f.lexeme = w.lexeme THEN 1 ELSE 2 END AS kind,
         CASE WHEN f.lexeme = w.lexeme THEN ${FORM_FACTORS.exact} ELSE ${FORM_FACTORS.prefix} END AS factor,
         NULL::text AS synonym
  FROM words w
  CROSS JOIN LATERAL (
    SELECT st.lexeme, st.solutions FROM solution_term_stats st
    WHERE st.lexeme >= w.lexeme
      AND st.lexeme <= CASE WHEN length(w.lexeme) >= 4 THEN w.lexeme || U&'\\+10FFFF' ELSE w.lexeme END
    ORDER BY st.lexeme = w.lexeme DESC, st.solutions DESC, st.lexeme
    LIMIT ${FORMS_PER_WORD}) f
  UNION ALL
  -- A compound that ends with it ("alarmier" → "notfallalarmier"): a prefix range over the
  -- reversed stems.
  SELECT w.lexeme, f.lexeme, f.solutions, 3, ${FORM_FACTORS.near}, NULL
  FROM words w
  CROSS JOIN LATERAL (
    SELECT st.lexeme, st.solutions FROM solution_term_stats st
    WHERE length(w.lexeme) >= 5
      AND reverse(st.lexeme) > reverse(w.lexeme)
      AND reverse(st.lexeme) <= reverse(w.lexeme) || U&'\\+10FFFF'
    ORDER BY st.solutions DESC, st.lexeme
    LIMIT ${FORMS_PER_WORD}) f
  UNION ALL
  -- A synonym the thesaurus knows ("azubi" ≈ "ausbild").
  SELECT w.lexeme, f.lexeme, f.solutions, 4, ${FORM_FACTORS.synonym}, f.word
  FROM words w
  CROSS JOIN LATERAL (
    SELECT st.lexeme, st.solutions, syn.word
    FROM synonyms_of(w.lexeme) syn
    JOIN solution_term_stats st ON st.lexeme = syn.lexeme COLLATE "C"
    WHERE w.noun
    ORDER BY st.solutions, st.lexeme
    LIMIT ${FORMS_PER_WORD}) f
),
forms AS (
  SELECT * FROM spelled
  UNION ALL
  -- A word the catalogue has in no spelling: perhaps a typo ("mehrwegangebotsplicht"); the
  -- catalogue's stems most similar by trigrams among those with the same first or last three
  -- letters and about its length stand in for it, as near. The longest such words only, where a
  -- typo is likeliest.
  SELECT w.lexeme, f.lexeme, f.solutions, 3, ${FORM_FACTORS.near}, NULL
  FROM (
    SELECT w.lexeme FROM words w
    WHERE length(w.lexeme) >= 5
      AND NOT EXISTS (SELECT 1 FROM spelled s WHERE s.need_lexeme = w.lexeme)
    ORDER BY length(w.lexeme) DESC, w.lexeme
    LIMIT ${TYPO_WORDS}) w
  CROSS JOIN LATERAL (
    SELECT st.lexeme, st.solutions FROM solution_term_stats st
    WHERE (left(st.lexeme, 3) = left(w.lexeme, 3) OR right(st.lexeme, 3) = right(w.lexeme, 3))
      AND length(st.lexeme) BETWEEN length(w.lexeme) - 2 AND length(w.lexeme) + 2
      AND st.lexeme % w.lexeme
    ORDER BY st.lexeme <-> w.lexeme, st.lexeme
    LIMIT ${NEAR_PER_WORD}) f
),
word_weights AS (
  -- A word weighs by how rarely the catalogue uses it (BM25's idf) in its closest form; a word
  -- the catalogue lacks in every form weighs as much as the rarest.
  SELECT w.lexeme AS need_lexeme, w.word, w.token,
         ln(1 + (${CATALOGUE_SIZE} - coalesce(df.solutions, 0) + 0.5) / (coalesce(df.solutions, 0) + 0.5)) AS q
  FROM words w
  LEFT JOIN LATERAL (
    SELECT f.solutions FROM forms f WHERE f.need_lexeme = w.lexeme
    ORDER BY f.kind, f.solutions DESC LIMIT 1) df ON true
),
postings AS MATERIALIZED (
  -- Each posting already weighted by its word (the forms are few, the postings thousands).
  SELECT t.solution_id, f.need_lexeme, ww.q * f.factor * t.weight AS value, f.kind, f.synonym
  FROM forms f
  JOIN word_weights ww ON ww.need_lexeme = f.need_lexeme
  JOIN solution_terms t ON t.lexeme = f.lexeme
  WHERE f.solutions <= greatest(${CATALOGUE_SIZE} * ${COMMON_SHARE}, ${COMMON_FLOOR})
),
ranked AS (
  -- Every solution with a posting gets its score, but only the best are given their evidence.
  SELECT b.solution_id, sum(b.best) / (SELECT sum(q) FROM word_weights) AS text_score
  FROM (SELECT solution_id, max(value) AS best FROM postings GROUP BY solution_id, need_lexeme) b
  GROUP BY b.solution_id
  ORDER BY text_score DESC, b.solution_id
  LIMIT $5
),
found AS (
  -- How each word of the text was found in each of the best solutions.
  SELECT p.solution_id, p.need_lexeme,
         bool_or(p.kind <= 2) AS matched,
         bool_or(p.kind = 3) AS near,
         min(p.synonym) FILTER (WHERE p.kind = 4) AS synonym
  FROM postings p
  WHERE p.solution_id IN (SELECT solution_id FROM ranked)
  GROUP BY p.solution_id, p.need_lexeme
),
scored AS (
  SELECT r.solution_id, r.text_score,
         coalesce(sum(ww.q) FILTER (WHERE f.matched), 0) / total.q AS coverage,
         coalesce(sum(ww.q) FILTER (WHERE NOT f.matched AND f.near), 0) / total.q AS near_coverage,
         coalesce(sum(ww.q) FILTER (WHERE NOT f.matched AND NOT f.near), 0) / total.q AS synonym_coverage,
         coalesce(array_agg(ww.word ORDER BY ww.word) FILTER (WHERE f.matched), '{}') AS matched_terms,
         coalesce(array_agg(ww.word ORDER BY ww.word) FILTER (WHERE NOT f.matched AND f.near), '{}') AS near_terms,
         coalesce(array_agg(ww.token || ' ≈ ' || f.synonym ORDER BY ww.word)
                  FILTER (WHERE NOT f.matched AND NOT f.near), '{}') AS synonym_terms
  FROM ranked r
  JOIN found f ON f.solution_id = r.solution_id
  JOIN word_weights ww ON ww.need_lexeme = f.need_lexeme
  CROSS JOIN (SELECT sum(q) AS q FROM word_weights) total
  GROUP BY r.solution_id, r.text_score, total.q
),
candidates AS (
  SELECT solution_id AS id FROM scored
  UNION
  -- Sharing a topic, even without a shared word.
  (SELECT id FROM solutions WHERE status = 'active' AND topics && $3::text[] ORDER BY id LIMIT ${TOPIC_CANDIDATES})
)
SELECT s.id,
       coalesce(sc.text_score, 0) AS text_rank,
       coalesce(sc.coverage, 0) AS coverage,
       coalesce(sc.near_coverage, 0) AS near_coverage,
       coalesce(sc.synonym_coverage, 0) AS synonym_coverage,
       coalesce(sc.matched_terms, '{}') AS matched_terms,
       coalesce(sc.near_terms, '{}') AS near_terms,
       coalesce(sc.synonym_terms, '{}') AS synonym_terms,
       (SELECT count(*) FROM words)::int AS need_term_count,
       -- Both sides only lower-cased: folding each candidate's title would cost more than the comparison.
       word_similarity(lower($2), lower(s.title)) AS title_similarity,
       ARRAY(SELECT unnest(s.topics) INTERSECT SELECT unnest($3::text[]) ORDER BY 1) AS shared_topics,
       s.seal,
       s.implemented_transfers AS successful_transfers,
       s.followed_up_adoptions, s.adoptions_in_use,
       coalesce(s.origin_municipality_id IN (${idsInState}), false) AS same_state
FROM candidates c
JOIN solutions s ON s.id = c.id
LEFT JOIN scored sc ON sc.solution_id = c.id`;

interface EvidenceRow {
  id: string;
  text_rank: number;
  coverage: number;
  near_coverage: number;
  synonym_coverage: number;
  matched_terms: string[];
  near_terms: string[];
  synonym_terms: string[];
  need_term_count: number;
  title_similarity: number;
  shared_topics: string[];
  seal: string | null;
  successful_transfers: number;
  followed_up_adoptions: number;
  adoptions_in_use: number;
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
    // Prepared: parsing and planning this statement cost more than running it (docs/performance.md);
    // its generic plan seeks the same indexes whatever the text.
    this.sql = preparedSql(evidenceSql(places.idsInStateSql('$4'), (word) => places.isPlaceNameSql(word)));
  }

  /** `tx`: the caller's transaction, when it matches during a write. */
  async evidence(request: MatchRequest, tx?: EntityManager): Promise<SolutionEvidence[]> {
    // Filler and generic words neither find nor rank a solution, nor show as its reasons.
    const rows: EvidenceRow[] = await inTransaction(this.solutions, tx).query(this.sql, [
      withoutFiller(request.text),
      withoutFiller(request.title),
      request.topics,
      request.stateCode,
      request.limit,
    ]);
    return rows.map((row) => ({
      solutionId: row.id,
      textRank: Number(row.text_rank),
      coverage: Number(row.coverage),
      nearCoverage: Number(row.near_coverage),
      synonymCoverage: Number(row.synonym_coverage),
      matchedTerms: row.matched_terms,
      nearTerms: row.near_terms,
      synonymTerms: row.synonym_terms,
      needTermCount: row.need_term_count,
      titleSimilarity: Number(row.title_similarity),
      sharedTopics: row.shared_topics,
      seal: row.seal,
      successfulTransfers: Number(row.successful_transfers),
      followedUpAdoptions: Number(row.followed_up_adoptions),
      adoptionsInUse: Number(row.adoptions_in_use),
      sameState: row.same_state,
    }));
  }
}
