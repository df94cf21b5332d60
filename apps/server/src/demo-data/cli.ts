import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import { openPglite, openPostgres, type Database } from '../db/client';
import { acquireDataDirLock } from '../db/lock';
import { ensureReferenceData } from '../db/reference';
import { orgs } from '../db/schema/index';
import { loadEnv } from '../env';
import { DEMO_PASSWORD, DEMO_SEED, seedDemo } from './demo';
import { deleteDemoRows } from './reset';

// npm run seed -- --scale N [--seed S] [--reset]

const USAGE = '用法：npm run seed -- [--scale N] [--seed S] [--reset]';

class CliError extends Error {}

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scale: { type: 'string' },
        seed: { type: 'string' },
        reset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new CliError(`--scale 须为 0 到 100 之间的正数，收到：${values.scale}`);
  const seed = values.seed === undefined ? DEMO_SEED : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new CliError(`--seed 须为整数，收到：${values.seed}`);
  return { scale, seed, reset: values.reset ?? false };
}

async function main() {
  const args = parse();
  const env = loadEnv();
  // A deployment that said no to demo data never gets any, not even by this command.
  if (!env.DEMO_DATA) throw new CliError('DEMO_DATA=false：本部署不使用示例数据，未写入任何内容。');
  let release = () => {};
  let database: Database;
  if (env.DATABASE_URL) {
    database = await openPostgres(env.DATABASE_URL, { max: 2 });
  } else {
    const dataDir = resolve(env.DATA_DIR);
    release = acquireDataDirLock(dataDir);
    database = await openPglite(join(dataDir, 'pglite'));
  }
  try {
    const { db } = database;
    await ensureReferenceData(db);
    const [{ n }] = await db.select({ n: count() }).from(orgs);
    if (n > 0) {
      if (!args.reset)
        throw new CliError(`数据库中已有 ${n} 个单位，未写入示例数据。如需删除旧的示例数据后重新生成，请加 --reset。`);
      try {
        const removed = await deleteDemoRows(db);
        console.log(`已删除旧示例数据：单位 ${removed.orgs} 个，账号 ${removed.users} 个`);
      } catch (e) {
        throw new CliError(`删除旧示例数据失败（可能有正式数据引用了示例单位），数据库未改动：${(e as Error).message}`);
      }
      const [{ n: left }] = await db.select({ n: count() }).from(orgs);
      if (left > 0) console.warn(`注意：数据库中还有 ${left} 个非示例单位，示例数据将与其并存。`);
    }
    const started = Date.now();
    const result = await seedDemo(db, {
      scale: args.scale,
      seed: args.seed,
      log: (m) => console.log(`[demo] ${m}`),
      matchmaking: true,
    });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `示例数据已写入：院校 ${result.schools} 所，企业 ${result.enterprises} 家，账号 ${result.users} 个（密码 ${DEMO_PASSWORD}），用时 ${secs} 秒。`,
    );
  } finally {
    await database.close();
    release();
  }
}

main().catch((e) => {
  console.error(e instanceof CliError ? e.message : `示例数据写入失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
