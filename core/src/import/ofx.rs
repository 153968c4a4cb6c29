//! Reader of ofx bank files into [`Statement`](super::Statement)s.
