import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { and, asc, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { regionByCode, type HandoutSummary } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { onboardingHandouts, onboardingPasswords, orgs, users } from '../../db/schema/index';
import { requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';
import { WORD_FONT, WORD_HEADING_FONT, WORD_LANGUAGE, wordDefaults } from '../../lib/word';

type HandoutRow = typeof onboardingHandouts.$inferSelect;

// 宋体 for Chinese, as the agreements' Word text (LibreOffice substitutes Noto Serif CJK when it is missing).
const FONT = WORD_FONT;
const HEADING_FONT = WORD_HEADING_FONT;
const MONO = { ascii: 'Consolas', hAnsi: 'Consolas', eastAsia: '宋体', cs: 'Consolas' };

/** A bureau sees the handouts of its own imports' region; the province sees all. */
function scopeOf(actor: Actor): SQL | undefined {
  if (actor.role === 'province') return undefined;
  return eq(onboardingHandouts.regionCode, actor.regionCode ?? '\0');
}

const summary = (h: HandoutRow): HandoutSummary => ({
  id: h.id,
  regionCode: h.regionCode,
  regionName: h.regionCode ? (regionByCode(h.regionCode)?.name ?? h.regionCode) : null,
  createdByName: h.createdByName,
  createdAt: h.createdAt.toISOString(),
  accountCount: h.accountCount,
  downloadedAt: h.downloadedAt?.toISOString() ?? null,
  downloadedByName: h.downloadedByName,
});

export async function listHandouts(db: Db, ctx: Ctx) {
  const actor = requireAccess(ctx, 'account.manage');
  const rows = await db
    .select()
    .from(onboardingHandouts)
    .where(scopeOf(actor))
    .orderBy(desc(onboardingHandouts.id))
    .limit(200);
  return { items: rows.map(summary) };
}

/**
 * The 账号开通单 as Word, served once: the passwords are read and deleted and the handout marked downloaded in one
 * transaction, so two clicks at once cannot both get them, and after it the server holds no password of these
 * accounts in clear (a lost sheet means resetting the password in 账号管理). Audited without any password.
 */
export async function downloadHandout(
  db: Db,
  ctx: Ctx,
  id: number,
  loginUrl: string,
): Promise<{ buffer: Buffer; fileName: string }> {
  const actor = requireAccess(ctx, 'account.manage');
  const lines = await db.transaction(async (tx) => {
    const scope = scopeOf(actor);
    const [h] = await tx
      .update(onboardingHandouts)
      .set({ downloadedAt: now(), downloadedByName: actor.displayName || actor.username })
      .where(and(eq(onboardingHandouts.id, id), isNull(onboardingHandouts.downloadedAt), ...(scope ? [scope] : [])))
      .returning();
    if (!h) {
      const [known] = await tx
        .select()
        .from(onboardingHandouts)
        .where(and(eq(onboardingHandouts.id, id), ...(scope ? [scope] : [])));
      if (!known) throw new AppError(404, 'not_found', '账号开通单不存在或不在管辖范围内');
      // Beijing time (UTC+8, no daylight saving), as the bureau reads it.
      const when = new Date(known.downloadedAt!.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      throw new AppError(
        410,
        'handout_gone',
        `该账号开通单已于 ${when}（北京时间）由 ${known.downloadedByName ?? '他人'} 下载，初始密码已从服务器清除，不能再次下载；如需新密码请在账号管理中重置`,
      );
    }
    const rows = await tx
      .select({
        orgName: orgs.name,
        regionCode: orgs.regionCode,
        username: users.username,
        password: onboardingPasswords.password,
      })
      .from(onboardingPasswords)
      .innerJoin(users, eq(users.id, onboardingPasswords.userId))
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(onboardingPasswords.handoutId, id))
      .orderBy(asc(orgs.regionCode), asc(users.username));
    await tx.delete(onboardingPasswords).where(eq(onboardingPasswords.handoutId, id));
    await audit(tx, ctx, {
      action: 'onboarding.handout.download',
      entityType: 'onboarding_handout',
      entityId: id,
      regionCode: h.regionCode,
      after: { accounts: rows.length },
    });
    return rows;
  });
  return { buffer: await handoutDocx(lines, loginUrl), fileName: `账号开通单（第${id}批）.docx` };
}

const run = (text: string, o: { bold?: boolean; size?: number; font?: typeof FONT } = {}) =>
  new TextRun({ text, bold: o.bold, size: o.size ?? 24, font: o.font ?? FONT, language: WORD_LANGUAGE });

/** One block per organisation, to be cut apart and handed over: name, username, password, where to log in. */
async function handoutDocx(
  lines: { orgName: string; regionCode: string; username: string; password: string }[],
  loginUrl: string,
): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [run('账号开通单', { bold: true, size: 36, font: HEADING_FONT })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        run(`共 ${lines.length} 个单位。初始密码仅本次提供，请妥善保管、沿虚线剪开后分别交给各单位。`, { size: 20 }),
      ],
    }),
  ];
  for (const l of lines) {
    children.push(
      new Paragraph({
        keepNext: true,
        spacing: { before: 120, after: 60 },
        children: [
          run('单位名称：', { bold: true }),
          run(`${l.orgName}（${regionByCode(l.regionCode)?.name ?? l.regionCode}）`),
        ],
      }),
      new Paragraph({
        keepNext: true,
        spacing: { after: 60 },
        children: [run('用户名：', { bold: true }), run(l.username, { font: MONO })],
      }),
      new Paragraph({
        keepNext: true,
        spacing: { after: 60 },
        children: [run('初始密码：', { bold: true }), run(l.password, { font: MONO, bold: true, size: 28 })],
      }),
      new Paragraph({
        keepNext: true,
        spacing: { after: 60 },
        children: [run('登录地址：', { bold: true }), run(loginUrl)],
      }),
      new Paragraph({ keepNext: true, spacing: { after: 60 }, children: [run('首次登录须修改密码', { bold: true })] }),
      new Paragraph({
        spacing: { after: 120 },
        children: [
          run('✂ - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -', { size: 18 }),
        ],
      }),
    );
  }
  const d = new Document({
    creator: '湖北省产教融合·技能助跑专项行动平台',
    title: '账号开通单',
    styles: { default: wordDefaults() },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1418, right: 1418 } },
        },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(d));
}
