import type { DuckDBConnection } from '@duckdb/node-api';
import { readDoubleColumns } from '../duck-columns.ts';
import { sqlIdent, sqlString, withScratchDuckDB } from '../duck-scratch.ts';
import { mapColumns, missingColumnsMessage, tableKind, type RawData } from './raw.ts';
import { epochToMs } from './time-parse.ts';

/** SQL giving a time column as epoch ms DOUBLE (numbers are converted by magnitude afterwards). */
function timeExpr(name: string, type: string): { sql: string; byMagnitude: boolean } {
  const c = sqlIdent(name);
  const t = type.toUpperCase();
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return { sql: `epoch_ms(${c}::TIMESTAMP)::DOUBLE`, byMagnitude: false };
  if (t === 'VARCHAR') return { sql: `epoch_ms(try_cast(${c} AS TIMESTAMPTZ))::DOUBLE`, byMagnitude: false };
  return { sql: `try_cast(${c} AS DOUBLE)`, byMagnitude: true };
}

async function readWith(conn: DuckDBConnection, path: string, force?: 'candles' | 'trades'): Promise<RawData> {
  const src = `read_parquet(${sqlString(path)}, file_row_number = true)`;
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  const schema = described.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const names = schema.map((s) => s.name);
  const map = mapColumns(names);
  const kind = force ?? tableKind(map);
  const need = kind === 'trades' ? [map.time, map.price, map.amount] : [map.time, map.open, map.high, map.low, map.close, map.volume];
  if (kind === null || need.some((i) => i < 0)) throw new Error(missingColumnsMessage(names, map, kind));
  const time = timeExpr(names[map.time], schema[map.time].type);
  const num = (i: number) => `try_cast(${sqlIdent(names[i])} AS DOUBLE)`;
  const fields = kind === 'trades' ? [map.price, map.amount] : [map.open, map.high, map.low, map.close, map.volume];
  const extra = kind === 'candles' && map.synthetic >= 0 ? `, coalesce(try_cast(${sqlIdent(names[map.synthetic])} AS BOOLEAN), false)::DOUBLE` : '';
  // The row count is in the file's metadata.
  const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(path)})`)).getRows()[0][0]);
  const cols = await readDoubleColumns(
    conn,
    `SELECT (file_row_number + 1)::DOUBLE, ${time.sql}, ${fields.map(num).join(', ')}${extra} FROM ${src} ORDER BY file_row_number`,
    [],
    rows,
  );
  const [rowNumbers, t] = cols;
  if (time.byMagnitude) for (let i = 0; i < t.length; i++) t[i] = epochToMs(t[i]);
  const n = t.length;
  const raw = (i: number) => {
    const o: Record<string, number | null> = { [names[map.time]]: Number.isFinite(t[i]) ? t[i] : null };
    fields.forEach((f, k) => (o[names[f]] = Number.isNaN(cols[2 + k][i]) ? null : cols[2 + k][i]));
    return JSON.stringify(o);
  };
  if (kind === 'trades') {
    return { kind, length: n, time: t, price: cols[2], amount: cols[3], rowNumbers, malformed: [], raw };
  }
  const synthetic = extra ? Uint8Array.from(cols[7], (v) => (v === 1 ? 1 : 0)) : new Uint8Array(n);
  return {
    kind: 'candles',
    cols: { length: n, openTime: t, open: cols[2], high: cols[3], low: cols[4], close: cols[5], volume: cols[6], synthetic },
    rowNumbers,
    malformed: [],
    raw,
  };
}

/** Reads a Parquet file of candles or trades through DuckDB. Row N is the file's N-th row. */
export function readParquet(path: string, force?: 'candles' | 'trades'): Promise<RawData> {
  return withScratchDuckDB((conn) => readWith(conn, path, force));
}
