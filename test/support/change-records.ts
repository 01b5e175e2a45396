import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';

/** The collections whose writes go through the write path, and what their change records call them. */
const VERSIONED: Record<string, string> = {
  municipalities: 'municipality',
  needs: 'need',
  solutions: 'solution',
  'transfer-cases': 'transfer_case',
  'transfer-teams': 'transfer_team',
  cohorts: 'cohort',
  nominations: 'solution',
  alerts: 'match_alert',
  lessons: 'lesson',
  adoptions: 'adoption',
  'follow-ups': 'follow_up',
};

const WRITE_PATH =
  /^\/api\/v1\/(municipalities|needs|solutions|transfer-cases|transfer-teams|cohorts|nominations|alerts|lessons|adoptions|follow-ups)(?:\/|$|\?)/;

/**
 * Writes that change several records by design: a cohort's move together records the cohort once
 * and each member case it moved once (each of those at its own next version).
 */
const GROUP_WRITE = /^\/api\/v1\/cohorts\/[0-9a-f-]{36}\/transitions(?:\?|$)/i;
const GROUP_MEMBER_KIND = 'transfer_case';

/**
 * Records a write leaves besides its own, by design: what follows a case that ends (its need, and
 * on umgesetzt its adoption and follow-ups), the match alerts a published solution raises, and
 * the case an accepted alert opens or adds a candidate to.
 */
const CASE_ENDING = ['need', 'adoption', 'follow_up'];
const SIDE_RECORDS: [RegExp, string[]][] = [
  [/^\/api\/v1\/transfer-cases\/[0-9a-f-]{36}\/transitions(?:\?|$)/i, CASE_ENDING],
  [GROUP_WRITE, CASE_ENDING],
  [/^\/api\/v1\/(solutions|nominations)(?:\/|$|\?)/, ['match_alert']],
  [/^\/api\/v1\/alerts\/[0-9a-f-]{36}\/accept(?:\?|$)/i, ['transfer_case']],
];
const sideKindsOf = (path: string) =>
  SIDE_RECORDS.filter(([route]) => route.test(path)).flatMap(([, kinds]) => kinds);
const ID_AFTER_COLLECTION =
  /^\/api\/v1\/[a-z-]+\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$|\?)/i;

export interface ObservedWrite {
  method: string;
  path: string;
  status: number;
  requestId: string;
  caller?: { kind: 'user' | 'client'; id: string };
  body?: { id?: string; version?: number };
}

export interface ChangeRow {
  seq: string;
  entity_type: string;
  entity_id: string;
  version: number;
  action: string;
  actor_user_id: string | null;
  actor_client_id: string | null;
  request_id: string | null;
}

/**
 * Watches every write request the app serves to municipalities, needs, solutions and transfer
 * cases, so that every e2e flow also checks the write path's promise: a refused write (4xx)
 * leaves no change record; an accepted one leaves at most one (none only when it changed nothing),
 * naming the caller as actor, the entity of the route and the version the entity then had; and
 * each entity's records count its versions up one by one to the version it has now.
 */
export function watchWrites(app: INestApplication) {
  const writes: ObservedWrite[] = [];
  app.use((req: Request & { user?: ObservedWrite['caller'] }, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || !WRITE_PATH.test(req.originalUrl)) return next();
    let body: string | undefined;
    const send = res.send.bind(res);
    res.send = (chunk?: unknown) => {
      if (typeof chunk === 'string') body = chunk;
      return send(chunk);
    };
    res.on('finish', () => {
      writes.push({
        method: req.method,
        path: req.originalUrl,
        status: res.statusCode,
        requestId: String(res.getHeader('x-request-id')),
        caller: req.user && { kind: req.user.kind, id: req.user.id },
        body: parse(body),
      });
    });
    next();
  });
  return {
    writes,
    /** The violations of the promise, one line each; empty when every write kept it. */
    async violations(db: DataSource): Promise<string[]> {
      if (writes.length === 0) return [];
      return checkWrites(writes, await changesOf(db, writes));
    },
  };
}

async function changesOf(db: DataSource, writes: ObservedWrite[]) {
  const byRequest: ChangeRow[] = await db.query(
    `SELECT seq, entity_type, entity_id, version, action, actor_user_id, actor_client_id, request_id
     FROM changes WHERE request_id = ANY($1) ORDER BY seq`,
    [writes.map((w) => w.requestId)],
  );
  const entityIds = [...new Set(byRequest.map((c) => c.entity_id))];
  const history: ChangeRow[] = await db.query(
    `SELECT seq, entity_type, entity_id, version, action, actor_user_id, actor_client_id, request_id
     FROM changes WHERE entity_id = ANY($1) ORDER BY seq`,
    [entityIds],
  );
  const current = new Map<string, number>();
  for (const [kind, table] of [
    ['municipality', 'municipalities'],
    ['need', 'needs'],
    ['solution', 'solutions'],
    ['transfer_case', 'transfer_cases'],
    ['transfer_team', 'transfer_teams'],
    ['cohort', 'cohorts'],
    ['match_alert', 'match_alerts'],
    ['adoption', 'adoptions'],
    ['follow_up', 'follow_ups'],
    ['lesson', 'lessons'],
  ] as const) {
    const ids = byRequest.filter((c) => c.entity_type === kind).map((c) => c.entity_id);
    if (ids.length === 0) continue;
    const rows: { id: string; version: number }[] = await db.query(
      `SELECT id, version FROM ${table} WHERE id = ANY($1)`,
      [ids],
    );
    for (const row of rows) current.set(row.id, row.version);
  }
  return { byRequest, history, current };
}

/** Pure, so the check itself can be shown to fail (see change-records.e2e-spec.ts). */
export function checkWrites(
  writes: readonly ObservedWrite[],
  {
    byRequest,
    history,
    current,
  }: { byRequest: ChangeRow[]; history: ChangeRow[]; current: Map<string, number> },
): string[] {
  const problems: string[] = [];
  for (const write of writes) {
    const label = `${write.method} ${write.path} → ${write.status}`;
    const all = byRequest.filter((c) => c.request_id === write.requestId);
    const group = GROUP_WRITE.test(write.path);
    const side = sideKindsOf(write.path);
    const sideRecords = all.filter((c) => side.includes(c.entity_type));
    const records = all.filter(
      (c) => !side.includes(c.entity_type) && !(group && c.entity_type === GROUP_MEMBER_KIND),
    );
    if (write.status >= 300 && sideRecords.length > 0) {
      problems.push(`${label}: refused, yet left ${sideRecords.length} record(s) of what follows it`);
    }
    if (group) {
      const members = all.filter((c) => c.entity_type === GROUP_MEMBER_KIND);
      if (write.status >= 300 && members.length > 0) {
        problems.push(`${label}: refused, yet left ${members.length} member change record(s)`);
      }
      if (new Set(members.map((c) => c.entity_id)).size !== members.length) {
        problems.push(`${label}: recorded a member case more than once`);
      }
      for (const member of members) {
        if (member.action !== 'transitioned') problems.push(`${label}: member record ${member.action}`);
      }
    }
    if (write.status >= 300) {
      if (records.length > 0) problems.push(`${label}: refused, yet left ${records.length} change record(s)`);
      continue;
    }
    if (records.length > 1) problems.push(`${label}: left ${records.length} change records, not one`);
    const [record] = records;
    if (!record) continue;
    const collection = WRITE_PATH.exec(write.path)?.[1] ?? '';
    const entityId = ID_AFTER_COLLECTION.exec(write.path)?.[1]?.toLowerCase() ?? write.body?.id;
    if (record.entity_type !== VERSIONED[collection]) {
      problems.push(`${label}: change record names a ${record.entity_type}, not a ${VERSIONED[collection]}`);
    }
    if (entityId && record.entity_id !== entityId) {
      problems.push(`${label}: change record names ${record.entity_id}, not ${entityId}`);
    }
    const actor = record.actor_user_id
      ? { kind: 'user', id: record.actor_user_id }
      : record.actor_client_id
        ? { kind: 'client', id: record.actor_client_id }
        : undefined;
    if (JSON.stringify(actor) !== JSON.stringify(write.caller)) {
      problems.push(
        `${label}: actor ${JSON.stringify(actor)} is not the caller ${JSON.stringify(write.caller)}`,
      );
    }
    if (typeof write.body?.version === 'number' && record.version !== write.body.version) {
      problems.push(
        `${label}: change record has version ${record.version}, the response ${write.body.version}`,
      );
    }
  }
  const entities = new Set(byRequest.map((c) => c.entity_id));
  for (const entityId of entities) {
    const records = history.filter((c) => c.entity_id === entityId);
    records.forEach((record, i) => {
      const previous = records[i - 1];
      if (record.action === 'created' && record.version !== 1) {
        problems.push(`${record.entity_type} ${entityId}: created at version ${record.version}`);
      }
      if (!previous) return;
      const step = record.version - previous.version;
      const expected = record.action === 'commented' ? 0 : 1;
      if (step !== expected) {
        problems.push(
          `${record.entity_type} ${entityId}: ${record.action} went from version ${previous.version} to ${record.version}`,
        );
      }
    });
    const last = records[records.length - 1];
    const now = current.get(entityId);
    if (now === undefined && last.action !== 'deleted') {
      problems.push(`${last.entity_type} ${entityId}: gone without a deletion record`);
    }
    if (now !== undefined && now !== last.version) {
      problems.push(
        `${last.entity_type} ${entityId}: at version ${now}, its last change record says ${last.version}`,
      );
    }
  }
  return problems;
}

function parse(body: string | undefined): ObservedWrite['body'] {
  if (!body) return undefined;
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null ? (value as ObservedWrite['body']) : undefined;
  } catch {
    return undefined;
  }
}
