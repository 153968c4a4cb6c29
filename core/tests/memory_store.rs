//! The store conformance suite against the in-memory reference store. It needs the
//! `conformance` feature (`cargo test -p tally-core --features conformance`; `scripts/test`
//! passes `--all-features`).
#![cfg(feature = "conformance")]

tally_core::store_conformance_tests!(tally_core::Engine::in_memory);
