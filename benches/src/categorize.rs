//! The categorization workload: 1,000 rules (mostly `contains` on the payee, some regex, amount
//! and memo conditions) and a deterministic stream of transactions whose descriptors look like
//! bank data, labeled for training. Every item is a pure function of the seed and its index.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use tally_categorize::{
    Action, AmountMatch, Condition, Features, LabeledExample, Rule, TextField, TextMatch,
};

/// Category of merchant `m` (40 categories).
fn category(m: u64) -> String {
    format!("Expenses:C{:02}", m % 40)
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Merchant names: two syllables from a fixed list, so descriptors look like words.
fn merchant(m: u64) -> String {
    const SYL: [&str; 32] = [
        "BLU", "MAR", "KET", "CAF", "ZEN", "TOR", "LUX", "NOR", "VIA", "PAN", "RIO", "SOL", "TEK",
        "BIO", "GRO", "FIT", "AIR", "SUN", "OAK", "PIX", "DOC", "MED", "CAR", "GAS", "BOX", "HUB",
        "NET", "JOY", "ART", "SKY", "ECO", "MAX",
    ];
    let a = SYL[usize::try_from(m % 32).unwrap_or(0)];
    let b = SYL[usize::try_from((m / 32) % 32).unwrap_or(0)];
    format!("{a}{b} STORE {}", m / 1024)
}

/// `n` rules: 90% `contains` on the payee, then regex, memo and amount conditions.
pub fn rules(n: usize) -> Vec<Rule> {
    (0..n)
        .map(|i| {
            let m = i as u64 * 7;
            let id = i64::try_from(i).unwrap_or(0);
            let condition = match i % 10 {
                9 if i % 20 == 9 => Condition::text(
                    TextField::Payee,
                    TextMatch::Regex(format!(
                        "^{}\\b",
                        merchant(m).split(' ').next().unwrap_or("X")
                    )),
                ),
                9 => Condition::all(vec![
                    Condition::memo_contains(format!("REF{i}")),
                    Condition::amount(AmountMatch::Greater { value: Decimal::from(100) }),
                ]),
                _ => Condition::payee_contains(merchant(m)),
            };
            Rule::new(id, format!("rule {i}"), condition, vec![Action::SetCategory(category(m))])
        })
        .collect()
}

/// Transaction `i` of the stream: a descriptor of one of 3,000 merchants with a store number
/// and a processor prefix now and then.
pub fn transaction(i: u64, seed: u64) -> (Features, String) {
    let r = mix(seed ^ i);
    let m = r % 3000;
    let prefix =
        ["", "SQ *", "POS DEBIT ", "PAYPAL *"][usize::try_from((r >> 12) % 4).unwrap_or(0)];
    let payee = format!("{prefix}{} #{}", merchant(m), (r >> 20) % 900 + 100);
    let cents = i64::try_from((r >> 32) % 20_000 + 100).unwrap_or(100);
    let day = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default() + Days::new((r >> 40) % 1095);
    let account = ["Checking", "Visa", "Amex"][usize::try_from((r >> 50) % 3).unwrap_or(0)];
    let features = Features::new(payee, Decimal::new(-cents, 2), account, day)
        .with_memo(format!("REF{}", (r >> 16) % 2000));
    (features, category(m))
}

/// `n` transactions of the stream.
pub fn transactions(n: usize, seed: u64) -> Vec<Features> {
    (0..n as u64).map(|i| transaction(i, seed).0).collect()
}

/// `n` labeled transactions of the stream.
pub fn labeled(n: usize, seed: u64) -> Vec<LabeledExample> {
    (0..n as u64)
        .map(|i| {
            let (f, c) = transaction(i, seed);
            LabeledExample::new(f, c)
        })
        .collect()
}
