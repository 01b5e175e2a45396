/** The four fields of the 2025 "Bewährt vor Ort" round, plus one for the 2024 winners outside them. */
export const THEMES = [
  'ankommen-teilhabe',
  'klima-ressourcen',
  'nachhaltiges-bauen',
  'verwaltung-von-morgen',
  'sicherheit-gesundheit',
] as const;
export type Theme = (typeof THEMES)[number];

/**
 * `nominated`: a local practice a pilot proposed, waiting for review; `declined`: not taken up.
 * Only `active` solutions are suggested, matched and chosen.
 */
export const SOLUTION_STATUSES = ['nominated', 'active', 'declined', 'archived'] as const;
export type SolutionStatus = (typeof SOLUTION_STATUSES)[number];
