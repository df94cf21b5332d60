import type { Rng } from './random';

// What people write when they ask for, answer and follow up a cooperation (intents) and what an organiser notes
// after a meeting at a fair. Pure: the same PRNG state always gives the same words.

/** One published line, as much of it as a message names. */
export interface LineGist {
  needType: string;
  /** School lines: the specialty's name; enterprise lines: the post. */
  subject: string;
  places: number;
}

const n = (x: number, fallback: number) => (x > 0 ? x : fallback);

/** The message of an intent the school sends, about its line `s` and the enterprise's line `e`. */
export function schoolAsks(rng: Rng, type: string, s: LineGist, e: LineGist | null): string {
  const post = e?.subject ?? '相关';
  switch (type) {
    case '毕业生就业':
      return `贵公司好！我校${s.subject}专业 2026 届毕业生约 ${n(s.places, 30)} 人，了解到贵公司招聘${post}岗位，希望推荐优秀毕业生到贵公司就业，也可来校举办专场招聘会。`;
    case '学生实习实训基地':
      return `我校${s.subject}专业希望与贵公司共建学生实习实训基地，每批可安排 ${rng.int(8, 20)} 名学生到${post}岗位跟岗实习，学校派带队老师全程管理。`;
    case '订单（定向）班':
      return `我校开设${s.subject}专业，可按贵公司${post}岗位要求组建订单班，课程和实训由双方共同制定，欢迎来校洽谈。`;
    case '教师企业实践':
      return `我校${s.subject}专业计划安排骨干教师到企业实践，希望贵公司能在${post}岗位接收 ${rng.int(2, 4)} 名教师，时间可按企业生产安排。`;
    case '聘请企业客座技能导师':
      return `我校${s.subject}专业想聘请贵公司${post}岗位的技术骨干担任客座技能导师，每学期来校授课或指导实训 ${rng.int(4, 8)} 次。`;
    default:
      return `我校${s.subject}专业与贵公司${post}岗位方向对口，希望在“${type}”方面开展合作，期待与贵公司进一步沟通。`;
  }
}

/** The message of an intent the enterprise sends. */
export function enterpriseAsks(rng: Rng, type: string, e: LineGist, s: LineGist | null): string {
  const spec = s?.subject ?? '相关';
  switch (type) {
    case '毕业生就业':
      return `贵校好！我公司${e.subject}岗位今年需要 ${n(e.places, 10)} 人，了解到贵校开设${spec}专业，希望招聘贵校应届毕业生，提供五险一金和住宿，欢迎推荐。`;
    case '学生实习实训基地':
      return `我公司可为贵校${spec}专业学生提供${e.subject}实习岗位 ${n(e.places, 10)} 个，配备师傅带教并发放实习补贴，希望建立长期实习合作。`;
    case '订单（定向）班':
      return `我公司希望与贵校合作开设${e.subject}订单班，规模约 ${n(e.places, 20)} 人，学生毕业考核合格后直接录用，请贵校评估可行性。`;
    case '企业新型学徒制':
      return `我公司今年新招录${e.subject} ${n(e.places, 10)} 名，计划开展企业新型学徒制培训，希望贵校${spec}专业承担理论教学，校企双导师共同培养。`;
    case '职工技能培训':
      return `我公司${e.subject}岗位约 ${n(e.places, 20)} 名职工需要技能提升培训，希望贵校提供理论和实操课程，培训可在企业车间进行。`;
    case '技能等级认定/培训评价':
      return `我公司在岗${e.subject} ${n(e.places, 20)} 人需要开展职业技能等级认定，希望与贵校合作组织培训和考核${rng.chance(0.5) ? '，考核工位可由企业提供' : ''}。`;
    case '教师企业实践':
      return `我公司可接收贵校${spec}专业教师来${e.subject}岗位实践，时长 ${rng.pick([2, 4, 8])} 周，安排技术人员指导，欢迎联系。`;
    default:
      return `我公司${e.subject}岗位与贵校${spec}专业对口，希望在“${type}”方面开展合作，期待与贵校进一步沟通。`;
  }
}

/** Why the receiving side declines, by its kind. */
export function declineReason(rng: Rng, receiver: 'school' | 'enterprise'): string {
  return receiver === 'enterprise'
    ? rng.pick([
        '岗位需求已满足',
        '岗位需求已满足',
        '专业方向不匹配',
        '今年招聘计划已完成，明年再议',
        '距离较远，暂不考虑',
      ])
    : rng.pick([
        '专业方向不匹配',
        '专业方向不匹配',
        '该专业学生已安排其他企业实习',
        '学生人数不足，暂时无法满足',
        '距离较远，学生和家长顾虑较多',
      ]);
}

/** 1–3 messages after an accepted intent: [author is the initiator?, text]. */
export function followUp(rng: Rng, receiver: 'school' | 'enterprise'): [boolean, string][] {
  const place =
    receiver === 'enterprise'
      ? rng.pick(['到厂参观交流', '到公司人力资源部面谈'])
      : rng.pick(['到学校教务处面谈', '到学校实训中心参观交流']);
  const day = rng.pick(['下周二上午', '下周三下午', '本周五上午', '下周一下午']);
  const all: [boolean, string][] = [
    [true, `感谢贵单位接受对接！我们想安排人员${place}，请问${day}是否方便？`],
    [false, `${day}可以，届时由${receiver === 'enterprise' ? '人事部负责人' : '专业部主任'}接待，具体地址见单位信息。`],
    [
      true,
      rng.pick([
        '好的，我们届时准时到达，谢谢！',
        '收到，我们会带上合作方案初稿，当面再细谈。',
        '好的，到时电话联系。',
      ]),
    ],
  ];
  return all.slice(0, rng.int(1, 3));
}

export const OUTCOME_NOTES = {
  intent: [
    '双方就学生跟岗实习达成初步意向，约定下月到企业实地考察。',
    '企业有意接收 2026 届毕业生，学校将推荐学生参加企业面试。',
    '双方初步商定开展教师企业实践，具体人数会后确定。',
    '企业愿意提供实训设备支持，双方将进一步商谈共建实训室。',
  ],
  agreement_to_sign: [
    '双方拟签订订单班合作协议，计划 2026 年春季开班。',
    '拟签订学生实习实训基地共建协议，企业提供实习岗位 20 个。',
    '双方拟签订企业新型学徒制合作协议，首批学徒 15 人。',
  ],
  no_deal: [
    '企业岗位要求高级工以上，学校暂无对应层次毕业生。',
    '双方距离较远，学生实习食宿难以安排，暂不开展合作。',
    '企业今年招聘计划已满，约定明年再议。',
    '专业方向与企业岗位差异较大，暂无合作空间。',
  ],
} as const;
