//! `book.commodities`: the ISO 4217 currencies built into every book, and the securities, funds
//! and crypto assets a user defines with their own scale.

use crate::book::BookRef;
use crate::conversion::CommodityKindArg;
use crate::records::Commodity;
use crate::table::{Rows, Table};
use pyo3::prelude::*;
use tally_core as core;

/// Commodity calls of a `Book`: `book.commodities`.
#[pyclass(module = "tally", frozen)]
pub struct Commodities(pub(crate) BookRef);

#[pymethods]
impl Commodities {
    /// Defines a commodity with its own scale, e.g. `define('BTC', 'Bitcoin', 8, 'crypto')`;
    /// `kind` is 'currency', 'security', 'crypto' or 'other'.
    ///
    /// Raises `ValidationError` (`invalid_commodity_code`, `invalid_scale`), `ConflictError`
    /// (`commodity_exists`), `TallyPermissionError` (`read_only`).
    fn define(
        &self,
        py: Python<'_>,
        code: String,
        name: String,
        scale: u32,
        kind: CommodityKindArg,
    ) -> PyResult<Commodity> {
        let new = core::NewCommodity { code, name, scale, kind: kind.0 };
        self.0.call(py, move |b| b.commodities().define(new)).map(Commodity)
    }

    /// The book's user-defined commodities, as a `Table` of `Commodity`.
    fn list(&self, py: Python<'_>) -> PyResult<Table> {
        Ok(self.0.table(Rows::Commodities(self.0.call(py, |b| b.commodities().list())?)))
    }

    /// A commodity by code: an ISO 4217 currency or one defined in this book. Raises
    /// `ValidationError` (`unknown_commodity`).
    fn get(&self, py: Python<'_>, code: String) -> PyResult<Commodity> {
        self.0.call(py, move |b| b.commodities().get(&code)).map(Commodity)
    }
}
