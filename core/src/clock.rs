//! The injected clock: every date- or time-dependent answer asks a [`Clock`], so tests of
//! budgets, goals, alerts and audit timestamps are deterministic.

use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Mutex;

/// Source of "now" for the engine.
pub trait Clock: Send + Sync {
    /// The current instant, in UTC (audit and sync timestamps are UTC).
    fn now(&self) -> DateTime<Utc>;

    /// Today's civil date in UTC. Hosts that care about the user's time zone pass a clock
    /// whose `today` is computed in that zone.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved; for tests and reproducible runs.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    /// A clock fixed at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self { now: Mutex::new(now) }
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = now;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
