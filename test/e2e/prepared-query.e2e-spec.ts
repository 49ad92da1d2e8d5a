import { Pool } from 'pg';
import { preparedQuery } from '../../src/database/prepared-query';

/**
 * preparedQuery makes its rows from the driver's arrays by a shape compiled per statement; the rows
 * must be exactly the objects the driver itself would have made, whatever the columns are called.
 */
describe('preparedQuery rows', () => {
  let pool: Pool;

  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  });

  afterAll(() => pool.end());

  const driverRows = async (text: string, values: unknown[]) => (await pool.query(text, values)).rows;

  it('are the objects the driver makes, for the types the reads use, null, and the same keys in the same order', async () => {
    const text = `SELECT g AS id, g::text || $1 AS label, g % 2 = 0 AS even, CASE WHEN g % 3 = 0 THEN NULL ELSE g * 1.5 END AS "half",
                         ARRAY[g, g + 1] AS pair, jsonb_build_object('n', g) AS doc, timestamptz '2026-01-01T00:00:00Z' + g * interval '1 day' AS at
                    FROM generate_series(1, 7) g ORDER BY g`;
    const rows = await preparedQuery<Record<string, unknown>>(pool, text, ['-x']);
    const expected = await driverRows(text, ['-x']);
    expect(rows).toEqual(expected);
    expect(rows.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)));
    expect(rows[2]).toMatchObject({ id: 3, label: '3-x', even: false, half: null, pair: [3, 4], doc: { n: 3 } });
  });

  it('keep column names that are not identifiers in JavaScript, and take the last of two columns of one name', async () => {
    const text = `SELECT 1 AS "a ""quoted"" name", 2 AS "line
break", 3 AS "}; throw 1; ({", 4 AS "constructor", 5 AS same, 6 AS same, 7 AS "__proto__"`;
    const [row] = await preparedQuery<Record<string, unknown>>(pool, text, []);
    const [expected] = await driverRows(text, []);
    expect(row).toEqual(expected);
    expect(Object.entries(row)).toEqual([['a "quoted" name', 1], ['line\nbreak', 2], ['}; throw 1; ({', 3], ['constructor', 4], ['same', 6], ['__proto__', 7]]);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('give each statement its own shape, however many times each runs', async () => {
    const first = 'SELECT 1 AS one, 2 AS two';
    const second = 'SELECT 3 AS three';
    for (let round = 0; round < 3; round += 1) {
      expect(await preparedQuery(pool, first, [])).toEqual([{ one: 1, two: 2 }]);
      expect(await preparedQuery(pool, second, [])).toEqual([{ three: 3 }]);
    }
  });

  it('follow a table whose columns a migration changed while the server ran, for a statement that selects *', async () => {
    await pool.query('DROP TABLE IF EXISTS prepared_query_probe; CREATE TABLE prepared_query_probe (a int); INSERT INTO prepared_query_probe VALUES (1)');
    const everything = 'SELECT * FROM prepared_query_probe';
    expect(await preparedQuery(pool, everything, [])).toEqual([{ a: 1 }]);
    await pool.query('ALTER TABLE prepared_query_probe ADD COLUMN b text NOT NULL DEFAULT $$x$$');
    // New connections, as a server's pool makes: the old ones would refuse a prepared plan whose columns changed.
    const fresh = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    try {
      expect(await preparedQuery(fresh, everything, [])).toEqual([{ a: 1, b: 'x' }]);
    } finally {
      await fresh.end();
      await pool.query('DROP TABLE prepared_query_probe');
    }
  });

  it('return no rows as an empty list', async () => {
    expect(await preparedQuery(pool, 'SELECT 1 AS one WHERE false', [])).toEqual([]);
  });
});
