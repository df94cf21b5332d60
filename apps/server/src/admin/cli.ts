// npm run admin -- create-province-account --username NAME [--display-name 名称] [--json]
//                  reset-password --username NAME [--json]
//                  remove-demo-data
// Works on the configured database (DATA_DIR or DATABASE_URL) without the server; an embedded database in use by a
// running server is refused, since two processes on one PGlite folder corrupt it.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openPglite, openPostgres, type Database } from '../db/client';
import { acquireDataDirLock, DataDirLockedError } from '../db/lock';
import { ensureReferenceData } from '../db/reference';
import { loadEnv } from '../env';
import { AdminError, createProvinceAccount, removeDemoData, resetPassword } from './commands';

const USAGE = [
  '用法：',
  '  npm run admin -- create-province-account --username 用户名 [--display-name 显示名称] [--json]   创建省级账号（一次性密码）',
  '  npm run admin -- reset-password --username 用户名 [--json]                                    重置密码（一次性密码，注销该账号的所有会话）',
  '  npm run admin -- remove-demo-data                                                             删除全部示例数据',
].join('\n');

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Runs one command; answers the exit code. env: the variables to read (process.env from the command line). */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo = consoleIo,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        username: { type: 'string' },
        'display-name': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (!['create-province-account', 'reset-password', 'remove-demo-data'].includes(command) || positionals.length > 1) {
    io.err(`未知的命令：${positionals.join(' ')}\n${USAGE}`);
    return 2;
  }
  if (command !== 'remove-demo-data' && !values.username) {
    io.err(`请用 --username 指定用户名\n${USAGE}`);
    return 2;
  }

  let config;
  try {
    config = loadEnv(env);
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  }
  let release = () => {};
  let database: Database | null = null;
  try {
    if (config.DATABASE_URL) {
      database = await openPostgres(config.DATABASE_URL, { max: 2 });
    } else {
      const dataDir = resolve(config.DATA_DIR);
      try {
        release = acquireDataDirLock(dataDir);
      } catch (e) {
        if (e instanceof DataDirLockedError) {
          io.err(`数据目录 ${e.dir} 正被运行中的服务（pid ${e.pid}）使用，请先停止服务再运行此命令。未做任何改动。`);
          return 1;
        }
        throw e;
      }
      database = await openPglite(join(dataDir, 'pglite'));
    }
    // An empty database is migrated by opening it; the dictionaries too, but never the demo province.
    await ensureReferenceData(database.db);
    if (command === 'remove-demo-data') {
      const removed = await removeDemoData(database.db);
      const tables = Object.entries(removed).sort(([a], [b]) => a.localeCompare(b));
      if (!tables.length) {
        io.out('数据库中没有示例数据，未做任何改动。');
      } else {
        io.out('已删除全部示例数据（一个事务，已记入审计日志），各表删除的行数：');
        for (const [table, n] of tables) io.out(`  ${table}: ${n}`);
        if (database.kind === 'postgres') io.out('如平台服务正在运行，请重启服务，使其缓存不再含示例数据。');
      }
      return 0;
    }
    const result =
      command === 'create-province-account'
        ? await createProvinceAccount(database.db, { username: values.username!, displayName: values['display-name'] })
        : await resetPassword(database.db, { username: values.username! });
    io.out(
      command === 'create-province-account'
        ? `已创建省级账号：${result.username}`
        : `已重置账号 ${result.username} 的密码，该账号的所有登录会话已注销。`,
    );
    io.out(`一次性密码：${result.password}`);
    io.out('请将密码当面或经安全渠道交给账号使用人；首次登录后须修改密码。');
    // Last line, for scripts: exactly one JSON object.
    if (values.json)
      io.out(`{"username": ${JSON.stringify(result.username)}, "password": ${JSON.stringify(result.password)}}`);
    return 0;
  } catch (e) {
    io.err(
      e instanceof AdminError ? e.message : `执行失败，未做任何改动：${e instanceof Error ? e.message : String(e)}`,
    );
    return 1;
  } finally {
    await database?.close();
    release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`执行失败：${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
