import { describe, expect, it } from 'vitest';
import {
  cacheLifetimeSeconds,
  DEFAULT_SCHEDULE_BOUNDS,
  itemsPerDayFromDates,
  nextIntervalAfterFailure,
  nextIntervalAfterSuccess,
} from './schedule.js';

const now = new Date('2026-11-29T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);
const noJitter = () => 0.5;

describe('itemsPerDayFromDates', () => {
  it('estimates the pace from the spread of publication dates', () => {
    // 9 gaps over 3 hours: 72 a day.
    expect(itemsPerDayFromDates([0, 0.3, 0.6, 1, 1.3, 1.6, 2, 2.3, 2.6, 3].map(hoursAgo), now)).toBeCloseTo(72);
    // Two items a week apart.
    expect(itemsPerDayFromDates([hoursAgo(0), hoursAgo(7 * 24)], now)).toBeCloseTo(1 / 7);
  });

  it('needs two recent dated items', () => {
    expect(itemsPerDayFromDates([hoursAgo(1), null], now)).toBeNull();
    expect(itemsPerDayFromDates([hoursAgo(1), hoursAgo(24 * 400)], now)).toBeNull();
  });

  it('reads future dates as now', () => {
    expect(itemsPerDayFromDates([new Date('2027-01-01'), hoursAgo(24)], now)).toBeCloseTo(1);
  });
});

describe('nextIntervalAfterSuccess', () => {
  const next = (itemsPerDay: number | null, lowerBoundSeconds: number | null = null) =>
    nextIntervalAfterSuccess({ itemsPerDay, defaultSeconds: 1800, lowerBoundSeconds, random: noJitter });

  it('polls about once per expected new item, within the bounds', () => {
    expect(next(48)).toBe(1800);
    expect(next(10_000)).toBe(DEFAULT_SCHEDULE_BOUNDS.minSeconds);
    expect(next(0.1)).toBe(DEFAULT_SCHEDULE_BOUNDS.maxSeconds);
    expect(next(0)).toBe(DEFAULT_SCHEDULE_BOUNDS.maxSeconds);
  });

  it('uses the default when the pace is unknown', () => {
    expect(next(null)).toBe(1800);
  });

  it('never polls earlier than the feed or server asked, nor later than the maximum', () => {
    expect(next(10_000, 3600)).toBe(3600);
    expect(next(10_000, 10 * 24 * 3600)).toBe(DEFAULT_SCHEDULE_BOUNDS.maxSeconds);
  });

  it('spreads feeds with ±10% jitter', () => {
    const low = nextIntervalAfterSuccess({ itemsPerDay: 48, defaultSeconds: 1800, lowerBoundSeconds: null, random: () => 0 });
    const high = nextIntervalAfterSuccess({ itemsPerDay: 48, defaultSeconds: 1800, lowerBoundSeconds: null, random: () => 1 });
    expect([low, high]).toEqual([1620, 1980]);
  });
});

describe('nextIntervalAfterFailure', () => {
  const next = (consecutiveFailures: number, retryAfterSeconds: number | null = null) =>
    nextIntervalAfterFailure({ consecutiveFailures, retryAfterSeconds, random: noJitter });

  it('backs off exponentially up to the maximum, and never gives up', () => {
    expect([1, 2, 3, 4].map((failures) => next(failures))).toEqual([300, 600, 1200, 2400]);
    expect(next(9)).toBe(300 * 2 ** 8);
    expect(next(10)).toBe(24 * 3600);
    expect(next(1000)).toBe(24 * 3600);
  });

  it('honours Retry-After', () => {
    expect(next(1, 7200)).toBe(7200);
  });
});

describe('cacheLifetimeSeconds', () => {
  it.each([
    [{ 'cache-control': 'public, max-age=600' }, 600],
    [{ 'cache-control': 'max-age=60, s-maxage=900' }, 60],
    [{ 'cache-control': 'no-cache, max-age=600' }, null],
    [{ expires: 'Sun, 29 Nov 2026 13:00:00 GMT', date: 'Sun, 29 Nov 2026 12:00:00 GMT' }, 3600],
    [{ expires: 'Sun, 29 Nov 2026 12:30:00 GMT' }, 1800],
    [{ expires: '0' }, null],
    [{}, null],
  ])('%j → %s', (headers, expected) => {
    expect(cacheLifetimeSeconds(headers, now)).toBe(expected);
  });
});
