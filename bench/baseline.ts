/**
 * The yardstick: the same 50-row keyset page of municipalities served by a bare node:http
 * handler on a pg pool, with no framework, auth, validation or logging. The API's numbers are
 * read against this one, measured in the same run on the same machine.
 */
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
});

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline');
  if (url.pathname !== '/municipalities') {
    res.writeHead(404).end();
    return;
  }
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 200);
  const after = url.searchParams.get('after') ?? '';
  const { rows } = await pool.query(
    `SELECT id, ags, name, kind, population, state_code AS "stateCode", region_id AS "regionId",
            created_at AS "createdAt", updated_at AS "updatedAt"
     FROM municipalities WHERE ags > $1 ORDER BY ags LIMIT $2`,
    [after, limit + 1],
  );
  const items = rows.slice(0, limit);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ items, nextCursor: rows.length > limit ? items[items.length - 1].ags : null }));
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('baseline listening\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
