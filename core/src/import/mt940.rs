//! Reader of mt940 bank files into [`Statement`](super::Statement)s.
