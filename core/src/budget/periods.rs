//! Calendar periods of a budget: weekly (starting on any weekday, across year boundaries),
//! monthly (true month ends, February 29 in leap years), quarterly, yearly, or one custom
//! range. Every period is a closed range of civil dates; no time zone or DST is involved, so a
//! period is the same everywhere.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The period type of a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Period {
    /// Seven days starting on `week_start`.
    Weekly {
        /// First day of each week.
        week_start: Weekday,
    },
    /// Calendar months.
    Monthly,
    /// Calendar quarters (January, April, July, October).
    Quarterly,
    /// Calendar years.
    Yearly,
    /// One range of days, both inclusive.
    Custom {
        /// First day.
        start: NaiveDate,
        /// Last day.
        end: NaiveDate,
    },
}

/// One period: first and last day, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PeriodRange {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl PeriodRange {
    /// Number of days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// True when `date` is in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

fn month_range(year: i32, month: u32, months: u32) -> Option<PeriodRange> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
    Some(PeriodRange { start, end })
}

impl Period {
    /// Stable snake_case name of the period type.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Weekly { .. } => "weekly",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Yearly => "yearly",
            Self::Custom { .. } => "custom",
        }
    }

    /// The period containing `date` (`None` outside a custom range or past the calendar).
    ///
    /// # Examples
    ///
    /// ```
    /// use tally_core::budget::Period;
    /// use chrono::{NaiveDate, Weekday};
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let feb = Period::Monthly.containing(d(2028, 2, 10)).unwrap();
    /// assert_eq!((feb.start, feb.end), (d(2028, 2, 1), d(2028, 2, 29)));
    /// let week = Period::Weekly { week_start: Weekday::Mon }.containing(d(2027, 1, 1)).unwrap();
    /// assert_eq!((week.start, week.end), (d(2026, 12, 28), d(2027, 1, 3)));
    /// ```
    pub fn containing(&self, date: NaiveDate) -> Option<PeriodRange> {
        match *self {
            Self::Weekly { week_start } => {
                let back = (date.weekday().num_days_from_monday() + 7
                    - week_start.num_days_from_monday())
                    % 7;
                let start = date.checked_sub_days(Days::new(u64::from(back)))?;
                let end = start.checked_add_days(Days::new(6))?;
                Some(PeriodRange { start, end })
            }
            Self::Monthly => month_range(date.year(), date.month(), 1),
            Self::Quarterly => month_range(date.year(), (date.month() - 1) / 3 * 3 + 1, 3),
            Self::Yearly => month_range(date.year(), 1, 12),
            Self::Custom { start, end } => {
                (start <= date && date <= end).then_some(PeriodRange { start, end })
            }
        }
    }

    /// The period after `range` (`None` for a custom range).
    pub fn next(&self, range: PeriodRange) -> Option<PeriodRange> {
        match self {
            Self::Custom { .. } => None,
            _ => self.containing(range.end.succ_opt()?),
        }
    }

    /// The period before `range` (`None` for a custom range).
    pub fn previous(&self, range: PeriodRange) -> Option<PeriodRange> {
        match self {
            Self::Custom { .. } => None,
            _ => self.containing(range.start.pred_opt()?),
        }
    }

    /// The first period of a budget starting on `start`.
    pub fn first(&self, start: NaiveDate) -> Option<PeriodRange> {
        match *self {
            Self::Custom { start, end } => Some(PeriodRange { start, end }),
            _ => self.containing(start),
        }
    }

    /// Every period of a budget starting on `start`, from the first through the one containing
    /// `until` (empty when `until` is before the first period or after a custom range).
    pub fn periods_through(&self, start: NaiveDate, until: NaiveDate) -> Vec<PeriodRange> {
        let mut out = Vec::new();
        let mut current = self.first(start);
        while let Some(range) = current {
            if range.start > until {
                break;
            }
            if let Self::Custom { .. } = self {
                if range.end < until {
                    break;
                }
            }
            out.push(range);
            current = self.next(range);
        }
        out
    }

    /// Checks the period's own fields.
    pub(crate) fn check(&self) -> Result<(), super::BudgetError> {
        if let Self::Custom { start, end } = self {
            if end < start {
                return Err(super::invalid("period.end", end, "before period.start"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn range(p: Period, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        let r = p.containing(date).expect("period");
        (r.start, r.end)
    }

    #[test]
    fn month_ends_and_leap_years() {
        assert_eq!(range(Period::Monthly, d(2028, 2, 29)), (d(2028, 2, 1), d(2028, 2, 29)));
        assert_eq!(range(Period::Monthly, d(2027, 2, 14)), (d(2027, 2, 1), d(2027, 2, 28)));
        assert_eq!(range(Period::Monthly, d(2026, 4, 30)), (d(2026, 4, 1), d(2026, 4, 30)));
        assert_eq!(range(Period::Monthly, d(2026, 12, 31)), (d(2026, 12, 1), d(2026, 12, 31)));
        let jan = Period::Monthly.containing(d(2028, 1, 31)).expect("jan");
        let feb = Period::Monthly.next(jan).expect("feb");
        assert_eq!((feb.start, feb.end, feb.days()), (d(2028, 2, 1), d(2028, 2, 29), 29));
        assert_eq!(Period::Monthly.previous(feb), Some(jan));
    }

    #[test]
    fn weeks_cross_year_boundaries() {
        let mon = Period::Weekly { week_start: Weekday::Mon };
        assert_eq!(range(mon, d(2026, 12, 31)), (d(2026, 12, 28), d(2027, 1, 3)));
        assert_eq!(range(mon, d(2027, 1, 3)), (d(2026, 12, 28), d(2027, 1, 3)));
        assert_eq!(range(mon, d(2027, 1, 4)), (d(2027, 1, 4), d(2027, 1, 10)));
        let sun = Period::Weekly { week_start: Weekday::Sun };
        assert_eq!(range(sun, d(2026, 1, 1)), (d(2025, 12, 28), d(2026, 1, 3)));
        // A leap day inside a week.
        assert_eq!(range(sun, d(2028, 2, 29)), (d(2028, 2, 27), d(2028, 3, 4)));
        let weeks = mon.periods_through(d(2026, 12, 20), d(2027, 1, 12));
        let starts: Vec<_> = weeks.iter().map(|w| w.start).collect();
        assert_eq!(
            starts,
            [d(2026, 12, 14), d(2026, 12, 21), d(2026, 12, 28), d(2027, 1, 4), d(2027, 1, 11)]
        );
        assert!(weeks.iter().all(|w| w.days() == 7));
    }

    #[test]
    fn quarters_years_and_custom() {
        assert_eq!(range(Period::Quarterly, d(2026, 5, 17)), (d(2026, 4, 1), d(2026, 6, 30)));
        assert_eq!(range(Period::Quarterly, d(2026, 12, 1)), (d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(range(Period::Yearly, d(2028, 7, 1)), (d(2028, 1, 1), d(2028, 12, 31)));
        let custom = Period::Custom { start: d(2026, 3, 10), end: d(2026, 4, 9) };
        assert_eq!(range(custom, d(2026, 3, 31)), (d(2026, 3, 10), d(2026, 4, 9)));
        assert_eq!(custom.containing(d(2026, 4, 10)), None);
        assert_eq!(custom.next(custom.first(d(2026, 3, 10)).expect("first")), None);
        assert_eq!(custom.periods_through(d(2026, 3, 10), d(2026, 3, 20)).len(), 1);
        assert!(custom.periods_through(d(2026, 3, 10), d(2026, 5, 1)).is_empty());
    }

    #[test]
    fn periods_are_contiguous_for_decades() {
        for p in [
            Period::Monthly,
            Period::Quarterly,
            Period::Yearly,
            Period::Weekly { week_start: Weekday::Wed },
        ] {
            let all = p.periods_through(d(1999, 11, 17), d(2031, 3, 2));
            assert!(all.first().expect("first").contains(d(1999, 11, 17)));
            assert!(all.last().expect("last").contains(d(2031, 3, 2)));
            for w in all.windows(2) {
                assert_eq!(w[0].end.succ_opt(), Some(w[1].start), "{p:?}");
            }
        }
    }
}
