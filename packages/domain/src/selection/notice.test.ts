import { describe, expect, it } from 'vitest';
import {
  beijingDate,
  checkNoticePeriod,
  checkObjectionWindow,
  checkPublish,
  checkResolution,
  inNoticePeriod,
} from './notice';

describe('Beijing dates', () => {
  it('turns an instant into the calendar day in Beijing (UTC+8)', () => {
    expect(beijingDate(Date.parse('2025-11-09T15:59:59Z'))).toBe('2025-11-09');
    expect(beijingDate(Date.parse('2025-11-09T16:00:00Z'))).toBe('2025-11-10');
    expect(beijingDate(new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
  });
});

describe('objections', () => {
  const notice = { from: '2025-11-03', to: '2025-11-09' };
  it('are accepted from the first to the last day of the notice, both included', () => {
    for (const d of ['2025-11-03', '2025-11-06', '2025-11-09'])
      expect(checkObjectionWindow(d, notice)).toEqual({ ok: true });
    expect(inNoticePeriod('2025-11-09', notice.from, notice.to)).toBe(true);
  });

  it('are refused before and after, and when no notice is set, with the agreed message', () => {
    for (const d of ['2025-11-02', '2025-11-10']) {
      const r = checkObjectionWindow(d, notice);
      expect(r).toMatchObject({ ok: false, code: 'outside_notice_period' });
      expect(!r.ok && r.message).toBe('不在公示期内，不受理异议（公示期为 2025-11-03 至 2025-11-09）');
    }
    expect(checkObjectionWindow('2025-11-05', { from: null, to: null })).toEqual({
      ok: false,
      code: 'outside_notice_period',
      message: '不在公示期内，不受理异议',
    });
  });

  it('are each resolved once, upheld or dismissed, with a reason', () => {
    expect(checkResolution('open', 'dismissed', '经核实，材料真实')).toEqual({ ok: true });
    expect(checkResolution('open', 'upheld', '')).toMatchObject({ ok: false, message: '请填写处理理由' });
    expect(checkResolution('open', 'maybe', '理由充分')).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(checkResolution('upheld', 'dismissed', '再次处理')).toMatchObject({ ok: false, code: 'illegal_transition' });
  });
});

describe('the notice period and publishing', () => {
  it('a notice needs valid dates in order, not starting in the past', () => {
    expect(checkNoticePeriod('2025-11-01', '2025-11-03', '2025-11-09')).toEqual({ ok: true });
    expect(checkNoticePeriod('2025-11-01', '2025-11-01', '2025-11-01')).toEqual({ ok: true });
    expect(checkNoticePeriod('2025-11-01', '2025-11-09', '2025-11-03')).toMatchObject({
      ok: false,
      message: '公示结束日期不能早于开始日期',
    });
    expect(checkNoticePeriod('2025-11-05', '2025-11-03', '2025-11-09')).toMatchObject({
      ok: false,
      message: '公示开始日期不能早于今天（2025-11-05）',
    });
    expect(checkNoticePeriod('2025-11-01', '2025-02-30', '2025-03-09')).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
  });

  it('publishing waits for the day after the notice ends', () => {
    expect(checkPublish('2025-11-09', '2025-11-09', 0)).toMatchObject({ ok: false, code: 'notice_not_over' });
    expect(checkPublish('2025-11-10', '2025-11-09', 0)).toEqual({ ok: true });
    expect(checkPublish('2025-11-10', null, 0)).toMatchObject({ ok: false, code: 'notice_not_over' });
  });

  it('publishing waits until every objection is resolved', () => {
    const r = checkPublish('2025-11-10', '2025-11-09', 2);
    expect(r).toMatchObject({ ok: false, code: 'objections_open' });
    expect(!r.ok && r.message).toBe('还有 2 条异议未处理，全部处理后才能发布遴选结果');
  });
});
