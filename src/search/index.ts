// The public surface of search/: German full-text search over a module's own table. search/ owns
// the lexicon (`search_terms`) and the SQL functions (fold_de, search_tsquery, fuzzy_tsquery,
// close_stems_tsquery) that the migrations define.
export { fuzzyTsquery, inOrder, rankedPage } from './ranked-search.js';
export { SearchText } from './search-query.js';
export { saysNothing, withoutFiller } from './filler-words.js';
