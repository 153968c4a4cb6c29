//! Commodity calls of a book: define and list user commodities (securities, funds, crypto);
//! the ISO 4217 currencies are built in.

use crate::audit::{AuditAction, EntityKind};
use crate::commodity::{self, builtin, Commodity, CommodityError, NewCommodity};
use crate::events::Event;
use crate::Result;

use super::Book;

/// Commodity calls of a [`Book`].
#[derive(Debug)]
pub struct Commodities<'a> {
    book: &'a Book,
}

impl<'a> Commodities<'a> {
    pub(crate) fn new(book: &'a Book) -> Self {
        Self { book }
    }

    /// Defines a commodity with its own scale (e.g. BTC with 8 decimals).
    ///
    /// # Errors
    ///
    /// `invalid_commodity_code`, `invalid_scale`, `commodity_exists`, `read_only`.
    pub fn define(&self, new: NewCommodity) -> Result<Commodity> {
        self.book.check_writable()?;
        let commodity = commodity::validate(&new)?;
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::Commodity,
            None,
            None::<&()>,
            Some(&commodity),
        );
        self.book.engine.store.insert_commodity(self.book.id(), &commodity, &audit)?;
        self.book.emit(&Event::CommodityDefined { code: commodity.code.clone() });
        Ok(commodity)
    }

    /// The book's user-defined commodities.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn list(&self) -> Result<Vec<Commodity>> {
        self.book.engine.store.commodities(self.book.id())
    }

    /// A commodity by code: an ISO 4217 currency or one defined in this book.
    ///
    /// # Errors
    ///
    /// `unknown_commodity`.
    pub fn get(&self, code: &str) -> Result<Commodity> {
        if let Some(c) = builtin(code) {
            return Ok(c);
        }
        self.list()?.into_iter().find(|c| c.code == code).ok_or_else(|| {
            CommodityError::Unknown { field: "code".to_owned(), code: code.to_owned() }.into()
        })
    }
}
