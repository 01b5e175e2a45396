import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../../auth/index.js';
import { parseAgs } from '../../municipalities/index.js';
import { appendChanges, sealChanges, type ChangePlace, type NewChange } from '../../platform/index.js';
import { DEMO_MUNICIPALITIES, DEMO_REGIONS, DEMO_USERS } from './demo-data.js';
import { seedDemoCases } from './demo-cases.js';
import { seedDemoGroups } from './demo-cohort.js';
import { seedDemoPractice } from './demo-practice.js';
import { demoNeedId } from './demo-ids.js';
import { parseDistrictCsv } from './kreise.js';

export interface SeedSummary {
  regions: number;
  municipalities: number;
  users: number;
  solutions: number;
  needs: number;
  cases: number;
  transferTeams: number;
  cohorts: number;
  adoptions: number;
  lessons: number;
  nominations: number;
}

interface SolutionSeed {
  slug: string;
  title: string;
  theme: string;
  topics: string[];
  summary: string;
  problem: string;
  approach: string;
  impactEvidence: string;
  effort: string | null;
  transferMaterials: { title: string; url: string }[];
  contact: { name: string; email?: string; phone?: string } | null;
  seal: string | null;
  origin: { name: string; ags: string } | null;
}

interface NeedSeed {
  municipalityAgs: string;
  title: string;
  description: string;
  topics: string[];
  urgency: string;
  daysAgo: number;
}

export interface SeedOptions {
  /** Demo users with documented passwords: only for the embedded playground database. */
  demoUsers: boolean;
}

interface StateRow {
  code: string;
  agsPrefix: string;
  name: string;
}

/**
 * Loads the demo data: states, all 401 Kreise and kreisfreie Städte, a few pilot regions and
 * the origin municipalities of the demo solutions. Only inserts what is missing, so running it
 * again changes nothing and never overwrites what users edited. Returns what it inserted.
 *
 * The rows are loaded in bulk beneath the write path, so for each versioned row it inserts, it
 * writes the same change record the API would have written (actor: none, the system).
 */
export async function seedDemoData(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  const [statesJson, districtCsv, solutionsJson, needsJson] = await Promise.all([
    readFile(new URL('./data/bundeslaender.json', import.meta.url), 'utf8'),
    readFile(new URL('./data/kreise-2018.csv', import.meta.url), 'utf8'),
    readFile(new URL('./data/solutions.json', import.meta.url), 'utf8'),
    readFile(new URL('./data/needs.json', import.meta.url), 'utf8'),
  ]);
  const solutions = JSON.parse(solutionsJson) as SolutionSeed[];
  const needs = JSON.parse(needsJson) as NeedSeed[];
  const states = JSON.parse(statesJson) as StateRow[];
  const regionByDistrict = new Map<string, string>(
    DEMO_REGIONS.flatMap((region) => region.districtKeys.map((key) => [key, region.code] as const)),
  );
  const municipalities = [...parseDistrictCsv(districtCsv), ...DEMO_MUNICIPALITIES].map((m) => {
    const parsed = parseAgs(m.ags);
    if (!parsed.ok) throw new Error(`demo municipality ${m.name}: ${parsed.reason}`);
    return {
      ...m,
      stateCode: parsed.ags.stateCode,
      regionCode: regionByDistrict.get(parsed.ags.districtKey) ?? null,
    };
  });

  const hasher = new PasswordHasher();
  const users = options.demoUsers
    ? await Promise.all(DEMO_USERS.map(async (u) => ({ ...u, passwordHash: await hasher.hash(u.password) })))
    : [];

  return dataSource.transaction(async (db) => {
    await db.query(
      `INSERT INTO states (code, ags_prefix, name)
       SELECT * FROM unnest($1::varchar[], $2::char(2)[], $3::varchar[])
       ON CONFLICT DO NOTHING`,
      [states.map((s) => s.code), states.map((s) => s.agsPrefix), states.map((s) => s.name)],
    );
    const regions: unknown[] = await db.query(
      `INSERT INTO regions (code, name, state_code)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[])
       ON CONFLICT (code) DO NOTHING
       RETURNING id`,
      [
        DEMO_REGIONS.map((r) => r.code),
        DEMO_REGIONS.map((r) => r.name),
        DEMO_REGIONS.map((r) => r.stateCode),
      ],
    );
    const inserted: { id: string; ags: string; state_code: string; region_id: string | null }[] =
      await db.query(
        `INSERT INTO municipalities (ags, state_code, name, kind, population, region_id)
       SELECT m.ags, m.state_code, m.name, m.kind, m.population, r.id
       FROM unnest($1::char(8)[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int[], $6::varchar[])
            AS m (ags, state_code, name, kind, population, region_code)
       LEFT JOIN regions r ON r.code = m.region_code
       ON CONFLICT (ags) DO NOTHING
       RETURNING id, ags, state_code, region_id`,
        [
          municipalities.map((m) => m.ags),
          municipalities.map((m) => m.stateCode),
          municipalities.map((m) => m.name),
          municipalities.map((m) => m.kind),
          municipalities.map((m) => m.population),
          municipalities.map((m) => m.regionCode),
        ],
      );
    const insertedUsers: { id: string; email: string }[] = users.length
      ? await db.query(
          `INSERT INTO users (email, name, role, password_hash)
           SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[])
           ON CONFLICT (email) DO NOTHING
           RETURNING id, email`,
          [
            users.map((u) => u.email),
            users.map((u) => u.name),
            users.map((u) => u.role),
            users.map((u) => u.passwordHash),
          ],
        )
      : [];
    // Regions only for users created just now, so an admin's later changes stay.
    for (const { id, email } of insertedUsers) {
      const codes = users.find((u) => u.email === email)?.regions ?? [];
      if (codes.length === 0) continue;
      await db.query(
        'INSERT INTO user_regions (user_id, region_id) SELECT $1, id FROM regions WHERE code = ANY($2::varchar[])',
        [id, codes],
      );
    }
    const insertedSolutions: { id: string; slug: string }[] = await db.query(
      `INSERT INTO solutions (slug, title, theme, topics, summary, problem, approach, impact_evidence, effort,
                              transfer_materials, contact, seal, origin_municipality_id)
       SELECT s.slug, s.title, s.theme, s.topics, s.summary, s.problem, s.approach, s."impactEvidence", s.effort,
              s."transferMaterials", s.contact, s.seal, m.id
       FROM jsonb_to_recordset($1::jsonb) AS s (
              slug text, title text, theme text, topics text[], summary text, problem text, approach text,
              "impactEvidence" text, effort text, "transferMaterials" jsonb, contact jsonb, seal text, "originAgs" text)
       LEFT JOIN municipalities m ON m.ags = s."originAgs"
       ON CONFLICT (slug) DO NOTHING
       RETURNING id, slug`,
      [JSON.stringify(solutions.map((x) => ({ ...x, originAgs: x.origin?.ags ?? null })))],
    );
    // Ids derived from municipality and title (demo-ids.ts) make reseeding a no-op. Databases
    // seeded before then hold their needs under md5(ags|title), ids the API refuses but which
    // still name the same needs: those are not inserted a second time either.
    const insertedNeeds: { id: string; municipality_id: string }[] = await db.query(
      `INSERT INTO needs (id, municipality_id, title, description, topics, urgency, source, captured_at)
       SELECT n.id, m.id, n.title, n.description, n.topics, n.urgency,
              'desk', date_trunc('milliseconds', now()) - make_interval(days => n."daysAgo")
       FROM jsonb_to_recordset($1::jsonb) AS n (
              id uuid, "municipalityAgs" text, title text, description text, topics text[], urgency text,
              "daysAgo" int)
       JOIN municipalities m ON m.ags = n."municipalityAgs"
       WHERE NOT EXISTS (SELECT 1 FROM needs o WHERE o.id = md5(n."municipalityAgs" || '|' || n.title)::uuid)
       ON CONFLICT (id) DO NOTHING
       RETURNING id, municipality_id`,
      [JSON.stringify(needs.map((n) => ({ ...n, id: demoNeedId(n.municipalityAgs, n.title) })))],
    );
    // A need is where its municipality is (the change feed's territory filter).
    const places = new Map<string, ChangePlace>(
      (
        (await db.query('SELECT id, state_code, region_id FROM municipalities WHERE id = ANY($1)', [
          insertedNeeds.map((n) => n.municipality_id),
        ])) as { id: string; state_code: string; region_id: string | null }[]
      ).map((m) => [m.id, { stateCode: m.state_code, regionId: m.region_id }]),
    );
    await appendChanges(db, [
      ...inserted.map(({ id, ags, state_code, region_id }) =>
        created('municipality', id, { ags }, { stateCode: state_code, regionId: region_id }),
      ),
      ...insertedSolutions.map(({ id, slug }) => created('solution', id, { slug }, null)),
      ...insertedNeeds.map(({ id, municipality_id }) =>
        created('need', id, { municipalityId: municipality_id }, places.get(municipality_id) ?? null),
      ),
    ]);
    const counts = {
      regions: regions.length,
      municipalities: inserted.length,
      users: insertedUsers.length,
      solutions: insertedSolutions.length,
      needs: insertedNeeds.length,
      cases: await seedDemoCases(
        db,
        new Date(),
        needs.map((n) => demoNeedId(n.municipalityAgs, n.title)),
      ),
      // After the cases: the team goes to the solution they ask for most.
      ...(await seedDemoGroups(db)),
      // After the cases and the cohort: what was learned and implemented, and a nomination.
      ...(await seedDemoPractice(db)),
    };
    // Last, just before the seed's transaction commits: its records' place in the change feed.
    await sealChanges(db);
    return counts;
  });
}

/** The change record of a creation, as the write path writes it for the API. */
function created(
  entityType: string,
  entityId: string,
  data: Record<string, unknown>,
  place: ChangePlace | null,
): NewChange {
  return { entityType, entityId, version: 1, action: 'created', actor: null, data, place };
}
