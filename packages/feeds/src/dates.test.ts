import { describe, expect, it } from 'vitest';
import { parseFeedDate } from './dates.js';

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 03 Nov 2026 08:00:00 +0100', '2026-11-03T07:00:00Z'],
    ['Tue, 3 Nov 2026 08:00:00 GMT', '2026-11-03T08:00:00Z'],
    ['Tue, 03 Nov 26 08:00 EST', '2026-11-03T13:00:00Z'],
    ['tuesday, 03-Nov-2026 08:00:00 CEST', '2026-11-03T06:00:00Z'],
    ['03 Nov 2026 08:00:00 +01:00', '2026-11-03T07:00:00Z'],
    ['Nov 3, 2026 8:00 PM', '2026-11-03T20:00:00Z'],
    ['2026-11-03T08:00:00Z', '2026-11-03T08:00:00Z'],
    ['2026-11-03T08:00:00.123+05:30', '2026-11-03T02:30:00Z'],
    ['2026-11-03 08:00:00', '2026-11-03T08:00:00Z'],
    ['2026-11-03', '2026-11-03T00:00:00Z'],
    ['2026-11', '2026-11-01T00:00:00Z'],
    ['20261103T080000Z', '2026-11-03T08:00:00Z'],
  ])('%s', (input, expected) => {
    expect(parseFeedDate(input)?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('returns null for text that is not a date', () => {
    expect(parseFeedDate('hier soir')).toBeNull();
    expect(parseFeedDate('')).toBeNull();
    expect(parseFeedDate('2026-13-45')).toBeNull();
  });
});
