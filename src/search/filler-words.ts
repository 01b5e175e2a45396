/**
 * Words of a need that say nothing about what it is about, beyond the stop words of Postgres'
 * `german` Snowball list (articles, pronouns, forms of sein/haben/werden): modal and filler verbs
 * ("möchte", "fehlen", "gibt"), contractions ("beim", "fürs"), particles and question words. And
 * words of municipal German that nearly every need and solution holds ("Landkreis", "Kommune",
 * "Verwaltung"): matched, they made a solution look fitting for no reason (a Bautzen need drew a
 * Karlsruhe solution on "landkreis" alone). Neither kind is matched nor shown as a reason.
 *
 * Written lower case, with umlauts; `fold` also recognises them typed as ae/oe/ue/ss.
 */
const FILLER = `
  kann kannst können koennen konnte konnten könnte könnten muss musst müssen muesste müsste müssten
  musste mussten soll sollst sollen sollte sollten will willst wollen wollte wollten möchte möchten
  möchtest mag mögen darf dürfen dürfte dürften
  fehlen fehlt fehlte fehlten gibt geben gab gäbe brauchen braucht brauche brauchte benötigen benötigt
  suchen sucht suche suchten gesucht finden findet fanden helfen hilft macht machen gemacht kommen
  kommt kam geht gehen ging klappt funktioniert kriegen kriegt bekommen bekommt schaffen schafft
  wissen weiß tun tut getan lassen lässt bleiben bleibt bleibe
  beim vom zum zur ins im am ans aufs fürs übers durchs unterm vorm
  oft immer sehr mehr viel viele vielen vieles wenig wenige kaum ganz gar schon noch bereits etwa
  eher leider einfach wirklich gerade endlich bisher derzeit aktuell momentan dringend bitte
  irgendwie eigentlich überhaupt ständig jetzt heute täglich also bzw usw ca etc ja nein gern gerne
  trotzdem nie nix dabei seit sogar wieder zwar halt mal eben schaut schauen passiert passieren per
  wegen
  wie wo was wer warum wieso weshalb welche welcher welches welchen wann woher wohin womit
  uns unser unsere unseren unserer unserem unseres man jemand niemand etwas nichts andere anderen
  anderer anderes
  frage fragen problem probleme lösung lösungen idee ideen möglichkeit möglichkeiten
`;

const GENERIC_MUNICIPAL = `
  landkreis landkreise landkreisen landkreises kreis kreise kreisen kreises gemeinde gemeinden stadt
  städte städten kommune kommunen kommunal kommunale kommunalen kommunaler verwaltung verwaltungen
  bürger bürgerinnen einwohner einwohnerinnen region regionen
`;

/** Folds a lower-case word the way `fold_de` does: umlauts and ß as typed without them. */
export function fold(word: string): string {
  return word.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

const words = (list: string) => list.split(/\s+/).filter(Boolean);

/** Folded, as `fold` gives them. */
export const FILLER_WORDS: ReadonlySet<string> = new Set(words(FILLER).map(fold));
export const GENERIC_MUNICIPAL_WORDS: ReadonlySet<string> = new Set(words(GENERIC_MUNICIPAL).map(fold));

/** True when a word (any case) is filler or generic municipal German. */
export function saysNothing(word: string): boolean {
  const folded = fold(word.toLowerCase());
  return FILLER_WORDS.has(folded) || GENERIC_MUNICIPAL_WORDS.has(folded);
}

/**
 * The text without its filler and generic words (each replaced by a space, so neighbouring words
 * stay apart); parts of a hyphenated compound ("Landkreis-Verwaltung") count as words of their own
 * only when written apart.
 */
export function withoutFiller(text: string): string {
  return text.replace(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu, (word) => (saysNothing(word) ? ' ' : word));
}
