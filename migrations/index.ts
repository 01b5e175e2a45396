// Every migration, in order. TypeORM is given this list instead of a file glob so the same code
// runs compiled (dist/) and under jest without a loader; `npm run migration:generate` prints the
// line to add here.
import { StatesRegionsMunicipalities1764050000000 } from './1764050000000-states-regions-municipalities.js';

export const MIGRATIONS = [StatesRegionsMunicipalities1764050000000];
