import type { Adapter, AdapterPayload, JWK } from 'oidc-provider';
import type { Pool } from 'pg';

/** The oidc-provider storage interface over one PostgreSQL table, keyed by model name and id. */
export class PostgresAdapter implements Adapter {
  constructor(
    private readonly pool: Pool,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO dev_idp_store (model, id, payload, grant_id, uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(secs => $6::int) END)
       ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      [this.model, id, payload, payload.grantId ?? null, payload.uid ?? null, expiresIn ?? null],
    );
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id = $2', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid = $2', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere(`payload->>'userCode' = $2`, userCode);
  }

  async consume(id: string): Promise<void> {
    await this.pool.query(`UPDATE dev_idp_store SET consumed_at = now() WHERE model = $1 AND id = $2`, [this.model, id]);
  }

  async destroy(id: string): Promise<void> {
    await this.pool.query(`DELETE FROM dev_idp_store WHERE model = $1 AND id = $2`, [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.pool.query(`DELETE FROM dev_idp_store WHERE grant_id = $1`, [grantId]);
  }

  private async findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
    const { rows } = await this.pool.query<{ payload: AdapterPayload; consumed: number | null }>(
      `SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM dev_idp_store
        WHERE model = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now())`,
      [this.model, value],
    );
    if (rows.length === 0) return undefined;
    const [{ payload, consumed }] = rows;
    return consumed === null ? payload : { ...payload, consumed };
  }
}

const SIGNING_KEY_MODEL = 'SigningKey';

/** The provider's signing key: made once, then shared by every instance and kept across restarts. */
export async function loadOrCreateSigningKey(pool: Pool, generate: () => JWK): Promise<JWK> {
  await pool.query(`INSERT INTO dev_idp_store (model, id, payload) VALUES ($1, 'current', $2) ON CONFLICT DO NOTHING`, [SIGNING_KEY_MODEL, generate()]);
  const { rows } = await pool.query<{ payload: JWK }>(`SELECT payload FROM dev_idp_store WHERE model = $1 AND id = 'current'`, [SIGNING_KEY_MODEL]);
  return rows[0].payload;
}
