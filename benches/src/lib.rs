//! The workload of Tally's benchmarks: a realistic book and a deterministic stream of
//! two-split transactions over three years, generated lazily in batches so that a million of
//! them never sit in memory at once. [`plain`] is the plain rusqlite program that writes and
//! reads the same rows with the same indexes: the limit Tally is measured against.
//!
//! Every transaction is a pure function of the seed and its index, so any batch can be
//! generated on its own and a batch boundary never changes the rows.

pub mod categorize;
pub mod files;
pub mod plain;

use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use std::ops::Range;
use std::time::{Duration, Instant};
use tally_core::{
    AccountId, AccountKind, AccountSubtype, Book, Engine, NewAccount, NewBook, NewSplit,
    NewTransaction, NewUser,
};

/// Transactions inserted by the benchmarks unless `TALLY_BENCH_N` says otherwise.
pub const DEFAULT_N: u64 = 1_000_000;

/// Transactions per `add_batch` call (and per SQLite transaction in the plain program).
pub const BATCH_SIZE: u64 = 10_000;

/// The seed every benchmark uses, so Tally and the plain program see the same rows.
pub const SEED: u64 = 0x7A11_7A11_2023_2025;

/// The book's currency; every account is kept in it.
pub const CURRENCY: &str = "EUR";

/// Scale of [`CURRENCY`]: amounts are generated in cents.
pub const CURRENCY_SCALE: u32 = 2;

/// The number of transactions to generate: `TALLY_BENCH_N` when set, else [`DEFAULT_N`].
///
/// # Panics
///
/// When `TALLY_BENCH_N` is set but is not a positive integer.
pub fn bench_n() -> u64 {
    match std::env::var("TALLY_BENCH_N") {
        Ok(text) => {
            let n: u64 = text.trim().replace('_', "").parse().expect("TALLY_BENCH_N is an integer");
            assert!(n > 0, "TALLY_BENCH_N must be positive");
            n
        }
        Err(_) => DEFAULT_N,
    }
}

/// First day of the generated period.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid date")
}

/// Last day of the generated period.
pub fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date")
}

/// Days in the generated period, both ends included.
fn period_days() -> u64 {
    let days = (last_day() - first_day()).num_days() + 1;
    u64::try_from(days).expect("period is not empty")
}

/// Where money lives: (path, kind, subtype, weight as the paying account of an expense).
const FUNDS: [(&str, AccountKind, AccountSubtype, u64); 5] = [
    ("Assets:Bank:Checking", AccountKind::Asset, AccountSubtype::Checking, 45),
    ("Assets:Bank:Savings", AccountKind::Asset, AccountSubtype::Savings, 3),
    ("Assets:Cash", AccountKind::Asset, AccountSubtype::Cash, 12),
    ("Liabilities:CreditCard:Visa", AccountKind::Liability, AccountSubtype::CreditCard, 30),
    ("Liabilities:CreditCard:Amex", AccountKind::Liability, AccountSubtype::CreditCard, 10),
];

const EXPENSES: [&str; 34] = [
    "Expenses:Food:Groceries",
    "Expenses:Food:Restaurants",
    "Expenses:Food:Coffee",
    "Expenses:Food:Takeaway",
    "Expenses:Housing:Rent",
    "Expenses:Housing:Maintenance",
    "Expenses:Housing:Furniture",
    "Expenses:Utilities:Electricity",
    "Expenses:Utilities:Water",
    "Expenses:Utilities:Internet",
    "Expenses:Utilities:Phone",
    "Expenses:Utilities:Heating",
    "Expenses:Transport:Fuel",
    "Expenses:Transport:Public",
    "Expenses:Transport:Taxi",
    "Expenses:Transport:Parking",
    "Expenses:Transport:Car:Insurance",
    "Expenses:Transport:Car:Repairs",
    "Expenses:Health:Pharmacy",
    "Expenses:Health:Doctor",
    "Expenses:Health:Dentist",
    "Expenses:Shopping:Clothing",
    "Expenses:Shopping:Electronics",
    "Expenses:Shopping:Books",
    "Expenses:Shopping:Gifts",
    "Expenses:Leisure:Cinema",
    "Expenses:Leisure:Sports",
    "Expenses:Leisure:Travel",
    "Expenses:Leisure:Subscriptions",
    "Expenses:Personal:Haircut",
    "Expenses:Education:Courses",
    "Expenses:Fees:Bank",
    "Expenses:Insurance:Home",
    "Expenses:Taxes",
];

const INCOME: [&str; 7] = [
    "Income:Salary",
    "Income:Bonus",
    "Income:Interest",
    "Income:Dividends",
    "Income:Freelance",
    "Income:Gifts",
    "Income:Refunds",
];

/// First and second words of payee names: 20 x 10 = 200 payees.
const PAYEE_FIRST: [&str; 20] = [
    "Green", "Corner", "City", "Blue", "Golden", "Royal", "Urban", "North", "Sunny", "River",
    "Oak", "Harbor", "Maple", "Silver", "Star", "Old Town", "Central", "Lakeside", "Metro",
    "Happy",
];
const PAYEE_SECOND: [&str; 10] = [
    "Market",
    "Bakery",
    "Cafe",
    "Pharmacy",
    "Garage",
    "Books",
    "Outfitters",
    "Bistro",
    "Mart",
    "Co",
];

/// The leaf accounts of the benchmark book, by role. Parents (`Expenses:Food`...) exist in the
/// book too but are never posted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The five asset and liability accounts, in the order of `FUNDS`.
    pub funds: Vec<AccountId>,
    /// Leaf expense categories.
    pub expenses: Vec<AccountId>,
    /// Leaf income categories.
    pub income: Vec<AccountId>,
    /// The currency of each fund, in the order of `funds` ([`CURRENCY`] for all of them in
    /// [`setup_book`]; see [`setup_book_fx`]).
    pub currencies: Vec<&'static str>,
}

impl Chart {
    /// The checking account: the busiest one.
    pub fn checking(&self) -> AccountId {
        self.funds[0]
    }

    /// The savings account.
    fn savings(&self) -> AccountId {
        self.funds[1]
    }

    /// The currency of a fund.
    fn currency_of(&self, fund: AccountId) -> &'static str {
        self.funds.iter().position(|f| *f == fund).map_or(CURRENCY, |i| self.currencies[i])
    }

    /// Every leaf account.
    pub fn leaves(&self) -> impl Iterator<Item = AccountId> + '_ {
        self.funds.iter().chain(&self.expenses).chain(&self.income).copied()
    }
}

/// Creates a user and a book in `engine` with the benchmark chart of accounts, every account
/// in [`CURRENCY`].
///
/// # Errors
///
/// Any error of Tally's calls.
pub fn setup_book(engine: &Engine) -> tally_core::Result<(Book, Chart)> {
    setup_book_in(engine, [CURRENCY; 5])
}

/// The currencies of the funds in the multi-currency book of [`setup_book_fx`]: the Amex card
/// is kept in US dollars and the savings account in pounds, the rest in euros.
pub const FX_CURRENCIES: [&str; 5] = [CURRENCY, "GBP", CURRENCY, CURRENCY, "USD"];

/// Creates the benchmark book with the funds in the currencies of [`FX_CURRENCIES`] (the book
/// and its categories stay in [`CURRENCY`]). A [`Workload`] over this chart books expenses and
/// income of a foreign fund in that fund's currency, and a transfer between funds in two
/// currencies as a priced split at a fixed rate ([`fixed_rate`]).
///
/// # Errors
///
/// Any error of Tally's calls.
pub fn setup_book_fx(engine: &Engine) -> tally_core::Result<(Book, Chart)> {
    setup_book_in(engine, FX_CURRENCIES)
}

fn setup_book_in(
    engine: &Engine,
    currencies: [&'static str; 5],
) -> tally_core::Result<(Book, Chart)> {
    let user =
        engine.users().create(NewUser::new("bench@example.com", "Bench", "Mark", CURRENCY))?;
    let book = engine.create_book(NewBook::new("Benchmark", user.id, CURRENCY))?;
    let accounts = book.accounts();
    let mut funds = Vec::with_capacity(FUNDS.len());
    for ((path, kind, subtype, _), currency) in FUNDS.into_iter().zip(currencies) {
        funds.push(accounts.create(NewAccount::new(path, kind, currency).subtype(subtype))?.id);
    }
    let mut expenses = Vec::with_capacity(EXPENSES.len());
    for path in EXPENSES {
        expenses.push(accounts.create(NewAccount::new(path, AccountKind::Expense, CURRENCY))?.id);
    }
    let mut income = Vec::with_capacity(INCOME.len());
    for path in INCOME {
        income.push(accounts.create(NewAccount::new(path, AccountKind::Income, CURRENCY))?.id);
    }
    Ok((book, Chart { funds, expenses, income, currencies: currencies.to_vec() }))
}

/// Units of `code` per euro in the workload's transfers between currencies (not market rates:
/// the valuations use the ECB's).
fn units_per_euro(code: &str) -> Decimal {
    match code {
        "USD" => Decimal::new(110, 2),
        "GBP" => Decimal::new(85, 2),
        _ => Decimal::ONE,
    }
}

/// The fixed rate of a transfer from `from` to `to` in the workload: units of `to` per unit of
/// `from`, to 6 decimals.
pub fn fixed_rate(from: &str, to: &str) -> Decimal {
    (units_per_euro(to) / units_per_euro(from)).round_dp(6)
}

/// The chart of a new benchmark book, from a throwaway in-memory one: account ids are
/// allocated in the same order in every new database, so this is the chart of any new book.
///
/// # Errors
///
/// Any error of Tally's calls.
pub fn reference_chart() -> tally_core::Result<Chart> {
    Ok(setup_book(&tally_storage::open_in_memory()?)?.1)
}

/// Inserts the whole workload into `book` with `add_batch`, `batch_size` transactions at a
/// time; returns the time spent in `add_batch` (generating the batches is not counted).
///
/// # Errors
///
/// Any error of `add_batch`.
pub fn load_tally(
    book: &Book,
    workload: &Workload,
    batch_size: u64,
) -> tally_core::Result<Duration> {
    let mut spent = Duration::ZERO;
    for batch in workload.batches(batch_size) {
        let start = Instant::now();
        book.transactions().add_batch(&batch)?;
        spent += start.elapsed();
    }
    Ok(spent)
}

/// Inserts the whole workload with the plain program, `batch_size` transactions per SQLite
/// transaction; returns the time spent inserting (generating the batches is not counted).
///
/// # Errors
///
/// Any SQLite error.
pub fn load_plain(
    conn: &mut rusqlite::Connection,
    workload: &Workload,
    batch_size: u64,
) -> rusqlite::Result<Duration> {
    let mut spent = Duration::ZERO;
    for batch in workload.batches(batch_size) {
        let start = Instant::now();
        // Like Tally, which stamps each batch with the clock's time.
        let created_at = plain::timestamp(chrono::Utc::now());
        plain::insert_batch(conn, &batch, &created_at)?;
        spent += start.elapsed();
    }
    Ok(spent)
}

/// A tiny deterministic generator: SplitMix64 to seed from (seed, index), xorshift64* after.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator of transaction `index` under `seed`.
    pub fn for_index(seed: u64, index: u64) -> Self {
        let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // xorshift must not start at zero.
        Self(z | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`), by multiply-shift: no modulo bias worth the name.
    pub fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.next_u64()) * u128::from(n);
        u64::try_from(wide >> 64).expect("below n")
    }

    /// An index chosen with the given weights.
    fn weighted(&mut self, weights: impl Iterator<Item = u64> + Clone) -> usize {
        let mut pick = self.below(weights.clone().sum());
        for (i, w) in weights.enumerate() {
            if pick < w {
                return i;
            }
            pick -= w;
        }
        0
    }
}

/// The benchmark's transactions: `total` of them spread evenly over 2023-01-01..2025-12-31 in
/// date order (as an import or a sync delivers them), 86% expenses paid from one of the five
/// funds, 9% income into checking or savings, 5% transfers between funds; amounts 1.00 to
/// 500.00 in cents, payees from 200 names.
#[derive(Debug, Clone)]
pub struct Workload {
    chart: Chart,
    seed: u64,
    total: u64,
    payees: Vec<String>,
}

impl Workload {
    /// The workload of `total` transactions over the accounts of `chart`.
    pub fn new(chart: Chart, seed: u64, total: u64) -> Self {
        let payees = PAYEE_FIRST
            .iter()
            .flat_map(|a| PAYEE_SECOND.iter().map(move |b| format!("{a} {b}")))
            .collect();
        Self { chart, seed, total, payees }
    }

    /// The chart the transactions post to.
    pub fn chart(&self) -> &Chart {
        &self.chart
    }

    /// The number of transactions in the whole workload.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The transactions with indexes in `range` (clipped to the workload).
    pub fn transactions(&self, range: Range<u64>) -> Vec<NewTransaction> {
        let range = range.start.min(self.total)..range.end.min(self.total);
        range.map(|i| self.transaction(i)).collect()
    }

    /// The workload in batches of `size` transactions, generated as they are consumed.
    pub fn batches(&self, size: u64) -> impl Iterator<Item = Vec<NewTransaction>> + '_ {
        let size = size.max(1);
        (0..self.total.div_ceil(size)).map(move |b| self.transactions(b * size..(b + 1) * size))
    }

    /// The date of transaction `index`: the period is filled evenly, in order.
    pub fn date(&self, index: u64) -> NaiveDate {
        let wide = u128::from(index) * u128::from(period_days()) / u128::from(self.total.max(1));
        let day = u64::try_from(wide).expect("day fits");
        first_day().checked_add_days(Days::new(day)).expect("date in range")
    }

    fn transaction(&self, index: u64) -> NewTransaction {
        let mut rng = Rng::for_index(self.seed, index);
        let date = self.date(index);
        let cents = 100 + rng.below(50_000 - 100 + 1);
        let amount = Decimal::new(i64::try_from(cents).expect("cents fit"), CURRENCY_SCALE);
        let payee = &self.payees[usize::try_from(rng.below(200)).expect("payee index")];
        let chart = &self.chart;
        let pick = |rng: &mut Rng, ids: &[AccountId]| {
            ids[usize::try_from(rng.below(ids.len() as u64)).expect("account index")]
        };
        match rng.below(100) {
            0..=85 => {
                let from = chart.funds[rng.weighted(FUNDS.iter().map(|f| f.3))];
                let category = pick(&mut rng, &chart.expenses);
                let currency = chart.currency_of(from);
                if currency == CURRENCY {
                    NewTransaction::expense(date, from, category, amount, payee)
                } else {
                    NewTransaction::new(
                        date,
                        vec![
                            NewSplit::new(category, amount).commodity(currency),
                            NewSplit::new(from, -amount),
                        ],
                    )
                    .payee(payee)
                }
            }
            86..=94 => {
                let to = if rng.below(4) == 0 { chart.savings() } else { chart.checking() };
                let category = pick(&mut rng, &chart.income);
                let currency = chart.currency_of(to);
                if currency == CURRENCY {
                    NewTransaction::income(date, to, category, amount, payee)
                } else {
                    NewTransaction::new(
                        date,
                        vec![
                            NewSplit::new(to, amount),
                            NewSplit::new(category, -amount).commodity(currency),
                        ],
                    )
                    .payee(payee)
                }
            }
            _ => {
                let from = pick(&mut rng, &chart.funds);
                let mut to = pick(&mut rng, &chart.funds);
                if to == from {
                    to = chart.checking();
                }
                if to == from {
                    to = chart.savings();
                }
                let (sent, received) = (chart.currency_of(from), chart.currency_of(to));
                let splits = if sent == received {
                    vec![NewSplit::new(to, amount), NewSplit::new(from, -amount)]
                } else {
                    // The amount sent, priced in the currency received: the weight of the sent
                    // split is the amount received rounded half-even to cents, so it balances.
                    let rate = fixed_rate(sent, received);
                    let got = (amount * rate).round_dp_with_strategy(
                        CURRENCY_SCALE,
                        RoundingStrategy::MidpointNearestEven,
                    );
                    vec![NewSplit::new(to, got), NewSplit::new(from, -amount).price(rate, received)]
                };
                NewTransaction::new(date, splits).payee("Transfer")
            }
        }
    }
}

/// Peak and current resident memory of this process in kB (`VmHWM`, `VmRSS` from
/// `/proc/self/status`); `None` where that file does not exist.
pub fn memory_kb() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// CPU time (user + system) this process has used so far, from `/proc/self/stat` (in clock
/// ticks of 10 ms); `None` where that file does not exist. Steadier than elapsed time on a
/// shared machine.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        let engine = tally_storage::open_in_memory().expect("engine");
        setup_book(&engine).expect("book").1
    }

    #[test]
    fn batches_do_not_change_the_rows() {
        let w = Workload::new(chart(), SEED, 1_000);
        let whole = w.transactions(0..1_000);
        let pieces: Vec<_> = w.batches(333).flatten().collect();
        assert_eq!(whole, pieces);
        assert_eq!(w.transactions(990..2_000).len(), 10);
    }

    #[test]
    fn fx_rows_are_valid_and_use_every_currency() {
        let engine = tally_storage::open_in_memory().expect("engine");
        let (book, fx_chart) = setup_book_fx(&engine).expect("book");
        let w = Workload::new(fx_chart.clone(), SEED, 3_000);
        let mut priced = 0;
        for batch in w.batches(1_000) {
            priced += batch.iter().flat_map(|t| &t.splits).filter(|s| s.price.is_some()).count();
            book.transactions().add_batch(&batch).expect("valid batch");
        }
        assert!(priced > 0, "some transfers cross currencies");
        let balances = book.accounts().balances(None).expect("balances");
        for (fund, currency) in fx_chart.funds.iter().zip(&fx_chart.currencies) {
            let row = balances.iter().find(|b| b.account_id == *fund).expect("fund row");
            assert_eq!(row.commodity, *currency);
        }
        // The same seed over the one-currency chart gives the same dates.
        let plain = Workload::new(chart(), SEED, 10);
        let fx = Workload::new(fx_chart, SEED, 10);
        for (a, b) in plain.transactions(0..10).iter().zip(fx.transactions(0..10)) {
            assert_eq!(a.date, b.date);
        }
    }

    #[test]
    fn rows_are_valid_and_cover_the_period() {
        let engine = tally_storage::open_in_memory().expect("engine");
        let (book, chart) = setup_book(&engine).expect("book");
        assert_eq!(chart.leaves().count(), 46);
        let w = Workload::new(chart, SEED, 2_000);
        assert_eq!(w.date(0), first_day());
        assert_eq!(w.date(1_999), last_day());
        for batch in w.batches(500) {
            for t in &batch {
                assert_eq!(t.splits.len(), 2);
                let a = t.splits[0].amount.abs();
                assert!(a >= Decimal::ONE && a <= Decimal::new(500, 0), "{a}");
            }
            book.transactions().add_batch(&batch).expect("valid batch");
        }
    }
}
