import { INTENT_STATES } from '@cjrh/domain';
import { intentMessages, intents } from '../db/schema/index';
import { dayOf, insertAll, reserveIds } from './stageCommon';
import { atX } from './campaign';
import { declineReason, enterpriseAsks, followUp, schoolAsks } from './dialogue';
import type { Ranking } from './matchmakingLines';
import { gist, recentWork, weekday, XIANGYANG, type IntentState, type Line, type Stage } from './matchmakingStage';
import { apportion } from './random';

// Step 8 of the matchmaking demo: intents between schools and enterprises that recommend each other, in every
// state, with the messages and notifications the intents service writes.

const INTENT_SHARES = [45, 30, 15, 5, 5]; // pending, accepted, declined, withdrawn, expired (INTENT_STATES order)
const PENDING_MAX_DAYS = 20; // well inside the 30 days after which expireStale lapses a pending intent

/** Meetings of the online fair, as far as the intents need them. */
interface FairMeeting {
  schoolOrgId: number;
  enterpriseOrgId: number;
  outcome: string;
}

export async function seedIntents(stage: Stage, ranking: Ranking, onlineRows: FairMeeting[], now: Date) {
  const { tx, rng, scale, userList, userOfOrg, demoOrgId, orgUsers, push } = stage;
  const { linesOf, recsOf, scoreOf, pairScore, info, isSchool, bestLines } = ranking;
  const target = Math.max(30, Math.round(120 * scale));
  interface PlannedIntent {
    from: number;
    to: number;
    state: IntentState;
    source: 'catalogue' | 'recommendation' | 'event';
    itemId: number | null;
    type: string;
    fromLine: Line;
    toLine: Line;
    /** Created after the online fair (day on the campaign clock) — or, for pending ones, days before now. */
    x: number;
  }
  const planned: PlannedIntent[] = [];
  const used = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const plan = (from: number, to: number, state: IntentState, source: PlannedIntent['source'], x = 0) => {
    if (
      from === to ||
      used.has(key(from, to)) ||
      !linesOf.has(from) ||
      !linesOf.has(to) ||
      isSchool(from) === isSchool(to)
    )
      return false;
    used.add(key(from, to));
    // The two lines the intent is about: the pair of their lines that fits best.
    const { s: sLine, e: eLine } = bestLines(isSchool(from) ? from : to, isSchool(from) ? to : from);
    const [fromLine, toLine] = isSchool(from) ? [sLine, eLine] : [eLine, sLine];
    const item = source === 'catalogue' ? toLine : null;
    planned.push({
      from,
      to,
      state,
      source,
      itemId: item?.id ?? null,
      type: item ? item.needType : fromLine.needType,
      fromLine,
      toLine,
      x,
    });
    return true;
  };
  const topRec = (orgId: number, pred: (cp: number) => boolean = () => true) =>
    (recsOf.get(orgId) ?? []).find((r) => pred(r.cp) && !used.has(key(orgId, r.cp)))?.cp;

  // Out of the online fair: meetings that went well turn into intents (decided long ago).
  for (const m of onlineRows.filter((r) => r.outcome === 'intent' || r.outcome === 'agreement_to_sign')) {
    if (!rng.chance(0.7)) continue;
    const [from, to] = rng.chance(0.5) ? [m.schoolOrgId, m.enterpriseOrgId] : [m.enterpriseOrgId, m.schoolOrgId];
    const state: IntentState =
      m.outcome === 'agreement_to_sign'
        ? 'accepted'
        : rng.pick(['accepted', 'accepted', 'accepted', 'declined', 'expired']);
    plan(from, to, state, 'event', dayOf('2025-09-15') + 0.5 + rng.next() * 3);
  }
  // The demo accounts' own examples.
  const xySchool1 = demoOrgId(`school-${XIANGYANG}-01`);
  const xyEnt1 = demoOrgId(`enterprise-${XIANGYANG}-01`);
  const xySchools = [...linesOf.keys()].filter(
    (id) => isSchool(id) && info(id).regionCode === XIANGYANG && id !== xySchool1,
  );
  const pendingFrom =
    [demoOrgId(`school-${XIANGYANG}-02`), ...xySchools].find(
      (s) => linesOf.has(s) && !used.has(key(s, xyEnt1)) && pairScore(s, xyEnt1) > 0,
    ) ?? xySchools.find((s) => !used.has(key(s, xyEnt1)));
  if (pendingFrom != null && linesOf.has(xyEnt1)) plan(pendingFrom, xyEnt1, 'pending', 'recommendation');
  if (linesOf.has(xySchool1)) {
    const acceptedTo = topRec(xySchool1, (cp) => cp !== xyEnt1);
    if (acceptedTo != null) plan(xySchool1, acceptedTo, 'accepted', 'recommendation');
    const declinedTo = topRec(xySchool1, (cp) => cp !== xyEnt1);
    if (declinedTo != null) plan(xySchool1, declinedTo, 'declined', 'catalogue');
  }
  const demoCycle: IntentState[] = [
    'pending',
    'accepted',
    'pending',
    'declined',
    'accepted',
    'pending',
    'withdrawn',
    'accepted',
  ];
  const demoOrgs = userList.filter((u) => u.orgId != null && linesOf.has(u.orgId)).map((u) => u.orgId!);
  demoOrgs.forEach((orgId, i) => {
    const cp = topRec(orgId);
    if (cp == null) return;
    // Half of them sent the intent, half received it.
    const [from, to] = i % 2 === 0 ? [orgId, cp] : [cp, orgId];
    plan(from, to, demoCycle[i % demoCycle.length], rng.chance(0.35) ? 'catalogue' : 'recommendation');
  });
  // The rest: pairs from each other's top recommendations (mostly both ways), in the states that make up the shares.
  const counts = () =>
    Object.fromEntries(INTENT_STATES.map((s) => [s, planned.filter((p) => p.state === s).length])) as Record<
      IntentState,
      number
    >;
  const have = counts();
  const want = apportion(target, INTENT_SHARES);
  const pool = rng.shuffle(INTENT_STATES.flatMap((s, i) => Array<IntentState>(Math.max(0, want[i] - have[s])).fill(s)));
  const orgsWithRecs = [...recsOf.keys()].filter((id) => linesOf.has(id)).sort((a, b) => a - b);
  for (let tries = 0; pool.length && tries < target * 30; tries++) {
    const a = rng.pick(orgsWithRecs);
    const recs = (recsOf.get(a) ?? []).slice(0, 8);
    if (!recs.length) continue;
    const b = rng.pick(recs).cp;
    if (!scoreOf.has(`${b}|${a}`) && rng.chance(0.7)) continue; // prefer pairs that recommend each other
    if (plan(a, b, pool[pool.length - 1], rng.chance(0.35) ? 'catalogue' : 'recommendation')) pool.pop();
  }

  // Times: decided ones in autumn 2025 (the campaign clock), pending ones in the last weeks before now.
  const autumnFrom = dayOf('2025-09-08');
  const autumnTo = dayOf('2025-11-28');
  interface TimedIntent extends PlannedIntent {
    createdAt: Date;
    decidedAt: Date | null;
    decidedX: number | null;
    reason: string | null;
  }
  const timed: TimedIntent[] = planned.map((p) => {
    if (p.state === 'pending') {
      const createdAt = recentWork(now, rng.int(1, PENDING_MAX_DAYS), rng.next());
      return { ...p, createdAt, decidedAt: null, decidedX: null, reason: null };
    }
    const x = p.x || weekday(autumnFrom + Math.floor(rng.next() * (autumnTo - autumnFrom))) + rng.next() * 0.9;
    const after =
      p.state === 'expired'
        ? 30 + 0.2 + rng.next() * 3
        : p.state === 'withdrawn'
          ? 1 + rng.next() * 4
          : 0.3 + rng.next() * (p.state === 'declined' ? 7 : 5);
    const receiver = isSchool(p.to) ? 'school' : 'enterprise';
    return {
      ...p,
      x,
      createdAt: atX(x),
      decidedAt: atX(x + after),
      decidedX: x + after,
      reason: p.state === 'declined' ? declineReason(rng, receiver) : null,
    };
  });
  timed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.from - b.from || a.to - b.to);
  const intentIds = await reserveIds(tx, 'intents', timed.length);
  const intentRows = timed.map((p, k) => {
    const fromLine = gist(p.fromLine);
    const toLine = gist(p.toLine);
    const message = isSchool(p.from)
      ? schoolAsks(rng, p.type, fromLine, toLine)
      : enterpriseAsks(rng, p.type, fromLine, toLine);
    return {
      id: intentIds[k],
      fromOrgId: p.from,
      toOrgId: p.to,
      fromRegionCode: info(p.from).regionCode,
      toRegionCode: info(p.to).regionCode,
      itemId: p.itemId,
      source: p.source,
      cooperationType: p.type,
      message,
      state: p.state,
      declineReason: p.reason,
      createdBy: userOfOrg.get(p.from)?.id ?? null,
      createdAt: p.createdAt,
      decidedAt: p.decidedAt,
      version: p.state === 'pending' ? 1 : 2,
    };
  });
  await insertAll(intentRows, (part) => tx.insert(intents).values(part), 500);

  // Their messages: the 'event' rows the service writes on each change, and a short exchange once accepted.
  type MessageInsert = typeof intentMessages.$inferInsert;
  const messages: MessageInsert[] = [];
  const say = (intentId: number, orgId: number, body: string, at: Date, kind: 'message' | 'event') =>
    messages.push({
      intentId,
      authorId: userOfOrg.get(orgId)?.id ?? null,
      authorOrgId: orgId,
      authorName: info(orgId).orgName,
      body,
      kind,
      createdAt: at,
    });
  const LABEL = { accepted: '接受', declined: '婉拒', withdrawn: '撤回' } as const;
  timed.forEach((p, k) => {
    const id = intentIds[k];
    const row = intentRows[k];
    const fromName = info(p.from).orgName;
    const link = `/intents/${id}`;
    say(id, p.from, `发起对接：${p.type}`, p.createdAt, 'event');
    const decidedRead = p.decidedX != null ? atX(p.decidedX + 0.2) : null;
    // intent_received for the receiver: read when answered; pending ones wait unread.
    push(
      orgUsers(p.to),
      p.createdAt,
      {
        kind: 'intent_received',
        title: `${fromName} 向贵单位发起合作对接（${p.type}）`,
        body: row.message.slice(0, 200),
        link,
      },
      p.state === 'pending' ? null : p.state === 'withdrawn' || p.state === 'expired' ? atX(p.x + 0.3) : p.decidedAt,
    );
    if (p.state === 'accepted' || p.state === 'declined' || p.state === 'withdrawn') {
      const actor = p.state === 'withdrawn' ? p.from : p.to;
      const other = actor === p.from ? p.to : p.from;
      say(id, actor, `${LABEL[p.state]}${p.reason ? `：${p.reason}` : ''}`, p.decidedAt!, 'event');
      push(
        orgUsers(other),
        p.decidedAt!,
        {
          kind: `intent_${p.state}`,
          title: `${info(actor).orgName} ${LABEL[p.state]}了合作对接意向`,
          body: p.state === 'accepted' ? '双方联系方式已互相可见，请尽快联系。' : (p.reason ?? ''),
          link,
        },
        decidedRead,
      );
    }
    if (p.state === 'accepted') {
      let x = p.decidedX!;
      for (const [byInitiator, text] of followUp(rng, isSchool(p.to) ? 'school' : 'enterprise')) {
        x += 0.1 + rng.next() * 1.5;
        const author = byInitiator ? p.from : p.to;
        const at = atX(x);
        say(id, author, text, at, 'message');
        push(
          orgUsers(author === p.from ? p.to : p.from),
          at,
          { kind: 'intent_message', title: `${info(author).orgName} 在对接中留言`, body: text.slice(0, 200), link },
          atX(x + 0.1),
        );
      }
    }
  });
  messages.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime() || a.intentId - b.intentId);
  const messageIds = await reserveIds(tx, 'intent_messages', messages.length);
  await insertAll(
    messages.map((m, k) => ({ ...m, id: messageIds[k] })),
    (part) => tx.insert(intentMessages).values(part),
    500,
  );
  return timed;
}
