//! `book.reports`: spending and income by category over a period, rolled up the category tree.

use crate::book::BookRef;
use crate::conversion::Day;
use crate::table::{Rows, Table};
use pyo3::prelude::*;

/// Report calls of a `Book`: `book.reports`.
#[pyclass(module = "tally", frozen)]
pub struct Reports(pub(crate) BookRef);

#[pymethods]
impl Reports {
    /// Spending per expense category from `date_from` to `date_to` inclusive (spending
    /// positive, refunds negative), per commodity, rolled up the tree; categories without
    /// activity are left out. A `Table` of `CategoryAmount`.
    fn spending_by_category(
        &self,
        py: Python<'_>,
        date_from: Day,
        date_to: Day,
    ) -> PyResult<Table> {
        let (from, to) = (date_from.0, date_to.0);
        let rows = self.0.call(py, move |b| b.reports().spending_by_category(from, to))?;
        Ok(self.0.table(Rows::Categories(rows)))
    }

    /// Income per income category from `date_from` to `date_to` inclusive (income positive).
    /// A `Table` of `CategoryAmount`.
    fn income_by_category(&self, py: Python<'_>, date_from: Day, date_to: Day) -> PyResult<Table> {
        let (from, to) = (date_from.0, date_to.0);
        let rows = self.0.call(py, move |b| b.reports().income_by_category(from, to))?;
        Ok(self.0.table(Rows::Categories(rows)))
    }
}
