//! The accuracy command: `cargo run -p tally-categorize --release --example accuracy`.
//!
//! 1. smart_importer's four regression sets (../shared/data/smart_importer): train on
//!    `# TRAINING`, categorize `# INPUT`, compare with `# EXPECTED`.
//! 2. Book histories split by date (train on the older 70%, test on the newer 30%) through the
//!    whole pipeline (payee memory + classifier at threshold 0.8), side by side with a linear
//!    SVM on word n-grams (smart_importer's method, linfa-svm, one-vs-all) on the same split.
//!    No file of ../shared/data has a labeled history big enough (the largest, monzo.qif, has
//!    12 categorized rows), so two documented sets are used: Mercury's 674 real descriptors
//!    labeled by merchant, and a seeded synthetic household history. See categorize/README.md.
// The evaluation prints shares and compares scores: floats are the measurement here.
#![allow(clippy::float_arithmetic)]

#[path = "../tests/common/data.rs"]
mod data;

use chrono::{DateTime, Days, NaiveDate, Utc};
use data::{read_beancount_set, read_ofx, shared};
use linfa::composing::MultiClassModel;
use linfa::prelude::*;
use linfa_svm::Svm;
use ndarray::{Array1, Array2};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use tally_categorize::{
    normalize_payee, Categorizer, Features, LabeledExample, Locks, Model, PayeeMemory, RuleSet,
    TrainOptions,
};

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
}

/// The training options: the defaults, or with the fields of the JSON object in
/// `TALLY_TRAIN_OPTIONS` replaced (e.g. `{"hash_bits": 11, "refit": true}`), to compare.
fn options() -> TrainOptions {
    let Ok(text) = std::env::var("TALLY_TRAIN_OPTIONS") else {
        return TrainOptions::default();
    };
    let mut value = serde_json::to_value(TrainOptions::default()).expect("options to JSON");
    let changes: serde_json::Value = serde_json::from_str(&text).expect("TALLY_TRAIN_OPTIONS");
    if let (Some(base), Some(changes)) = (value.as_object_mut(), changes.as_object()) {
        base.extend(changes.clone());
    }
    serde_json::from_value(value).expect("TALLY_TRAIN_OPTIONS fields")
}

/// A categorizer trained on `train`: payee memory of every example and a model.
fn pipeline(train: &[LabeledExample]) -> Categorizer {
    let mut memory = PayeeMemory::new();
    for e in train {
        memory.add(&e.features.normalized_payee(), &e.category, 1);
    }
    let model = Model::train(train, &options(), now()).expect("train");
    let rules = RuleSet::compile(&[], RoundingStrategy::MidpointNearestEven).expect("rules");
    Categorizer::new(rules, memory).with_book_model(Some(model))
}

/// smart_importer's sets: every INPUT transaction gets its EXPECTED category as the pipeline's
/// category or, below the threshold, as its top suggestion. Returns (right, total).
pub fn smart_importer() -> (usize, usize) {
    let mut all_right = 0;
    let mut all_total = 0;
    for name in ["simple", "single-account", "multiaccounts", "chinese"] {
        let set =
            read_beancount_set(&shared(&format!("smart_importer/tests/data/{name}.beancount")));
        let examples: Vec<LabeledExample> = set
            .training
            .iter()
            .filter_map(|t| {
                let (account, amount) = t.funded.first()?;
                let f = Features::new(&t.payee, *amount, account, t.date).with_memo(&t.narration);
                Some(LabeledExample::new(f, t.open.first()?.clone()))
            })
            .collect();
        let categorizer = pipeline(&examples);
        let (mut right, mut applied) = (0, 0);
        for (input, expected) in set.input.iter().zip(&set.expected) {
            let (account, amount) = input.funded.first().expect("funded posting");
            let f = Features::new(&input.payee, *amount, account, input.date)
                .with_memo(&input.narration);
            let decision = categorizer.decide(&f, Locks::default());
            let top = decision
                .category
                .clone()
                .or_else(|| decision.suggestions.first().map(|s| s.category.clone()));
            if decision.category.is_some() {
                applied += 1;
            }
            if top.as_ref() == expected.open.first() {
                right += 1;
            }
        }
        println!(
            "  {name:15} {right}/{} expected categories reproduced ({applied} applied, {} to review with the expected one on top)",
            set.input.len(),
            set.input.len() - applied
        );
        all_right += right;
        all_total += set.input.len();
    }
    (all_right, all_total)
}

/// Word unigrams and bigrams of payee and memo plus the account, hashed (smart_importer's
/// features for its SVM).
fn word_ngrams(f: &Features, dims: usize) -> Vec<usize> {
    let text = format!("{} {}", f.payee, f.memo).to_lowercase();
    let words: Vec<&str> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut grams: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    grams.extend(words.windows(2).map(|w| format!("{} {}", w[0], w[1])));
    grams.push(format!("account={}", f.account));
    grams
        .iter()
        .map(|g| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in g.bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            usize::try_from(h % dims as u64).unwrap_or(0)
        })
        .collect()
}

fn svm_matrix(examples: &[LabeledExample], dims: usize) -> Array2<f64> {
    let mut x = Array2::<f64>::zeros((examples.len(), dims));
    for (r, e) in examples.iter().enumerate() {
        let grams = word_ngrams(&e.features, dims);
        let norm = (grams.len() as f64).sqrt().max(1.0);
        for g in grams {
            x[[r, g]] += 1.0 / norm;
        }
    }
    x
}

/// Accuracy of a one-vs-all linear SVM trained on `train`, tested on `test`.
fn svm_accuracy(train: &[LabeledExample], test: &[LabeledExample]) -> f64 {
    let dims = 1 << 11;
    let mut classes: Vec<&str> = train.iter().map(|e| e.category.as_str()).collect();
    classes.sort_unstable();
    classes.dedup();
    let index: HashMap<&str, usize> = classes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let targets: Array1<usize> = train.iter().map(|e| index[e.category.as_str()]).collect();
    let dataset = Dataset::new(svm_matrix(train, dims), targets);
    let params = Svm::<f64, Pr>::params().linear_kernel().pos_neg_weights(1.0, 1.0);
    let model: MultiClassModel<Array2<f64>, usize> = dataset
        .one_vs_all()
        .expect("one vs all")
        .into_iter()
        .map(|(label, view)| (label, params.fit(&view).expect("svm")))
        .collect();
    let predicted: Array1<usize> = model.predict(&svm_matrix(test, dims));
    let right = predicted
        .iter()
        .zip(test)
        .filter(|(p, e)| classes.get(**p).copied() == Some(e.category.as_str()))
        .count();
    right as f64 / test.len() as f64
}

/// Splits by date (older 70% / newer 30%), runs the pipeline and the SVM, prints a row.
fn evaluate(name: &str, mut examples: Vec<LabeledExample>) {
    examples.sort_by_key(|e| e.features.date);
    let cut = examples.len() * 7 / 10;
    let (train, test) = examples.split_at(cut);
    let start = std::time::Instant::now();
    let categorizer = pipeline(train);
    let trained = start.elapsed();
    let (mut applied, mut applied_right, mut top_right, mut by_memory) = (0, 0, 0, 0);
    for e in test {
        let d = categorizer.decide(&e.features, Locks::default());
        if let Some(c) = &d.category {
            applied += 1;
            if *c == e.category {
                applied_right += 1;
            }
            if d.decided_by == tally_categorize::DecidedBy::PayeeMemory {
                by_memory += 1;
            }
        }
        let top = d.category.clone().or_else(|| d.suggestions.first().map(|s| s.category.clone()));
        if top.as_deref() == Some(e.category.as_str()) {
            top_right += 1;
        }
        if std::env::var_os("TALLY_SHOW").is_some()
            && (d.category.is_none() || top.as_deref() != Some(e.category.as_str()))
        {
            println!(
                "    {} {:40} {:>10} want {:22} got {:?} {:?}",
                if d.category.is_some() { "WRONG " } else { "review" },
                e.features.payee,
                e.features.amount,
                e.category,
                top,
                d.suggestions
                    .iter()
                    .map(|s| (s.category.as_str(), (s.probability * 100.0).round()))
                    .collect::<Vec<_>>()
            );
        }
    }
    let svm = svm_accuracy(train, test);
    let n = test.len() as f64;
    println!(
        "  {name}: {} train / {} test; trained in {trained:.2?}\n    Tally:  {:.1}% auto-categorized ({} by payee memory, {} by the model), {:.1}% of those right; {:.1}% to review; top-1 over all {:.1}%\n    SVM:    {:.1}% right (always answers)",
        train.len(),
        test.len(),
        100.0 * applied as f64 / n,
        by_memory,
        applied - by_memory,
        100.0 * applied_right as f64 / applied.max(1) as f64,
        100.0 * (test.len() - applied) as f64 / n,
        100.0 * top_right as f64 / n,
        100.0 * svm,
    );
}

/// Mercury's statement: the raw descriptor (MEMO, or NAME when there is none) is what the
/// categorizer sees; the label comes from NAME through [`mercury_category`].
fn mercury() -> Vec<LabeledExample> {
    read_ofx(&shared("crate-ofx-rs/tests/fixtures/mercury-checking.ofx"))
        .into_iter()
        .map(|r| {
            let category = mercury_category(&r.name, r.amount);
            let payee = r.memo.clone().unwrap_or_else(|| r.name.clone());
            LabeledExample::new(
                Features::new(payee, r.amount, "Mercury Checking", r.date),
                category,
            )
        })
        .collect()
}

/// The documented labeling of Mercury's merchants (by the clean NAME, never seen by the model).
fn mercury_category(name: &str, amount: Decimal) -> &'static str {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["boeing employees", "link.com"])
        || (amount > Decimal::ZERO && has(&["stripe", "govcraft"]))
    {
        return "Transfers";
    }
    if has(&[
        "openai",
        "anthropic",
        "claude",
        "elevenlabs",
        "replicate",
        "hugging",
        "groq",
        "hedra",
        "genspark",
        "manus",
        "moonshot",
        "perplexity",
        "lambda",
        "runpod",
        "cursor",
        "stickerai",
    ]) {
        return "Expenses:AI";
    }
    if has(&[
        "fly.io",
        "hetzner",
        "digitalocean",
        "neon",
        "mongodb",
        "cloudflare",
        "racknerd",
        "hostinger",
        "tailscale",
        "google",
        "helius",
        "stackblitz",
        "stalwart",
    ]) {
        return "Expenses:Hosting";
    }
    if has(&["namecheap"]) {
        return "Expenses:Domains";
    }
    if has(&[
        "adobe",
        "figma",
        "github",
        "microsoft",
        "slack",
        "jetbrains",
        "canva",
        "proton",
        "instantly",
        "highlevel",
        "erank",
        "mobbin",
        "overleaf",
        "zoom",
        "twilio",
        "autods",
        "polymet",
        "airalo",
        "mercury technologies",
        "mailform",
        "ringcentral",
    ]) {
        return "Expenses:Software";
    }
    if has(&["facebook", "linkedin", "x corp"]) {
        return "Expenses:Advertising";
    }
    if has(&["upwork", "fiverr", "payment escrow", "govcraft", "stripe", "g three", "tyko"]) {
        return "Expenses:Contractors";
    }
    if has(&["hiscox", "alivecor"]) {
        return "Expenses:Insurance";
    }
    if has(&["ring", "us mobile", "starlink"]) {
        return "Expenses:Phone & Internet";
    }
    if has(&["texas", "cpa", "notarize"]) {
        return "Expenses:Taxes & Fees";
    }
    if has(&["coinbase", "fidelity"]) {
        return "Transfers:Investments";
    }
    if has(&["udemy", "offsec"]) {
        return "Expenses:Education";
    }
    if has(&["amazon", "best buy", "etsy", "publicsurpl", "apple"]) {
        return "Expenses:Equipment";
    }
    if has(&["fee"]) {
        return "Expenses:Bank Fees";
    }
    "Expenses:Other"
}

/// A deterministic generator (SplitMix64), so the synthetic set is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Merchants of the synthetic household: (descriptor, category, typical amount in cents,
/// weight, first month it appears in 0..24).
const MERCHANTS: [(&str, &str, i64, u64, u64); 48] = [
    ("SAFEWAY STORE", "Groceries", 6500, 30, 0),
    ("WHOLE FOODS MKT", "Groceries", 8200, 20, 0),
    ("TRADER JOE'S", "Groceries", 5400, 20, 0),
    ("ALDI", "Groceries", 4100, 10, 12),
    ("CITY FARMERS MARKET", "Groceries", 2300, 5, 18),
    ("STARBUCKS", "Coffee", 560, 30, 0),
    ("BLUE BOTTLE COFFEE", "Coffee", 620, 15, 0),
    ("PEET'S COFFEE", "Coffee", 480, 10, 6),
    ("CORNER CAFE", "Coffee", 450, 5, 19),
    ("CHIPOTLE", "Restaurants", 1450, 15, 0),
    ("OLIVE GARDEN", "Restaurants", 4800, 6, 0),
    ("SUSHI ZEN", "Restaurants", 5600, 5, 3),
    ("THAI BASIL RESTAURANT", "Restaurants", 3200, 5, 17),
    ("DOORDASH", "Takeaway", 3100, 12, 0),
    ("UBER EATS", "Takeaway", 2700, 10, 0),
    ("SHELL OIL", "Fuel", 4500, 14, 0),
    ("CHEVRON", "Fuel", 5200, 10, 0),
    ("ARCO", "Fuel", 3900, 6, 10),
    ("UBER TRIP", "Transport", 1800, 10, 0),
    ("LYFT RIDE", "Transport", 1600, 8, 0),
    ("BART CLIPPER", "Transport", 2000, 6, 0),
    ("NETFLIX", "Subscriptions", 1549, 3, 0),
    ("SPOTIFY", "Subscriptions", 1099, 3, 0),
    ("HULU", "Subscriptions", 799, 2, 14),
    ("APPLE.COM/BILL", "Subscriptions", 299, 3, 0),
    ("PG&E", "Utilities", 11200, 3, 0),
    ("COMCAST XFINITY", "Utilities", 8900, 3, 0),
    ("CITY WATER DEPT", "Utilities", 4500, 2, 0),
    ("VERIZON WIRELESS", "Phone", 7500, 3, 0),
    ("CVS PHARMACY", "Health", 2400, 6, 0),
    ("WALGREENS", "Health", 1800, 5, 0),
    ("KAISER PERMANENTE", "Health", 3000, 2, 0),
    ("PLANET FITNESS", "Fitness", 2500, 3, 0),
    ("YOGA WORKS", "Fitness", 2000, 2, 15),
    ("AMC THEATRES", "Entertainment", 3200, 4, 0),
    ("STEAM GAMES", "Entertainment", 2500, 3, 0),
    ("HOME DEPOT", "Home", 6700, 6, 0),
    ("IKEA", "Home", 12000, 3, 0),
    ("TARGET", "Shopping", 4300, 10, 0),
    ("AMAZON MKTPLACE", "Shopping", 3500, 14, 0),
    ("MACY'S", "Shopping", 7800, 4, 0),
    ("UNITED AIRLINES", "Travel", 34000, 2, 0),
    ("MARRIOTT HOTEL", "Travel", 21000, 2, 0),
    ("AIRBNB", "Travel", 30000, 2, 8),
    ("GEICO INSURANCE", "Insurance", 13200, 2, 0),
    ("STATE FARM INSURANCE", "Insurance", 9800, 1, 12),
    ("ACME CORP PAYROLL", "Salary", -420000, 2, 0),
    ("INTEREST PAYMENT", "Interest", -350, 1, 0),
];

const ACCOUNTS: [&str; 3] = ["Checking", "Visa", "Amex"];
const PREFIXES: [&str; 5] = ["", "", "SQ *", "TST* ", "PAYPAL *"];

/// The synthetic history: `n` transactions over 24 months from 2024-01-01. Descriptors carry
/// processor prefixes, store numbers, card digits, dates and reference codes; 2% of labels are
/// wrong (people miscategorize); some merchants appear only in later months.
fn synthetic(n: usize, seed: u64) -> Vec<LabeledExample> {
    let mut rng = Rng(seed);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let total_weight: u64 = MERCHANTS.iter().map(|m| m.3).sum();
    let categories: Vec<&str> = MERCHANTS.iter().map(|m| m.1).collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let day = rng.below(730);
        let date = start + Days::new(day);
        let mut pick = rng.below(total_weight);
        let merchant = MERCHANTS
            .iter()
            .find(|m| {
                if pick < m.3 {
                    true
                } else {
                    pick -= m.3;
                    false
                }
            })
            .expect("weights");
        if day / 30 < merchant.4 {
            continue;
        }
        let prefix =
            if merchant.2 > 0 { PREFIXES[usize::try_from(rng.below(5)).unwrap_or(0)] } else { "" };
        let descriptor = match rng.below(5) {
            0 => format!("{prefix}{} #{}", merchant.0, 100 + rng.below(9000)),
            1 => {
                format!("{prefix}{} {:02}/{:02}", merchant.0, 1 + rng.below(12), 1 + rng.below(28))
            }
            2 => format!("POS DEBIT {prefix}{} XXXX{:04}", merchant.0, rng.below(10_000)),
            3 => format!("{prefix}{}*{:X}", merchant.0, rng.next() & 0xFF_FFFF),
            _ => format!("{prefix}{}", merchant.0),
        };
        let cents = merchant.2 * i64::try_from(50 + rng.below(100)).unwrap_or(100) / 100;
        let amount = Decimal::new(-cents, 2);
        let account = if merchant.2 < 0 {
            "Checking"
        } else {
            ACCOUNTS[usize::try_from(rng.below(3)).unwrap_or(0)]
        };
        let category = if rng.below(100) < 2 {
            categories[usize::try_from(rng.below(categories.len() as u64)).unwrap_or(0)]
        } else {
            merchant.1
        };
        out.push(LabeledExample::new(Features::new(descriptor, amount, account, date), category));
    }
    out
}

fn main() {
    println!("1. smart_importer regression sets");
    let (right, total) = smart_importer();
    println!("  all: {right}/{total}");
    println!("2. histories split by date (older 70% train, newer 30% test), threshold 0.8");
    evaluate("mercury (674 real descriptors, labeled by merchant)", mercury());
    evaluate("synthetic household (3,000 transactions, seed 7)", synthetic(3000, 7));
    let distinct: std::collections::HashSet<String> =
        synthetic(3000, 7).iter().map(|e| normalize_payee(&e.features.payee)).collect();
    println!("  (synthetic: {} distinct normalized payees)", distinct.len());
}
