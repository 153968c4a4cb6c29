//! Sealing a bank connection's access token: XChaCha20-Poly1305 under a 32-byte key the host
//! supplies (the core never stores or derives keys), with a fresh random 24-byte nonce for
//! every seal (XChaCha's nonce is long enough that random nonces never repeat in practice, so
//! no counter has to be kept anywhere) and the book and provider as associated data, so a
//! sealed token copied to another book or connection kind does not open. The sealed form is
//! one version byte, the nonce, then the ciphertext with its 16-byte tag.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::ids::BookId;
use crate::import::records::Provider;
use crate::query::QueryError;
use crate::Result;

/// The version byte of the sealed form.
const VERSION: u8 = 1;
/// Bytes of an XChaCha20 nonce.
const NONCE: usize = 24;

/// The cipher of a host key; `invalid_field` (field `key`) unless it is 32 bytes.
fn cipher(key: &[u8]) -> Result<XChaCha20Poly1305> {
    XChaCha20Poly1305::new_from_slice(key).map_err(|_| {
        QueryError::InvalidField {
            field: "key".to_owned(),
            value: format!("{} bytes", key.len()),
            reason: "the token key must be 32 bytes".to_owned(),
        }
        .into()
    })
}

fn aad(book: BookId, provider: Provider) -> Vec<u8> {
    format!("tally:connection-token:v{VERSION}:{}:{}", book.0, provider.as_str()).into_bytes()
}

/// Seals `token`.
pub(crate) fn seal(key: &[u8], book: BookId, provider: Provider, token: &str) -> Result<Vec<u8>> {
    let cipher = cipher(key)?;
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let aad = aad(book, provider);
    let sealed = cipher
        .encrypt(&nonce, Payload { msg: token.as_bytes(), aad: &aad })
        .map_err(|_| crate::store::StoreError::Backend { message: "sealing failed".to_owned() })?;
    let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a sealed token; `None` when the key (or the book, or the provider) is not the one it
/// was sealed with, or the bytes were changed.
pub(crate) fn open(
    key: &[u8],
    book: BookId,
    provider: Provider,
    sealed: &[u8],
) -> Result<Option<String>> {
    let cipher = cipher(key)?;
    let Some((&VERSION, rest)) = sealed.split_first() else { return Ok(None) };
    if rest.len() < NONCE {
        return Ok(None);
    }
    let (nonce, body) = rest.split_at(NONCE);
    let aad = aad(book, provider);
    let Ok(clear) = cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: &aad })
    else {
        return Ok(None);
    };
    Ok(String::from_utf8(clear).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_with_the_same_key_only() {
        let key = [7u8; 32];
        let book = BookId(3);
        let a = seal(&key, book, Provider::Plaid, "access-sandbox-123").expect("seal");
        let b = seal(&key, book, Provider::Plaid, "access-sandbox-123").expect("seal");
        assert_ne!(a, b, "a fresh nonce per seal");
        assert!(!a.windows(7).any(|w| w == b"sandbox"), "no clear text in the sealed form");
        assert_eq!(
            open(&key, book, Provider::Plaid, &a).expect("open").as_deref(),
            Some("access-sandbox-123")
        );
        assert_eq!(open(&[8u8; 32], book, Provider::Plaid, &a).expect("open"), None);
        assert_eq!(open(&key, BookId(4), Provider::Plaid, &a).expect("open"), None);
        assert_eq!(open(&key, book, Provider::Simplefin, &a).expect("open"), None);
        let mut tampered = a.clone();
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert_eq!(open(&key, book, Provider::Plaid, &tampered).expect("open"), None);
        let short = seal(&[1u8; 16], book, Provider::Plaid, "x").expect_err("short key");
        assert_eq!(short.code(), "invalid_field");
    }
}
