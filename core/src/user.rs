//! Users, books and membership. A book belongs to one owner and may have other members (a
//! household); every other row in the database belongs to exactly one book. Authentication is
//! the host application's job: the engine trusts the user id it is handed.

use crate::ids::{BookId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A person who owns or shares books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// E-mail address, unique in the database.
    pub email: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// ISO 4217 code of the currency new books use by default.
    pub default_currency: String,
    /// BCP 47 locale, e.g. `en-GB`.
    pub locale: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// When the user was created (UTC).
    pub created_at: DateTime<Utc>,
}

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// E-mail address.
    pub email: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Default currency (ISO 4217).
    pub default_currency: String,
    /// Locale; `en` when not set.
    pub locale: String,
    /// Time zone; `UTC` when not set.
    pub time_zone: String,
}

impl NewUser {
    /// A user with locale `en` and time zone `UTC`; set the fields to change them.
    pub fn new(email: &str, given_name: &str, family_name: &str, default_currency: &str) -> Self {
        Self {
            email: email.to_owned(),
            given_name: given_name.to_owned(),
            family_name: family_name.to_owned(),
            default_currency: default_currency.to_owned(),
            locale: "en".to_owned(),
            time_zone: "UTC".to_owned(),
        }
    }
}

/// What a member may do in a book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Created the book; may do everything.
    Owner,
    /// May read and write.
    Member,
    /// May read only.
    Viewer,
}

impl Role {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Member => "member",
            Self::Viewer => "viewer",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "owner" => Self::Owner,
            "member" => Self::Member,
            "viewer" => Self::Viewer,
            _ => return None,
        })
    }
}

/// One member of a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The user.
    pub user_id: UserId,
    /// Their role.
    pub role: Role,
}

/// A book's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookInfo {
    /// Id.
    pub id: BookId,
    /// Name shown to the user.
    pub name: String,
    /// Owner.
    pub owner_id: UserId,
    /// Default currency of new accounts and reports.
    pub default_currency: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// A book to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBook {
    /// Name.
    pub name: String,
    /// Owner.
    pub owner_id: UserId,
    /// Default currency (ISO 4217 or a currency defined later).
    pub default_currency: String,
}

impl NewBook {
    /// A book named `name` owned by `owner_id`.
    pub fn new(name: &str, owner_id: UserId, default_currency: &str) -> Self {
        Self { name: name.to_owned(), owner_id, default_currency: default_currency.to_owned() }
    }
}

/// Errors of users, books and membership.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    /// A field of a user or book is malformed.
    #[error("{field}: {reason} ('{value}')")]
    InvalidField {
        /// Field at fault.
        field: String,
        /// The value as given.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// No such user.
    #[error("user {0} not found")]
    UserNotFound(UserId),
    /// No such book (or not visible to this user).
    #[error("book {0} not found")]
    BookNotFound(BookId),
    /// The user is not a member of the book.
    #[error("user {user} is not a member of book {book}")]
    NotAMember {
        /// User.
        user: UserId,
        /// Book.
        book: BookId,
    },
    /// The user may read but not write this book.
    #[error("user {user} may only read book {book}")]
    ReadOnly {
        /// User.
        user: UserId,
        /// Book.
        book: BookId,
    },
    /// The e-mail address is taken.
    #[error("email: a user with '{0}' already exists")]
    EmailTaken(String),
    /// The user is already a member.
    #[error("user {user} is already a member of book {book}")]
    AlreadyMember {
        /// User.
        user: UserId,
        /// Book.
        book: BookId,
    },
}

/// Checks a new user's fields.
///
/// # Errors
///
/// `invalid_field` naming the field.
pub fn validate_user(user: &NewUser) -> Result<(), UserError> {
    let invalid = |field: &str, value: &str, reason: &str| UserError::InvalidField {
        field: field.to_owned(),
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    let email = user.email.trim();
    let at = email.find('@');
    if email.len() < 3 || at.is_none_or(|i| i == 0 || i == email.len() - 1) || email.contains(' ') {
        return Err(invalid("email", &user.email, "not an e-mail address"));
    }
    if user.locale.trim().is_empty() {
        return Err(invalid("locale", &user.locale, "must not be empty"));
    }
    if user.time_zone.trim().is_empty() {
        return Err(invalid("time_zone", &user.time_zone, "must not be empty"));
    }
    Ok(())
}
