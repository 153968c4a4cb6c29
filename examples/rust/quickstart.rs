//! The quickstart: builds a real SQLite book from the sample data in `examples/data`, adds one
//! expense by hand, then prints the balances and October's spending by category.
//!
//! Run it with `cargo run --release --example quickstart [path/to/book.sqlite]`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use tally_core::{NewBalanceAssertion, NewBook, NewUser, PageRequest, SortOrder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = std::env::args_os()
        .nth(1)
        .map_or_else(|| root.join("../target/quickstart.sqlite"), PathBuf::from);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        // A leftover book from an earlier run would make the idempotent load add nothing.
        let _ = std::fs::remove_file(p);
    }
    let engine = tally_storage::open(&path)?;
    let user = engine.users().create(NewUser::new("sam@example.com", "Sam", "Rivera", "EUR"))?;
    let book = engine.create_book(NewBook::new("Household", user.id, "EUR"))?;
    let loaded = tally_examples::load_sample(&book, &root.join("data"))?;

    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("bad date");
    let cash = book.accounts().by_path("Assets:Cash")?;
    let groceries = book.accounts().by_path("Expenses:Food:Groceries")?;
    let amount: Decimal = "12.50".parse()?;
    book.transactions().expense(
        day(2026, 10, 31)?,
        cash.id,
        groceries.id,
        amount,
        "Farmers market",
    )?;
    let checking = book.accounts().by_path("Assets:Bank:Checking")?;
    book.accounts().add_assertion(NewBalanceAssertion {
        account_id: checking.id,
        date: day(2026, 10, 31)?,
        amount: "5028.41".parse()?,
        commodity: None,
    })?;

    println!("Tally quickstart: book \"{}\" in {}", book.info().name, path.display());
    println!(
        "Loaded {} accounts and {} transactions from examples/data, plus 1 added by hand.",
        loaded.accounts, loaded.transactions
    );
    let as_of = day(2026, 10, 31)?;
    println!("\nBalances on {as_of}:");
    for b in book.accounts().balances(Some(as_of))? {
        let depth = b.path.matches(':').count();
        let name = b.path.rsplit(':').next().unwrap_or(&b.path);
        println!(
            "  {:<34} {:>12} {}",
            format!("{}{}", "  ".repeat(depth), name),
            b.total,
            b.commodity
        );
    }
    println!("\nSpending by category, October 2026:");
    for c in book.reports().spending_by_category(day(2026, 10, 1)?, as_of)? {
        let name = c.path.rsplit(':').next().unwrap_or(&c.path);
        let label = format!("{}{}", "  ".repeat(c.depth as usize), name);
        println!("  {label:<34} {:>12} {}", c.total, c.commodity);
    }
    println!("\nLast 3 rows of the checking register:");
    let page = book.accounts().register(
        checking.id,
        false,
        PageRequest::first(3, SortOrder::Descending),
    )?;
    for r in &page.items {
        println!(
            "  {}  {:<22} {:>10} {:>10}",
            r.date,
            r.payee.as_deref().unwrap_or(""),
            r.amount,
            r.balance
        );
    }
    for result in book.accounts().check_assertions()? {
        let verdict = if result.passed { "holds" } else { "FAILS" };
        println!(
            "\nBalance assertion {} {} on {}: {verdict} (actual {})",
            result.assertion.amount,
            result.assertion.commodity,
            result.assertion.date,
            result.actual
        );
    }
    Ok(())
}
