//! Rates of return: the money-weighted return (XIRR on dated cash flows), the time-weighted
//! return chained across external flows, and the simple return, annualized over periods
//! longer than a year.
//!
//! A rate of return is the root of a polynomial in `1 + r` with real exponents: no exact
//! decimal method finds it, so this module (and only this one) computes in `f64`. Money enters
//! as `Decimal` and is converted here; what leaves is a rate, never an amount.
//!
//! XIRR: the flows are summed per day first (exact for the polynomial, and what makes a
//! million flows cheap), year fractions counted from the earliest day, then Newton's method
//! from 10 %, and when Newton fails (a step out of `r > -1`, no convergence in 50 steps, a
//! rate where XNPV is not zero) Brent's method on `(-1, 100]`, then Newton from a climbing
//! series of guesses. That is the order pyxirr searches in, so where a polynomial has several
//! roots both return the same one (its samples are matched to 1e-9); with none, the answer is
//! "no solution", never a number.
#![allow(clippy::float_arithmetic)] // solving for a rate needs floats; amounts stay Decimal outside

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How the time between two dates counts as a fraction of a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// Actual days / 365 (Excel's XIRR; the default).
    #[default]
    Act365F,
    /// Actual days / 360.
    Act360,
    /// Actual days, split by calendar year, / 365 or 366.
    ActActIsda,
    /// 30/360 ISDA (bond basis).
    Thirty360Isda,
    /// 30E/360 (eurobond basis).
    Thirty360E,
    /// 30/360 SIA (US, with the end-of-February rule).
    Thirty360Sia,
}

impl DayCount {
    /// Every convention.
    pub const ALL: [Self; 6] = [
        Self::Act365F,
        Self::Act360,
        Self::ActActIsda,
        Self::Thirty360Isda,
        Self::Thirty360E,
        Self::Thirty360Sia,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Act365F => "act_365f",
            Self::Act360 => "act_360",
            Self::ActActIsda => "act_act_isda",
            Self::Thirty360Isda => "thirty_360_isda",
            Self::Thirty360E => "thirty_360e",
            Self::Thirty360Sia => "thirty_360_sia",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }

    /// The year fraction from `start` to `end` (negative when `end` is before `start`).
    pub fn year_fraction(self, start: NaiveDate, end: NaiveDate) -> f64 {
        if end < start {
            return -self.year_fraction(end, start);
        }
        let days = (end - start).num_days() as f64;
        match self {
            Self::Act365F => days / 365.0,
            Self::Act360 => days / 360.0,
            Self::ActActIsda => {
                let mut total = 0.0;
                let mut from = start;
                while from.year() < end.year() {
                    let next = NaiveDate::from_ymd_opt(from.year() + 1, 1, 1).unwrap_or(end);
                    total += (next - from).num_days() as f64 / year_days(from.year());
                    from = next;
                }
                total + (end - from).num_days() as f64 / year_days(end.year())
            }
            Self::Thirty360Isda | Self::Thirty360E | Self::Thirty360Sia => {
                let (y1, m1, mut d1) = (start.year(), start.month(), start.day());
                let (y2, m2, mut d2) = (end.year(), end.month(), end.day());
                match self {
                    Self::Thirty360E => {
                        d1 = d1.min(30);
                        d2 = d2.min(30);
                    }
                    Self::Thirty360Sia => {
                        let feb_end = |d: NaiveDate| {
                            d.month() == 2 && d.succ_opt().is_some_and(|n| n.month() == 3)
                        };
                        if feb_end(start) && feb_end(end) {
                            d2 = 30;
                        }
                        if feb_end(start) {
                            d1 = 30;
                        }
                        if d2 == 31 && d1 >= 30 {
                            d2 = 30;
                        }
                        d1 = d1.min(30);
                    }
                    _ => {
                        d1 = d1.min(30);
                        if d2 == 31 && d1 == 30 {
                            d2 = 30;
                        }
                    }
                }
                let n = 360 * (y2 - y1) + 30 * (m2 as i32 - m1 as i32) + (d2 as i32 - d1 as i32);
                f64::from(n) / 360.0
            }
        }
    }
}

fn year_days(year: i32) -> f64 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366.0
    } else {
        365.0
    }
}

/// Flows summed per day as (year fraction from the first day, amount).
struct Terms {
    t: Vec<f64>,
    a: Vec<f64>,
}

impl Terms {
    fn new(dates: &[NaiveDate], amounts: &[f64], dc: DayCount) -> Option<Self> {
        // Year fractions count from the earliest flow (as pyxirr does): the roots do not
        // depend on it, but the path Newton's method takes does.
        let first = *dates.iter().min()?;
        let reference = first;
        let last = *dates.iter().max()?;
        let span = usize::try_from((last - first).num_days()).ok()?;
        let mut t = Vec::new();
        let mut a = Vec::new();
        if dates.len() * 8 < span {
            // Few flows over a long span: sort them rather than fill a bucket per day.
            let mut pairs: Vec<(NaiveDate, f64)> =
                dates.iter().copied().zip(amounts.iter().copied()).collect();
            pairs.sort_unstable_by_key(|p| p.0);
            let mut i = 0;
            while i < pairs.len() {
                let day = pairs[i].0;
                let mut sum = 0.0;
                while i < pairs.len() && pairs[i].0 == day {
                    sum += pairs[i].1;
                    i += 1;
                }
                if sum != 0.0 {
                    t.push(dc.year_fraction(reference, day));
                    a.push(sum);
                }
            }
            return Some(Self { t, a });
        }
        let mut by_day = vec![0.0f64; span + 1];
        let mut used = vec![false; span + 1];
        let base = first.num_days_from_ce();
        for (d, x) in dates.iter().zip(amounts) {
            let at = usize::try_from(d.num_days_from_ce() - base).ok()?;
            by_day[at] += *x;
            used[at] = true;
        }
        for (i, (sum, u)) in by_day.into_iter().zip(used).enumerate() {
            if u && sum != 0.0 {
                let date = first + chrono::Days::new(i as u64);
                t.push(dc.year_fraction(reference, date));
                a.push(sum);
            }
        }
        Some(Self { t, a })
    }

    /// XNPV and its derivative at `r`.
    fn npv(&self, r: f64) -> (f64, f64) {
        let l = (1.0 + r).ln();
        let mut f = 0.0;
        let mut df = 0.0;
        for (t, a) in self.t.iter().zip(&self.a) {
            let v = a * (-t * l).exp();
            f += v;
            df -= t * v;
        }
        (f, df / (1.0 + r))
    }

    /// True when XNPV at `r` is zero to 1e-9 of the size of its discounted terms.
    fn is_root(&self, r: f64) -> bool {
        let l = (1.0 + r).ln();
        let (mut f, mut size) = (0.0, 0.0);
        for (t, a) in self.t.iter().zip(&self.a) {
            let v = a * (-t * l).exp();
            f += v;
            size += v.abs();
        }
        r > -1.0 && f.is_finite() && size.is_finite() && f.abs() <= 1e-9 * size
    }
}

/// The net present value at `rate` of flows on `dates` discounted to the first date given.
/// `None` for no flows or a rate at or below -100 %.
pub fn xnpv(rate: f64, dates: &[NaiveDate], amounts: &[f64], day_count: DayCount) -> Option<f64> {
    if rate <= -1.0 || dates.len() != amounts.len() {
        return None;
    }
    let first = *dates.first()?;
    Some(
        dates
            .iter()
            .zip(amounts)
            .map(|(d, a)| a / (1.0 + rate).powf(day_count.year_fraction(first, *d)))
            .sum(),
    )
}

/// The internal rate of return of dated flows (negative: paid in; positive: received), or
/// `None` when there is no solution (flows all of one sign, or no root in `(-1, 10^4]`).
///
/// # Examples
///
/// ```
/// use tally_core::portfolio::returns::{xirr, DayCount};
/// let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let r = xirr(&[d(2020, 1, 1), d(2021, 1, 1)], &[-100.0, 110.0], DayCount::Act365F).unwrap();
/// assert!((r - 0.09971).abs() < 1e-4); // 2020 has 366 days
/// assert!(xirr(&[d(2020, 1, 1), d(2021, 1, 1)], &[100.0, 110.0], DayCount::Act365F).is_none());
/// ```
pub fn xirr(dates: &[NaiveDate], amounts: &[f64], day_count: DayCount) -> Option<f64> {
    if dates.len() != amounts.len() || amounts.iter().any(|a| !a.is_finite()) {
        return None;
    }
    let terms = Terms::new(dates, amounts, day_count)?;
    if !terms.a.iter().any(|a| *a > 0.0) || !terms.a.iter().any(|a| *a < 0.0) {
        return None;
    }
    newton(&terms, 0.1)
        .filter(|r| good(&terms, *r) || terms.is_root(*r))
        .or_else(|| fallback(&terms))
}

/// Newton's method from `guess`: at most 50 steps, done when XNPV is below 1e-9 or a step is
/// below 1e-9 (the criteria of pyxirr, so that both land on the same root). A step to a rate
/// at or below -100 % fails.
fn newton(terms: &Terms, guess: f64) -> Option<f64> {
    let mut r = guess;
    for _ in 0..50 {
        let (f, df) = terms.npv(r);
        if !f.is_finite() || !df.is_finite() {
            return None;
        }
        if f.abs() < 1e-9 {
            return Some(r);
        }
        let step = f / df;
        if !step.is_finite() {
            return None;
        }
        let next = r - step;
        if next <= -1.0 {
            return None;
        }
        if step.abs() < 1e-9 {
            return Some(next);
        }
        r = next;
    }
    None
}

/// pyxirr's test of a rate: XNPV below 1e-3 there.
fn good(terms: &Terms, r: f64) -> bool {
    r > -1.0 && r.is_finite() && terms.npv(r).0.abs() < 1e-3
}

/// Where Newton from 10 % fails: Brent's method on `(-1, 100]` when XNPV differs in sign at
/// its ends, then Newton again from guesses climbing from -100 % to 100 % (steps of 0.01
/// growing by a tenth, at most 0.1); the first good rate wins. This is the order pyxirr
/// searches in, so both choose the same root where there are several.
fn fallback(terms: &Terms) -> Option<f64> {
    let f = |x: f64| terms.npv(x).0;
    let (a, b) = (-0.999_999_999_999_999, 100.0);
    let (fa, fb) = (f(a), f(b));
    // An end may be infinite (XNPV near -100 %): its sign still brackets a root.
    let bracketed = (!fa.is_nan() && !fb.is_nan() && (fa < 0.0) != (fb < 0.0))
        .then(|| brent(terms, a, b, fa, fb))
        .flatten();
    if let Some(r) = bracketed.filter(|r| good(terms, *r)) {
        return Some(r);
    }
    // The guesses pyxirr climbs through. Newton from them is costly (up to 50 steps each):
    // it runs only when XNPV changes sign between two of them, where a root is known to be.
    let mut guesses = Vec::with_capacity(40);
    let (mut guess, mut step) = (-0.999_999_999_999_99, 0.01);
    while guess < 1.0 {
        guesses.push(guess);
        guess += step;
        step = (step * 1.1_f64).min(0.1);
    }
    // Probes: the guesses, and rates approaching -100 % (where roots crowd).
    let mut probes: Vec<f64> = (1..=13).rev().map(|k| -1.0 + 10f64.powi(-k)).collect();
    probes.extend(guesses.iter().copied().filter(|g| *g > -0.9));
    let values: Vec<f64> = probes.iter().map(|g| f(*g)).collect();
    let sign_change =
        values.windows(2).any(|v| !v[0].is_nan() && !v[1].is_nan() && (v[0] < 0.0) != (v[1] < 0.0));
    if sign_change {
        for g in &guesses {
            if let Some(r) = newton(terms, *g).filter(|r| good(terms, *r)) {
                return Some(r);
            }
        }
    }
    // A root above 100 % a year (pyxirr stops at 100): Brent on (100, 10^9], where XNPV
    // tends to the flows of the first day.
    let far = 1e9;
    let ff = f(far);
    if !fb.is_nan() && !ff.is_nan() && (fb < 0.0) != (ff < 0.0) {
        if let Some(r) =
            brent(terms, b, far, fb, ff).filter(|r| good(terms, *r) || terms.is_root(*r))
        {
            return Some(r);
        }
    }
    // Flows so large that rounding alone exceeds 1e-3 (terms of 1e21 near -90 %): a bracketed
    // root is still one when XNPV is zero to 1e-9 of the size of its terms. pyxirr reports no
    // solution there.
    bracketed.filter(|r| terms.is_root(*r))
}

/// Brent's method on `[a, b]` where `f(a)` and `f(b)` differ in sign.
fn brent(terms: &Terms, mut a: f64, mut b: f64, mut fa: f64, mut fb: f64) -> Option<f64> {
    let f = |x: f64| terms.npv(x).0;
    if fa.abs() < fb.abs() {
        std::mem::swap(&mut a, &mut b);
        std::mem::swap(&mut fa, &mut fb);
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut bisected = true;
    for _ in 0..300 {
        if fb == 0.0 || (b - a).abs() <= 1e-15 * (1.0 + b.abs()) {
            return Some(b);
        }
        let mut s = if fa != fc && fb != fc {
            a * fb * fc / ((fa - fb) * (fa - fc))
                + b * fa * fc / ((fb - fa) * (fb - fc))
                + c * fa * fb / ((fc - fa) * (fc - fb))
        } else {
            b - fb * (b - a) / (fb - fa)
        };
        let lo = (3.0 * a + b) / 4.0;
        let out = !((s > lo.min(b)) && (s < lo.max(b)));
        if out
            || (bisected && (s - b).abs() >= (b - c).abs() / 2.0)
            || (!bisected && (s - b).abs() >= (c - d).abs() / 2.0)
        {
            s = (a + b) / 2.0;
            bisected = true;
        } else {
            bisected = false;
        }
        let fs = f(s);
        d = c;
        c = b;
        fc = fb;
        if (fa < 0.0) != (fs < 0.0) {
            b = s;
            fb = fs;
        } else {
            a = s;
            fa = fs;
        }
        if fa.abs() < fb.abs() {
            std::mem::swap(&mut a, &mut b);
            std::mem::swap(&mut fa, &mut fb);
        }
    }
    Some(b)
}

/// A dated amount for the Decimal API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashFlow {
    /// Date.
    pub date: NaiveDate,
    /// Amount: negative paid in, positive received.
    pub amount: Decimal,
}

/// XIRR of Decimal flows as a Decimal rate rounded to 12 places, `None` for no solution.
pub fn xirr_decimal(flows: &[CashFlow], day_count: DayCount) -> Option<Decimal> {
    let dates: Vec<NaiveDate> = flows.iter().map(|f| f.date).collect();
    let amounts: Vec<f64> = flows.iter().map(|f| f.amount.to_f64().unwrap_or(f64::NAN)).collect();
    xirr(&dates, &amounts, day_count).and_then(rate_to_decimal)
}

/// A rate as a Decimal rounded to 12 places.
pub fn rate_to_decimal(rate: f64) -> Option<Decimal> {
    Decimal::from_f64_retain(rate).map(|d| d.round_dp(12))
}

/// `(1 + r)^(365 / days) - 1`: a period return as a yearly one (only for `days > 365`; the
/// return itself otherwise).
pub fn annualize(period_return: Decimal, days: i64) -> Option<Decimal> {
    if days <= 365 {
        return Some(period_return);
    }
    let r = period_return.to_f64()?;
    if r <= -1.0 {
        return Some(Decimal::NEGATIVE_ONE);
    }
    rate_to_decimal((1.0 + r).powf(365.0 / days as f64) - 1.0)
}

/// One sub-period of a time-weighted return: the value at its start (after that day's flow)
/// and at its end (before the next flow is added).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubPeriod {
    /// Value at the start.
    pub start_value: Decimal,
    /// Value at the end, before the flow that closes the sub-period.
    pub end_value: Decimal,
}

/// The time-weighted return of chained sub-periods: `prod(end / start) - 1`, skipping
/// sub-periods that start from nothing. `None` when no sub-period has a value to grow.
pub fn time_weighted(periods: &[SubPeriod]) -> Option<Decimal> {
    let mut growth = Decimal::ONE;
    let mut any = false;
    for p in periods {
        if p.start_value <= Decimal::ZERO {
            continue;
        }
        let ratio = p.end_value.checked_div(p.start_value)?;
        growth = growth.checked_mul(ratio)?;
        any = true;
    }
    any.then(|| (growth - Decimal::ONE).round_dp(12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
    }

    #[test]
    fn time_weighted_chains_sub_periods() {
        // +10 %, then a deposit, then -5 %.
        let p = [
            SubPeriod { start_value: dec!(1000), end_value: dec!(1100) },
            SubPeriod { start_value: dec!(2100), end_value: dec!(1995) },
        ];
        assert_eq!(time_weighted(&p), Some(dec!(0.045)));
        assert_eq!(time_weighted(&[SubPeriod { start_value: dec!(0), end_value: dec!(5) }]), None);
    }

    #[test]
    fn annualized_only_past_a_year() {
        assert_eq!(annualize(dec!(0.1), 200), Some(dec!(0.1)));
        let two_years = annualize(dec!(0.21), 730).unwrap_or_default();
        assert!((two_years - dec!(0.1)).abs() < dec!(0.000000001), "{two_years}");
    }

    #[test]
    fn day_counts() {
        assert_eq!(
            DayCount::Thirty360Isda.year_fraction(d(2007, 1, 31), d(2007, 3, 31)),
            60.0 / 360.0
        );
        let isda = DayCount::ActActIsda.year_fraction(d(2007, 12, 1), d(2008, 2, 1));
        assert!((isda - (31.0 / 365.0 + 31.0 / 366.0)).abs() < 1e-15);
    }
}
