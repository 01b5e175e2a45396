import type { DataSource } from 'typeorm';

/**
 * The report projections' promise (docs/reports.md): after every committed write they equal a
 * recomputation from their sources. `report_differences()` recomputes each one and lists the rows
 * that differ; every e2e file checks it when it closes, after all the writes its tests made.
 */
export async function projectionDrift(db: DataSource): Promise<string[]> {
  try {
    const rows: { projection: string; difference: string; row_text: string }[] = await db.query(
      'SELECT * FROM report_differences()',
    );
    return rows.map((row) => `${row.projection}: ${row.difference} ${row.row_text}`);
  } catch (error) {
    // A test that dropped its database (the health check's) has nothing left to compare.
    if ((error as { code?: string }).code === '3D000') return [];
    throw error;
  }
}
