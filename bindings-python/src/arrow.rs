//! Arrow columns of every list a query returns, built straight from the core's rows, with no
//! Python object per row: amounts as `decimal128(38, s)` at the commodity's scale (the largest
//! scale present when a column mixes commodities; the commodity column says which), dates as
//! `date32`, timestamps as `timestamp[us, UTC]`, ids as `int64`, enums as their names; rates
//! as `decimal128(38, s)` at the largest scale present. A transaction table has one row per
//! split, the transaction's fields repeated.

use crate::table::Rows;
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray, UInt32Array,
};
use arrow_schema::{ArrowError, Field, Schema};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;
use tally_core as core;

/// Precision of every decimal column: the widest `decimal128`, so sums never overflow it.
const PRECISION: u8 = 38;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01, the `date32` epoch.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Columns under construction.
struct Columns {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
    /// Scale of an empty amount column: the book's default currency's.
    default_scale: u32,
}

impl Columns {
    fn new(default_scale: u32) -> Self {
        Self { fields: Vec::new(), arrays: Vec::new(), default_scale }
    }

    fn push(&mut self, name: &str, nullable: bool, array: ArrayRef) {
        self.fields.push(Field::new(name, array.data_type().clone(), nullable));
        self.arrays.push(array);
    }

    fn int64(&mut self, name: &str, values: impl Iterator<Item = i64>) {
        self.push(name, false, Arc::new(Int64Array::from_iter_values(values)));
    }

    fn int64_opt(&mut self, name: &str, values: impl Iterator<Item = Option<i64>>) {
        self.push(name, true, Arc::new(values.collect::<Int64Array>()));
    }

    fn uint32(&mut self, name: &str, values: impl Iterator<Item = u32>) {
        self.push(name, false, Arc::new(UInt32Array::from_iter_values(values)));
    }

    fn boolean(&mut self, name: &str, values: impl Iterator<Item = bool>) {
        self.push(name, false, Arc::new(values.map(Some).collect::<BooleanArray>()));
    }

    fn utf8<'a>(&mut self, name: &str, values: impl Iterator<Item = &'a str>) {
        self.push(name, false, Arc::new(values.map(Some).collect::<StringArray>()));
    }

    fn utf8_opt<'a>(&mut self, name: &str, values: impl Iterator<Item = Option<&'a str>>) {
        self.push(name, true, Arc::new(values.collect::<StringArray>()));
    }

    fn date(&mut self, name: &str, values: impl Iterator<Item = NaiveDate>) {
        self.push(name, false, Arc::new(Date32Array::from_iter_values(values.map(days))));
    }

    fn date_opt(&mut self, name: &str, values: impl Iterator<Item = Option<NaiveDate>>) {
        self.push(name, true, Arc::new(values.map(|d| d.map(days)).collect::<Date32Array>()));
    }

    fn timestamp(&mut self, name: &str, values: impl Iterator<Item = DateTime<Utc>>) {
        let micros = values.map(|t| t.timestamp_micros());
        let array = TimestampMicrosecondArray::from_iter_values(micros).with_timezone("UTC");
        self.push(name, false, Arc::new(array));
    }

    fn tags<'a>(&mut self, name: &str, values: impl Iterator<Item = &'a [String]>) {
        let mut builder = ListBuilder::new(StringBuilder::new());
        for tags in values {
            for tag in tags {
                builder.values().append_value(tag);
            }
            builder.append(true);
        }
        self.push(name, false, Arc::new(builder.finish()));
    }

    /// An amount column at the commodity's scale. Amounts from the core carry their
    /// commodity's scale, so the largest scale present is the largest commodity scale.
    fn amount(&mut self, name: &str, values: Vec<Decimal>) -> Result<(), ArrowError> {
        let values: Vec<Option<Decimal>> = values.into_iter().map(Some).collect();
        let scale = values.iter().flatten().map(Decimal::scale).max().unwrap_or(self.default_scale);
        self.push(name, false, decimal_array(&values, scale)?);
        Ok(())
    }

    /// A decimal column of rates, at the largest scale present (rates have no commodity
    /// scale).
    fn rate(&mut self, name: &str, values: Vec<Decimal>) -> Result<(), ArrowError> {
        let values: Vec<Option<Decimal>> = values.into_iter().map(Some).collect();
        let scale = values.iter().flatten().map(Decimal::scale).max().unwrap_or(0);
        self.push(name, false, decimal_array(&values, scale)?);
        Ok(())
    }

    /// A nullable decimal column of per-unit prices, at the largest scale present.
    fn price(&mut self, name: &str, values: Vec<Option<Decimal>>) -> Result<(), ArrowError> {
        let scale = values.iter().flatten().map(Decimal::scale).max().unwrap_or(0);
        self.push(name, true, decimal_array(&values, scale)?);
        Ok(())
    }

    fn finish(self) -> Result<RecordBatch, ArrowError> {
        RecordBatch::try_new(Arc::new(Schema::new(self.fields)), self.arrays)
    }
}

fn days(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// Exact `decimal128` values at `scale`: each mantissa is multiplied by the power of ten that
/// brings it from its own scale to the column's; nothing is rounded.
fn decimal_array(values: &[Option<Decimal>], scale: u32) -> Result<ArrayRef, ArrowError> {
    let overflow = |d: &Decimal| {
        ArrowError::InvalidArgumentError(format!(
            "{d} does not fit decimal128({PRECISION}, {scale})"
        ))
    };
    let mantissas = values
        .iter()
        .map(|v| {
            v.map(|d| {
                let up = scale.checked_sub(d.scale()).ok_or_else(|| overflow(&d))?;
                10_i128
                    .checked_pow(up)
                    .and_then(|f| d.mantissa().checked_mul(f))
                    .ok_or_else(|| overflow(&d))
            })
            .transpose()
        })
        .collect::<Result<Decimal128Array, ArrowError>>()?;
    let scale = i8::try_from(scale).map_err(|_| overflow(&Decimal::ZERO))?;
    Ok(Arc::new(mantissas.with_precision_and_scale(PRECISION, scale)?))
}

/// The rows as one record batch.
pub(crate) fn record_batch(rows: &Rows, default_scale: u32) -> Result<RecordBatch, ArrowError> {
    let mut c = Columns::new(default_scale);
    match rows {
        Rows::Books(rows) => books(&mut c, rows),
        Rows::Members(rows) => {
            c.int64("user_id", rows.iter().map(|m| m.user_id.0));
            c.utf8("role", rows.iter().map(|m| m.role.as_str()));
        }
        Rows::Accounts(rows) => accounts(&mut c, rows),
        Rows::Commodities(rows) => {
            c.utf8("code", rows.iter().map(|r| r.code.as_str()));
            c.utf8("name", rows.iter().map(|r| r.name.as_str()));
            c.uint32("scale", rows.iter().map(|r| r.scale));
            c.utf8("kind", rows.iter().map(|r| r.kind.as_str()));
            c.boolean("builtin", rows.iter().map(|r| r.builtin));
        }
        Rows::Transactions(rows) => transactions(&mut c, rows)?,
        Rows::Balances(rows) => {
            c.int64("account_id", rows.iter().map(|r| r.account_id.0));
            c.utf8("path", rows.iter().map(|r| r.path.as_str()));
            c.utf8("commodity", rows.iter().map(|r| r.commodity.as_str()));
            c.amount("own", rows.iter().map(|r| r.own).collect())?;
            c.amount("total", rows.iter().map(|r| r.total).collect())?;
        }
        Rows::Categories(rows) => {
            c.int64("account_id", rows.iter().map(|r| r.account_id.0));
            c.utf8("path", rows.iter().map(|r| r.path.as_str()));
            c.uint32("depth", rows.iter().map(|r| r.depth));
            c.utf8("commodity", rows.iter().map(|r| r.commodity.as_str()));
            c.amount("own", rows.iter().map(|r| r.own).collect())?;
            c.amount("total", rows.iter().map(|r| r.total).collect())?;
        }
        Rows::Register(rows) => register(&mut c, rows)?,
        Rows::Assertions(rows) => {
            c.int64("id", rows.iter().map(|r| r.id.0));
            c.int64("account_id", rows.iter().map(|r| r.account_id.0));
            c.date("date", rows.iter().map(|r| r.date));
            c.amount("amount", rows.iter().map(|r| r.amount).collect())?;
            c.utf8("commodity", rows.iter().map(|r| r.commodity.as_str()));
        }
        Rows::AssertionResults(rows) => {
            c.int64("assertion_id", rows.iter().map(|r| r.assertion.id.0));
            c.int64("account_id", rows.iter().map(|r| r.assertion.account_id.0));
            c.date("date", rows.iter().map(|r| r.assertion.date));
            c.amount("amount", rows.iter().map(|r| r.assertion.amount).collect())?;
            c.utf8("commodity", rows.iter().map(|r| r.assertion.commodity.as_str()));
            c.amount("actual", rows.iter().map(|r| r.actual).collect())?;
            c.amount("difference", rows.iter().map(|r| r.difference).collect())?;
            c.boolean("passed", rows.iter().map(|r| r.passed));
        }
        Rows::Audit(rows) => audit(&mut c, rows),
        Rows::Rates(rows) => {
            c.utf8("base", rows.iter().map(|r| r.base.as_str()));
            c.utf8("quote", rows.iter().map(|r| r.quote.as_str()));
            c.date("date", rows.iter().map(|r| r.date));
            c.rate("rate", rows.iter().map(|r| r.rate).collect())?;
            c.utf8("source", rows.iter().map(|r| r.source.as_str()));
        }
    }
    c.finish()
}

fn books(c: &mut Columns, rows: &[core::BookInfo]) {
    c.int64("id", rows.iter().map(|r| r.id.0));
    c.utf8("name", rows.iter().map(|r| r.name.as_str()));
    c.int64("owner_id", rows.iter().map(|r| r.owner_id.0));
    c.utf8("default_currency", rows.iter().map(|r| r.default_currency.as_str()));
    c.timestamp("created_at", rows.iter().map(|r| r.created_at));
}

fn accounts(c: &mut Columns, rows: &[core::Account]) {
    c.int64("id", rows.iter().map(|r| r.id.0));
    c.int64_opt("parent_id", rows.iter().map(|r| r.parent_id.map(|p| p.0)));
    c.utf8("name", rows.iter().map(|r| r.name.as_str()));
    c.utf8("path", rows.iter().map(|r| r.path.as_str()));
    c.utf8("kind", rows.iter().map(|r| r.kind.as_str()));
    c.utf8("subtype", rows.iter().map(|r| r.subtype.as_str()));
    c.utf8("currency", rows.iter().map(|r| r.currency.as_str()));
    c.utf8_opt("institution", rows.iter().map(|r| r.institution.as_deref()));
    c.utf8_opt("color", rows.iter().map(|r| r.color.as_deref()));
    c.utf8_opt("icon", rows.iter().map(|r| r.icon.as_deref()));
    c.date_opt("opened_on", rows.iter().map(|r| r.opened_on));
    c.date_opt("closed_on", rows.iter().map(|r| r.closed_on));
    c.boolean("archived", rows.iter().map(|r| r.archived));
    c.boolean("include_in_net_worth", rows.iter().map(|r| r.include_in_net_worth));
    c.timestamp("created_at", rows.iter().map(|r| r.created_at));
}

fn transactions(c: &mut Columns, rows: &[core::Transaction]) -> Result<(), ArrowError> {
    let splits = || rows.iter().flat_map(|t| t.splits.iter().map(move |s| (t, s)));
    c.int64("transaction_id", splits().map(|(t, _)| t.id.0));
    c.date("date", splits().map(|(t, _)| t.date));
    c.date_opt("posted_date", splits().map(|(t, _)| t.posted_date));
    c.utf8_opt("payee", splits().map(|(t, _)| t.payee.as_deref()));
    c.utf8_opt("narration", splits().map(|(t, _)| t.narration.as_deref()));
    c.utf8("status", splits().map(|(t, _)| t.status.as_str()));
    c.tags("tags", splits().map(|(t, _)| t.tags.as_slice()));
    c.utf8_opt("notes", splits().map(|(t, _)| t.notes.as_deref()));
    c.utf8("source", splits().map(|(t, _)| t.source.as_str()));
    c.utf8_opt("external_id", splits().map(|(t, _)| t.external_id.as_deref()));
    c.int64_opt("reversal_of", splits().map(|(t, _)| t.reversal_of.map(|r| r.0)));
    c.boolean("deleted", splits().map(|(t, _)| t.deleted));
    c.timestamp("created_at", splits().map(|(t, _)| t.created_at));
    c.timestamp("updated_at", splits().map(|(t, _)| t.updated_at));
    c.int64("split_id", splits().map(|(_, s)| s.id.0));
    c.int64("account_id", splits().map(|(_, s)| s.account_id.0));
    c.amount("amount", splits().map(|(_, s)| s.amount).collect())?;
    c.utf8("commodity", splits().map(|(_, s)| s.commodity.as_str()));
    c.price("price", splits().map(|(_, s)| s.price.as_ref().map(|p| p.amount)).collect())?;
    let price_commodity = splits().map(|(_, s)| s.price.as_ref().map(|p| p.commodity.as_str()));
    c.utf8_opt("price_commodity", price_commodity);
    c.price("cost", splits().map(|(_, s)| s.cost.as_ref().map(|p| p.amount)).collect())?;
    let cost_commodity = splits().map(|(_, s)| s.cost.as_ref().map(|p| p.commodity.as_str()));
    c.utf8_opt("cost_commodity", cost_commodity);
    c.utf8_opt("memo", splits().map(|(_, s)| s.memo.as_deref()));
    Ok(())
}

fn register(c: &mut Columns, rows: &[core::RegisterRow]) -> Result<(), ArrowError> {
    c.int64("transaction_id", rows.iter().map(|r| r.transaction_id.0));
    c.int64("split_id", rows.iter().map(|r| r.split_id.0));
    c.int64("account_id", rows.iter().map(|r| r.account_id.0));
    c.date("date", rows.iter().map(|r| r.date));
    c.utf8_opt("payee", rows.iter().map(|r| r.payee.as_deref()));
    c.utf8_opt("narration", rows.iter().map(|r| r.narration.as_deref()));
    c.utf8_opt("memo", rows.iter().map(|r| r.memo.as_deref()));
    c.utf8("status", rows.iter().map(|r| r.status.as_str()));
    c.amount("amount", rows.iter().map(|r| r.amount).collect())?;
    c.utf8("commodity", rows.iter().map(|r| r.commodity.as_str()));
    c.amount("balance", rows.iter().map(|r| r.balance).collect())?;
    Ok(())
}

fn audit(c: &mut Columns, rows: &[core::AuditEntry]) {
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(serde_json::Value::to_string);
    c.int64("id", rows.iter().map(|r| r.id));
    c.int64("book_id", rows.iter().map(|r| r.book_id.0));
    c.int64("actor", rows.iter().map(|r| r.actor.0));
    c.utf8("action", rows.iter().map(|r| r.action.as_str()));
    c.utf8("entity", rows.iter().map(|r| r.entity.as_str()));
    c.int64_opt("entity_id", rows.iter().map(|r| r.entity_id));
    let before: Vec<Option<String>> = rows.iter().map(|r| json(&r.before)).collect();
    c.utf8_opt("before", before.iter().map(Option::as_deref));
    let after: Vec<Option<String>> = rows.iter().map(|r| json(&r.after)).collect();
    c.utf8_opt("after", after.iter().map(Option::as_deref));
    c.timestamp("at", rows.iter().map(|r| r.at));
}
