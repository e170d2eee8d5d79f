/** PostgreSQL through the `postgres` client; `$n` parameters are native there. */
import postgres from "postgres";
import type { Row, SqlDb, SqlValue } from "./sql.ts";

type Params = postgres.ParameterOrJSON<never>[];

function over(
  client: postgres.Sql | postgres.TransactionSql,
  inTransaction: boolean,
  close: () => Promise<void>,
): SqlDb {
  const db: SqlDb = {
    dialect: "postgres",
    async all<T extends Row>(sql: string, params: SqlValue[] = []) {
      return [...(await client.unsafe(sql, params as Params))] as unknown as T[];
    },
    async get<T extends Row>(sql: string, params: SqlValue[] = []) {
      return (await client.unsafe(sql, params as Params))[0] as unknown as T | undefined;
    },
    async run(sql: string, params: SqlValue[] = []) {
      return (await client.unsafe(sql, params as Params)).count;
    },
    async transaction<T>(work: (tx: SqlDb) => Promise<T>) {
      if (inTransaction) return await work(db);
      return await (client as postgres.Sql).begin((tx) => work(over(tx, true, close))) as T;
    },
    close,
  };
  return db;
}

export function postgresDb(url: string): SqlDb {
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    // BIGINT columns hold epoch milliseconds and sequence numbers: safe as JS numbers.
    types: {
      int8: {
        to: 20,
        from: [20],
        serialize: (v: number) => String(v),
        parse: (v: string) => Number(v),
      },
    },
  });
  return over(client, false, () => client.end({ timeout: 5 }));
}
