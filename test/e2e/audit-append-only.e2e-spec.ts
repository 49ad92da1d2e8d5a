import { AuditTrailFixture, FIXTURE_TIMEOUT_MS, startAuditTrail } from '../support/audit-trail';
import { expectAppendOnly } from '../support/fixtures';
import type { TestApp } from '../support/test-app';

describe('audit trail: append-only, enforced by PostgreSQL', () => {
  let fixture: AuditTrailFixture;
  let testApp: TestApp;

  beforeAll(async () => {
    fixture = await startAuditTrail();
    ({ testApp } = fixture);
  }, FIXTURE_TIMEOUT_MS);

  afterAll(async () => {
    await fixture?.close();
  });

  describe('append-only, enforced by PostgreSQL', () => {
    it("runs the server as a role that is neither superuser nor the audit trail's owner", async () => {
      const [role] = await testApp.dataSource.query<{ superuser: boolean; owner: boolean; update: boolean; insertAction: boolean; insertId: boolean; insertTime: boolean }[]>(
        `SELECT rolsuper AS superuser, pg_has_role(current_user, 'chronicle_audit_owner', 'MEMBER') AS owner,
                has_any_column_privilege('audit.events', 'UPDATE') AS update, has_column_privilege('audit.events', 'action', 'INSERT') AS "insertAction",
                has_column_privilege('audit.events', 'id', 'INSERT') AS "insertId", has_column_privilege('audit.events', 'occurred_at', 'INSERT') AS "insertTime"
           FROM pg_roles WHERE rolname = current_user`,
      );
      expect(role).toEqual({ superuser: false, owner: false, update: false, insertAction: true, insertId: false, insertTime: false });
    });

    it("does not let the server choose an event's number or time (backdating), nor a checkpoint's number", async () => {
      const refused = [
        `INSERT INTO audit.events (occurred_at, action, outcome, purpose) VALUES (now() - interval '1 year', 'child.read', 'success', 'case-work')`,
        `INSERT INTO audit.events (id, action, outcome, purpose) OVERRIDING SYSTEM VALUE VALUES (1, 'child.read', 'success', 'case-work')`,
        `INSERT INTO audit.checkpoints (id, seq, hash, created_at, key_id, signature) OVERRIDING SYSTEM VALUE VALUES (1, 1, sha256(''), now(), 'k', '')`,
      ];
      for (const statement of refused) await expect(testApp.dataSource.query(statement)).rejects.toThrow(/permission denied/);
      // The demo's month of history was written by the database owner, with its times (docs/audit.md); nothing else is older than today.
      const [{ count }] = await testApp.ownerQuery<{ count: number }>(
        `SELECT count(*)::int AS count FROM audit.events WHERE occurred_at < now() - interval '1 day' AND NOT (details ? 'demoHistory')`,
      );
      expect(count).toBe(0);
    });

    it.each([
      [`UPDATE audit.events SET action = 'rewritten'`],
      [`DELETE FROM audit.events`],
      [`TRUNCATE audit.events`],
      [`UPDATE audit.chain SET hash = sha256(hash)`],
      [`DELETE FROM audit.chain`],
      [`TRUNCATE audit.chain`],
      [`UPDATE audit.checkpoints SET seq = seq + 1`],
      [`DELETE FROM audit.checkpoints`],
    ])('refuses %s to the server (no privilege) and to the owner (trigger)', async (statement) => {
      await expectAppendOnly(testApp, statement);
    });

    it('refuses the owner a TRUNCATE of one monthly partition too', async () => {
      const [{ partition }] = await testApp.ownerQuery<{ partition: string }>(`SELECT 'audit.events_' || to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM') AS partition`);
      await expect(testApp.ownerQuery(`TRUNCATE ${partition}`)).rejects.toThrow(/append-only/);
    });

    it('lets the server have partitions made for this month and at most three ahead, and nothing else', async () => {
      const ensure = (monthsAhead: number) => testApp.dataSource.query<{ created: number }[]>(`SELECT audit.ensure_partitions($1) AS created`, [monthsAhead]);
      await expect(ensure(4)).rejects.toThrow(/between 0 and 3/);
      await expect(ensure(-1)).rejects.toThrow(/between 0 and 3/);
      await expect(testApp.dataSource.query(`SELECT audit.create_partitions('1990-01-01', '2200-01-01')`)).rejects.toThrow(/permission denied/);
      await expect(testApp.dataSource.query(`SELECT audit.ensure_partitions('2000-01-01'::date, 3)`)).rejects.toThrow(/does not exist/);
      expect(await ensure(3)).toEqual([{ created: 0 }]);
      const [{ partitions }] = await testApp.ownerQuery<{ partitions: string[] }>(
        `SELECT array_agg(c.relname::text ORDER BY c.relname) AS partitions FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit.events'::regclass`,
      );
      const month = (ahead: number) => {
        const now = new Date();
        const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1));
        return `events_${date.getUTCFullYear()}_${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
      };
      expect(partitions).toEqual(expect.arrayContaining([0, 1, 2, 3].map(month)));
      expect(partitions).not.toContain(month(4));
    });

    it('gives up making a partition after a moment while a long query holds audit.events, rather than stall every writer queued behind it', async () => {
      const now = new Date();
      const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
      const partition = `audit.events_${ahead.getUTCFullYear()}_${String(ahead.getUTCMonth() + 1).padStart(2, '0')}`;
      await testApp.ownerQuery(`DROP TABLE ${partition}`);
      await testApp.asOwner(async (client) => {
        await client.query('BEGIN');
        await client.query('LOCK TABLE audit.events IN ACCESS SHARE MODE');
        const started = Date.now();
        await expect(testApp.dataSource.query(`SELECT audit.ensure_partitions(3)`)).rejects.toThrow(/lock timeout/);
        expect(Date.now() - started).toBeLessThan(10_000);
        await client.query('ROLLBACK');
      });
      expect(await testApp.dataSource.query(`SELECT audit.ensure_partitions(3) AS created`)).toEqual([{ created: 1 }]);
    });

    it('does not let the server write a link of its own', async () => {
      await expect(testApp.dataSource.query(`INSERT INTO audit.chain (seq, event_id, event_occurred_at, event_hash, hash) VALUES (999999, 1, now(), sha256(''), sha256(''))`)).rejects.toThrow(
        /permission denied/,
      );
    });
  });
});
