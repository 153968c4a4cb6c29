//! Bank connections of a book: created with the book account each provider account feeds and
//! the counter account, listed, remapped, deleted. The provider's access token is sealed with
//! the host's key before it is stored (see `import::seal`), never logged (the audit log shows
//! `has_token` only) and opened only by [`Imports::reveal_token`] with that key. Syncs are in
//! `book::sync`.

use std::collections::HashMap;

use crate::account::AccountError;
use crate::audit::{AuditAction, EntityKind};
use crate::ids::{AccountId, ConnectionId};
use crate::import::records::{
    Connection, ConnectionAccount, ConnectionStatus, ConnectionUpdate, ImportError, NewConnection,
};
use crate::import::seal;
use crate::query::QueryError;
use crate::Result;

use super::Imports;

impl Imports<'_> {
    /// Creates a bank connection. Its access token, if given, is sealed with `key` (32 bytes,
    /// kept by the host) before it is stored.
    ///
    /// # Errors
    ///
    /// `invalid_field` (`institution`, `name`, `accounts`, `accounts[i].provider_account_id`,
    /// `key`, a token without a key); `account_not_found` (`accounts[i].account_id`,
    /// `counter_account`); `read_only`.
    pub fn create_connection(
        &self,
        connection: NewConnection,
        key: Option<&[u8]>,
    ) -> Result<Connection> {
        self.book.check_writable()?;
        let blank = |field: &str, value: &str| -> Result<()> {
            if value.trim().is_empty() {
                return Err(QueryError::InvalidField {
                    field: field.to_owned(),
                    value: value.to_owned(),
                    reason: "must not be blank".to_owned(),
                }
                .into());
            }
            Ok(())
        };
        blank("institution", &connection.institution)?;
        blank("name", &connection.name)?;
        self.check_mapping(&connection.accounts, connection.counter_account)?;
        let sealed = match (&connection.access_token, key) {
            (Some(token), Some(key)) => {
                Some(seal::seal(key, self.book.id(), connection.provider, token)?)
            }
            (Some(_), None) => {
                return Err(QueryError::InvalidField {
                    field: "key".to_owned(),
                    value: String::new(),
                    reason: "an access token is sealed with a key: pass one".to_owned(),
                }
                .into())
            }
            (None, _) => None,
        };
        let now = self.book.engine.clock.now();
        let record = Connection {
            id: ConnectionId(0),
            provider: connection.provider,
            institution: connection.institution.trim().to_owned(),
            name: connection.name.trim().to_owned(),
            accounts: connection.accounts,
            counter_account: connection.counter_account,
            cursor: None,
            status: ConnectionStatus::Active,
            last_sync_at: None,
            last_error: None,
            sealed_token: sealed,
            created_at: now,
            updated_at: now,
        };
        let audit = self.book.audit(
            AuditAction::Create,
            EntityKind::Connection,
            None,
            None::<&()>,
            Some(&redacted(&record)),
        );
        self.book.engine.store.insert_connection(self.book.id(), &record, &audit)
    }

    /// The book's bank connections, by id.
    ///
    /// # Errors
    ///
    /// `storage`.
    pub fn connections(&self) -> Result<Vec<Connection>> {
        self.book.engine.store.connections(self.book.id())
    }

    /// A bank connection.
    ///
    /// # Errors
    ///
    /// `connection_not_found`.
    pub fn connection(&self, id: ConnectionId) -> Result<Connection> {
        self.connections()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| ImportError::ConnectionNotFound(id).into())
    }

    /// Changes a connection's name, account mapping, counter account or status.
    ///
    /// # Errors
    ///
    /// `connection_not_found`; as [`create_connection`](Self::create_connection) for the
    /// fields given; `read_only`.
    pub fn update_connection(
        &self,
        id: ConnectionId,
        update: ConnectionUpdate,
    ) -> Result<Connection> {
        self.book.check_writable()?;
        let before = self.connection(id)?;
        let mut after = before.clone();
        if let Some(name) = update.name {
            if name.trim().is_empty() {
                return Err(QueryError::InvalidField {
                    field: "name".to_owned(),
                    value: name,
                    reason: "must not be blank".to_owned(),
                }
                .into());
            }
            after.name = name.trim().to_owned();
        }
        if let Some(accounts) = update.accounts {
            after.accounts = accounts;
        }
        if let Some(counter) = update.counter_account {
            after.counter_account = counter;
        }
        if let Some(status) = update.status {
            after.status = status;
            if status == ConnectionStatus::Active {
                after.last_error = None;
            }
        }
        self.check_mapping(&after.accounts, after.counter_account)?;
        after.updated_at = self.book.engine.clock.now();
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Connection,
            Some(id.0),
            Some(&redacted(&before)),
            Some(&redacted(&after)),
        );
        self.book.engine.store.update_connection(self.book.id(), &after, &audit)?;
        Ok(after)
    }

    /// Replaces (or, with `None`, removes) a connection's access token, sealed with `key`.
    ///
    /// # Errors
    ///
    /// `connection_not_found`; `invalid_field` (field `key`); `read_only`.
    pub fn set_connection_token(
        &self,
        id: ConnectionId,
        token: Option<&str>,
        key: &[u8],
    ) -> Result<Connection> {
        self.book.check_writable()?;
        let before = self.connection(id)?;
        let mut after = before.clone();
        after.sealed_token = match token {
            Some(t) => Some(seal::seal(key, self.book.id(), after.provider, t)?),
            None => None,
        };
        after.updated_at = self.book.engine.clock.now();
        let audit = self.book.audit(
            AuditAction::Update,
            EntityKind::Connection,
            Some(id.0),
            Some(&redacted(&before)),
            Some(&redacted(&after)),
        );
        self.book.engine.store.update_connection(self.book.id(), &after, &audit)?;
        Ok(after)
    }

    /// The connection's access token in clear, opened with the host's `key`; `None` when it
    /// has none.
    ///
    /// # Errors
    ///
    /// `connection_not_found`; `token_key_mismatch` when `key` is not the one it was sealed
    /// with; `invalid_field` (field `key`) unless it is 32 bytes.
    pub fn reveal_token(&self, id: ConnectionId, key: &[u8]) -> Result<Option<String>> {
        let connection = self.connection(id)?;
        let Some(sealed) = &connection.sealed_token else { return Ok(None) };
        match seal::open(key, self.book.id(), connection.provider, sealed)? {
            Some(token) => Ok(Some(token)),
            None => Err(ImportError::TokenKeyMismatch(id).into()),
        }
    }

    /// Deletes a connection; its batches and the transactions it synced stay.
    ///
    /// # Errors
    ///
    /// `connection_not_found`; `read_only`.
    pub fn delete_connection(&self, id: ConnectionId) -> Result<()> {
        self.book.check_writable()?;
        let before = self.connection(id)?;
        let audit = self.book.audit(
            AuditAction::Delete,
            EntityKind::Connection,
            Some(id.0),
            Some(&redacted(&before)),
            None::<&()>,
        );
        self.book.engine.store.delete_connection(self.book.id(), id, &audit)
    }

    /// Checks a mapping: at least one account, no provider account twice, every book account
    /// in the book.
    pub(super) fn check_mapping(
        &self,
        accounts: &[ConnectionAccount],
        counter: AccountId,
    ) -> Result<()> {
        if accounts.is_empty() {
            return Err(QueryError::InvalidField {
                field: "accounts".to_owned(),
                value: String::new(),
                reason: "map at least one provider account to a book account".to_owned(),
            }
            .into());
        }
        let book_accounts: HashMap<AccountId, crate::Account> = self
            .book
            .engine
            .store
            .accounts(self.book.id())?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        for (i, a) in accounts.iter().enumerate() {
            if a.provider_account_id.trim().is_empty()
                || accounts[..i].iter().any(|b| b.provider_account_id == a.provider_account_id)
            {
                return Err(QueryError::InvalidField {
                    field: format!("accounts[{i}].provider_account_id"),
                    value: a.provider_account_id.clone(),
                    reason: "blank, or mapped twice".to_owned(),
                }
                .into());
            }
            if !book_accounts.contains_key(&a.account_id) {
                return Err(AccountError::NotFound {
                    field: format!("accounts[{i}].account_id"),
                    id: a.account_id,
                }
                .into());
            }
        }
        if !book_accounts.contains_key(&counter) {
            return Err(AccountError::NotFound {
                field: "counter_account".to_owned(),
                id: counter,
            }
            .into());
        }
        Ok(())
    }
}

/// A connection as the audit log shows it: the sealed token left out.
pub(super) fn redacted(connection: &Connection) -> serde_json::Value {
    let mut shown = connection.clone();
    shown.sealed_token = None;
    let mut value = serde_json::to_value(&shown).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert("has_token".to_owned(), serde_json::Value::Bool(connection.has_token()));
        map.remove("sealed_token");
    }
    value
}
