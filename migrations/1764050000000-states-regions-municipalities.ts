import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reference data is part of the schema: the 16 Bundesländer never change between deployments.
const STATES: [code: string, agsPrefix: string, name: string][] = [
  ['DE-SH', '01', 'Schleswig-Holstein'],
  ['DE-HH', '02', 'Hamburg'],
  ['DE-NI', '03', 'Niedersachsen'],
  ['DE-HB', '04', 'Bremen'],
  ['DE-NW', '05', 'Nordrhein-Westfalen'],
  ['DE-HE', '06', 'Hessen'],
  ['DE-RP', '07', 'Rheinland-Pfalz'],
  ['DE-BW', '08', 'Baden-Württemberg'],
  ['DE-BY', '09', 'Bayern'],
  ['DE-SL', '10', 'Saarland'],
  ['DE-BE', '11', 'Berlin'],
  ['DE-BB', '12', 'Brandenburg'],
  ['DE-MV', '13', 'Mecklenburg-Vorpommern'],
  ['DE-SN', '14', 'Sachsen'],
  ['DE-ST', '15', 'Sachsen-Anhalt'],
  ['DE-TH', '16', 'Thüringen'],
];

export class StatesRegionsMunicipalities1764050000000 implements MigrationInterface {
  name = 'StatesRegionsMunicipalities1764050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE states (
        code        varchar(5)   PRIMARY KEY,
        ags_prefix  char(2)      NOT NULL UNIQUE,
        name        varchar(100) NOT NULL
      )`);
    for (const [code, agsPrefix, name] of STATES) {
      await db.query('INSERT INTO states (code, ags_prefix, name) VALUES ($1, $2, $3)', [
        code,
        agsPrefix,
        name,
      ]);
    }

    await db.query(`
      CREATE TABLE regions (
        id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
        code        varchar(64)  NOT NULL,
        name        varchar(200) NOT NULL,
        state_code  varchar(5)   NOT NULL REFERENCES states (code),
        created_at  timestamptz  NOT NULL DEFAULT now(),
        updated_at  timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT regions_code_key UNIQUE (code),
        CONSTRAINT regions_code_format CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
      )`);
    // Region lists filtered by state walk this index in cursor order.
    await db.query('CREATE INDEX regions_state_code_code_idx ON regions (state_code, code)');

    await db.query(`
      CREATE TABLE municipalities (
        id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
        ags         char(8)      NOT NULL,
        name        varchar(200) NOT NULL,
        kind        varchar(32)  NOT NULL,
        population  integer,
        state_code  varchar(5)   NOT NULL REFERENCES states (code),
        region_id   uuid         REFERENCES regions (id) ON DELETE RESTRICT,
        created_at  timestamptz  NOT NULL DEFAULT now(),
        updated_at  timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT municipalities_ags_key UNIQUE (ags),
        CONSTRAINT municipalities_ags_format CHECK (ags ~ '^(0[1-9]|1[0-6])[0-9]{6}$'),
        CONSTRAINT municipalities_kind_check
          CHECK (kind IN ('gemeinde', 'stadt', 'kreisfreie_stadt', 'landkreis', 'verband')),
        CONSTRAINT municipalities_population_check CHECK (population >= 0)
      )`);
    // Lists are ordered by AGS; each filter gets an index that yields rows in that order.
    await db.query('CREATE INDEX municipalities_state_code_ags_idx ON municipalities (state_code, ags)');
    await db.query('CREATE INDEX municipalities_region_id_ags_idx ON municipalities (region_id, ags)');
    await db.query('CREATE INDEX municipalities_kind_ags_idx ON municipalities (kind, ags)');
    // Name-prefix filter (case-insensitive): `lower(name) LIKE 'dres%'`.
    await db.query(
      'CREATE INDEX municipalities_name_prefix_idx ON municipalities (lower(name) text_pattern_ops)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE municipalities');
    await db.query('DROP TABLE regions');
    await db.query('DROP TABLE states');
  }
}
