//! The host's clock: an app (or a test) can hand the engine its own notion of "now", as Rust
//! code passes a `tally_core::Clock`.

use crate::conversion::Timestamp;
use std::sync::Arc;

/// Source of "now" implemented by the host (Kotlin/Swift/Python).
#[uniffi::export(with_foreign)]
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// Adapts a host clock to the core's clock trait.
pub(crate) struct HostClock(pub(crate) Arc<dyn Clock>);

impl tally_core::Clock for HostClock {
    fn now(&self) -> Timestamp {
        self.0.now()
    }
}
