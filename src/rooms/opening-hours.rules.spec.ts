import { openingHoursErrors, WeeklyInterval } from './opening-hours.rules';

const fields = (intervals: WeeklyInterval[]) =>
  openingHoursErrors(intervals).map((error) => `${error.field} ${error.messageKey}`);

describe('opening hours rules', () => {
  it('accepts several intervals a day, touching ones and a day that ends at midnight', () => {
    expect(
      fields([
        { weekday: 1, opens: '09:00', closes: '13:00' },
        { weekday: 1, opens: '13:00', closes: '17:00' },
        { weekday: 1, opens: '18:00', closes: '24:00' },
        { weekday: 2, opens: '00:00', closes: '02:00' },
        { weekday: 2, opens: '09:00', closes: '13:00' },
      ]),
    ).toEqual([]);
  });

  it('accepts no opening hours at all', () => {
    expect(fields([])).toEqual([]);
  });

  it('refuses an interval that closes when or before it opens', () => {
    expect(
      fields([
        { weekday: 3, opens: '09:00', closes: '09:00' },
        { weekday: 3, opens: '10:00', closes: '11:00' },
        { weekday: 3, opens: '22:00', closes: '02:00' },
      ]),
    ).toEqual(['[0].closes validation.endsAfterStart', '[2].closes validation.endsAfterStart']);
  });

  it('names the later of two overlapping intervals of one day', () => {
    expect(
      fields([
        { weekday: 5, opens: '12:00', closes: '15:00' },
        { weekday: 5, opens: '09:00', closes: '13:00' },
        { weekday: 4, opens: '12:00', closes: '15:00' },
      ]),
    ).toEqual(['[1].opens validation.overlaps']);
  });

  it('finds an overlap with a long interval that earlier short ones do not reveal', () => {
    expect(
      fields([
        { weekday: 1, opens: '08:00', closes: '20:00' },
        { weekday: 1, opens: '09:00', closes: '10:00' },
        { weekday: 1, opens: '12:00', closes: '13:00' },
        { weekday: 2, opens: '12:00', closes: '13:00' },
      ]),
    ).toEqual(['[1].opens validation.overlaps', '[2].opens validation.overlaps']);
  });

  it('sees an identical interval given twice as an overlap', () => {
    expect(
      fields([
        { weekday: 7, opens: '10:00', closes: '12:00' },
        { weekday: 7, opens: '10:00', closes: '12:00' },
      ]),
    ).toEqual(['[1].opens validation.overlaps']);
  });
});
