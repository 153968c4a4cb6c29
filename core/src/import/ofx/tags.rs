//! What the OFX reader knows of OFX's element names: which are aggregates (and where each may
//! stand, so that the end tags a bank left out can be inferred), which are values, and which
//! values each aggregate holds. Names it does not know (Intuit's `INTU.*`, a bank's own
//! extensions) are neither: the reader skips them.

/// The kind of statement an aggregate opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// STMTRS.
    Bank,
    /// CCSTMTRS.
    Card,
    /// INVSTMTRS.
    Invest,
}

/// An aggregate the reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    /// OFX.
    Ofx,
    /// A message set (`BANKMSGSRSV1`, `SECLISTMSGSRSV1`, ...).
    MsgSet,
    /// SONRS.
    Sonrs,
    /// STMTTRNRS, CCSTMTTRNRS, INVSTMTTRNRS.
    Trnrs,
    /// STATUS.
    Status,
    /// FI.
    Fi,
    /// STMTRS, CCSTMTRS, INVSTMTRS.
    Stmtrs(Kind),
    /// BANKACCTFROM.
    BankAcctFrom,
    /// CCACCTFROM.
    CcAcctFrom,
    /// INVACCTFROM.
    InvAcctFrom,
    /// BANKACCTTO, CCACCTTO (the other side of a transfer: not the statement's account).
    AcctTo,
    /// BANKTRANLIST.
    BankTranList,
    /// BANKTRANLISTP (pending lines, OFX 2.1).
    BankTranListP,
    /// STMTTRN.
    StmtTrn,
    /// STMTTRNP.
    StmtTrnP,
    /// PAYEE.
    Payee,
    /// CURRENCY.
    Currency,
    /// ORIGCURRENCY.
    OrigCurrency,
    /// LEDGERBAL.
    LedgerBal,
    /// AVAILBAL.
    AvailBal,
    /// BALLIST.
    BalList,
    /// BAL.
    Bal,
    /// INVTRANLIST.
    InvTranList,
    /// BUYSTOCK, SELLMF, INCOME, REINVEST, TRANSFER, ...
    InvTx,
    /// INVBANKTRAN.
    InvBankTran,
    /// INVBUY, INVSELL.
    InvPart,
    /// INVTRAN.
    InvTran,
    /// SECID.
    SecId,
    /// INVBAL.
    InvBal,
    /// INVPOSLIST, INV401K, INV401KBAL, INVOOLIST: read past.
    InvOther,
    /// POSSTOCK, POSMF, ...: read past.
    Pos,
    /// SECLIST.
    SecList,
    /// STOCKINFO, MFINFO, DEBTINFO, OPTINFO, OTHERINFO.
    SecWrap,
    /// SECINFO.
    SecInfo,
    /// An aggregate it does not know, closed by an end tag further on.
    Other,
}

/// A value the reader uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Code,
    Severity,
    Message,
    CurDef,
    BankId,
    BranchId,
    AcctId,
    AcctType,
    BrokerId,
    DtStart,
    DtEnd,
    TrnType,
    DtPosted,
    DtUser,
    DtTran,
    TrnAmt,
    FitId,
    CheckNum,
    RefNum,
    Name,
    ExtdName,
    Memo,
    AcctBal,
    CurSym,
    BalAmt,
    DtAsOf,
    UniqueId,
    UniqueIdType,
    DtTrade,
    DtSettle,
    Units,
    UnitPrice,
    Commission,
    Fees,
    Load,
    Total,
    BuyType,
    SellType,
    IncomeType,
    TferAction,
    OptAction,
    OldUnits,
    NewUnits,
    SecName,
    Ticker,
    AvailCash,
    /// A value of OFX the reader does not use (`DTSERVER`, `SUBACCTSEC`, ...): known so that an
    /// empty one in SGML is not taken for an aggregate.
    Unused,
}

/// What a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// An aggregate.
    Agg(Tag),
    /// A value.
    Leaf(Field),
    /// Unknown.
    Unknown,
}

use Field as F;
use Tag as T;

/// Every known name, sorted for a binary search.
const NAMES: &[(&str, Class)] = &[
    ("ACCTBAL", Class::Leaf(F::AcctBal)),
    ("ACCTID", Class::Leaf(F::AcctId)),
    ("ACCTKEY", Class::Leaf(F::Unused)),
    ("ACCTTYPE", Class::Leaf(F::AcctType)),
    ("ADDR1", Class::Leaf(F::Unused)),
    ("ADDR2", Class::Leaf(F::Unused)),
    ("ADDR3", Class::Leaf(F::Unused)),
    ("AVAILBAL", Class::Agg(T::AvailBal)),
    ("AVAILCASH", Class::Leaf(F::AvailCash)),
    ("BAL", Class::Agg(T::Bal)),
    ("BALAMT", Class::Leaf(F::BalAmt)),
    ("BALLIST", Class::Agg(T::BalList)),
    ("BALTYPE", Class::Leaf(F::Unused)),
    ("BANKACCTFROM", Class::Agg(T::BankAcctFrom)),
    ("BANKACCTTO", Class::Agg(T::AcctTo)),
    ("BANKID", Class::Leaf(F::BankId)),
    ("BANKTRANLIST", Class::Agg(T::BankTranList)),
    ("BANKTRANLISTP", Class::Agg(T::BankTranListP)),
    ("BRANCHID", Class::Leaf(F::BranchId)),
    ("BROKERID", Class::Leaf(F::BrokerId)),
    ("BUYDEBT", Class::Agg(T::InvTx)),
    ("BUYMF", Class::Agg(T::InvTx)),
    ("BUYOPT", Class::Agg(T::InvTx)),
    ("BUYOTHER", Class::Agg(T::InvTx)),
    ("BUYPOWER", Class::Leaf(F::Unused)),
    ("BUYSTOCK", Class::Agg(T::InvTx)),
    ("BUYTYPE", Class::Leaf(F::BuyType)),
    ("CATEGORY", Class::Leaf(F::Unused)),
    ("CCACCTFROM", Class::Agg(T::CcAcctFrom)),
    ("CCACCTTO", Class::Agg(T::AcctTo)),
    ("CCSTMTRS", Class::Agg(T::Stmtrs(Kind::Card))),
    ("CCSTMTTRNRS", Class::Agg(T::Trnrs)),
    ("CHECKNUM", Class::Leaf(F::CheckNum)),
    ("CITY", Class::Leaf(F::Unused)),
    ("CLOSUREOPT", Class::Agg(T::InvTx)),
    ("CLTCOOKIE", Class::Leaf(F::Unused)),
    ("CODE", Class::Leaf(F::Code)),
    ("COMMISSION", Class::Leaf(F::Commission)),
    ("CORRECTACTION", Class::Leaf(F::Unused)),
    ("CORRECTFITID", Class::Leaf(F::Unused)),
    ("COUNTRY", Class::Leaf(F::Unused)),
    ("CURDEF", Class::Leaf(F::CurDef)),
    ("CURRATE", Class::Leaf(F::Unused)),
    ("CURRENCY", Class::Agg(T::Currency)),
    ("CURSYM", Class::Leaf(F::CurSym)),
    ("DEBTINFO", Class::Agg(T::SecWrap)),
    ("DENOMINATOR", Class::Leaf(F::Unused)),
    ("DESC", Class::Leaf(F::Unused)),
    ("DTACCTUP", Class::Leaf(F::Unused)),
    ("DTASOF", Class::Leaf(F::DtAsOf)),
    ("DTAVAIL", Class::Leaf(F::Unused)),
    ("DTEND", Class::Leaf(F::DtEnd)),
    ("DTEXPIRE", Class::Leaf(F::Unused)),
    ("DTPOSTED", Class::Leaf(F::DtPosted)),
    ("DTPRICEASOF", Class::Leaf(F::Unused)),
    ("DTPROFUP", Class::Leaf(F::Unused)),
    ("DTSERVER", Class::Leaf(F::Unused)),
    ("DTSETTLE", Class::Leaf(F::DtSettle)),
    ("DTSTART", Class::Leaf(F::DtStart)),
    ("DTTRADE", Class::Leaf(F::DtTrade)),
    ("DTTRAN", Class::Leaf(F::DtTran)),
    ("DTUSER", Class::Leaf(F::DtUser)),
    ("EXTDNAME", Class::Leaf(F::ExtdName)),
    ("FEES", Class::Leaf(F::Fees)),
    ("FI", Class::Agg(T::Fi)),
    ("FID", Class::Leaf(F::Unused)),
    ("FIID", Class::Leaf(F::Unused)),
    ("FITID", Class::Leaf(F::FitId)),
    ("HELDINACCT", Class::Leaf(F::Unused)),
    ("INCOME", Class::Agg(T::InvTx)),
    ("INCOMETYPE", Class::Leaf(F::IncomeType)),
    ("INV401K", Class::Agg(T::InvOther)),
    ("INV401KBAL", Class::Agg(T::InvOther)),
    ("INV401KSOURCE", Class::Leaf(F::Unused)),
    ("INVACCTFROM", Class::Agg(T::InvAcctFrom)),
    ("INVBAL", Class::Agg(T::InvBal)),
    ("INVBANKTRAN", Class::Agg(T::InvBankTran)),
    ("INVBUY", Class::Agg(T::InvPart)),
    ("INVEXPENSE", Class::Agg(T::InvTx)),
    ("INVOOLIST", Class::Agg(T::InvOther)),
    ("INVPOSLIST", Class::Agg(T::InvOther)),
    ("INVSELL", Class::Agg(T::InvPart)),
    ("INVSTMTRS", Class::Agg(T::Stmtrs(Kind::Invest))),
    ("INVSTMTTRNRS", Class::Agg(T::Trnrs)),
    ("INVTRAN", Class::Agg(T::InvTran)),
    ("INVTRANLIST", Class::Agg(T::InvTranList)),
    ("JRNLFUND", Class::Agg(T::InvTx)),
    ("JRNLSEC", Class::Agg(T::InvTx)),
    ("LANGUAGE", Class::Leaf(F::Unused)),
    ("LEDGERBAL", Class::Agg(T::LedgerBal)),
    ("LOAD", Class::Leaf(F::Load)),
    ("MARGINBALANCE", Class::Leaf(F::Unused)),
    ("MARGININTEREST", Class::Agg(T::InvTx)),
    ("MARKDOWN", Class::Leaf(F::Unused)),
    ("MARKUP", Class::Leaf(F::Unused)),
    ("MEMO", Class::Leaf(F::Memo)),
    ("MESSAGE", Class::Leaf(F::Message)),
    ("MFINFO", Class::Agg(T::SecWrap)),
    ("MKTGINFO", Class::Leaf(F::Unused)),
    ("MKTVAL", Class::Leaf(F::Unused)),
    ("NAME", Class::Leaf(F::Name)),
    ("NEWUNITS", Class::Leaf(F::NewUnits)),
    ("NUMERATOR", Class::Leaf(F::Unused)),
    ("OFX", Class::Agg(T::Ofx)),
    ("OLDUNITS", Class::Leaf(F::OldUnits)),
    ("OPTACTION", Class::Leaf(F::OptAction)),
    ("OPTINFO", Class::Agg(T::SecWrap)),
    ("ORG", Class::Leaf(F::Unused)),
    ("ORIGCURRENCY", Class::Agg(T::OrigCurrency)),
    ("OTHERINFO", Class::Agg(T::SecWrap)),
    ("PAYEE", Class::Agg(T::Payee)),
    ("PAYEEID", Class::Leaf(F::Unused)),
    ("PHONE", Class::Leaf(F::Unused)),
    ("POSDEBT", Class::Agg(T::Pos)),
    ("POSMF", Class::Agg(T::Pos)),
    ("POSOPT", Class::Agg(T::Pos)),
    ("POSOTHER", Class::Agg(T::Pos)),
    ("POSSTOCK", Class::Agg(T::Pos)),
    ("POSTALCODE", Class::Leaf(F::Unused)),
    ("POSTYPE", Class::Leaf(F::Unused)),
    ("REFNUM", Class::Leaf(F::RefNum)),
    ("REINVEST", Class::Agg(T::InvTx)),
    ("RETOFCAP", Class::Agg(T::InvTx)),
    ("REVERSALFITID", Class::Leaf(F::Unused)),
    ("SECID", Class::Agg(T::SecId)),
    ("SECINFO", Class::Agg(T::SecInfo)),
    ("SECLIST", Class::Agg(T::SecList)),
    ("SECNAME", Class::Leaf(F::SecName)),
    ("SELLDEBT", Class::Agg(T::InvTx)),
    ("SELLMF", Class::Agg(T::InvTx)),
    ("SELLOPT", Class::Agg(T::InvTx)),
    ("SELLOTHER", Class::Agg(T::InvTx)),
    ("SELLSTOCK", Class::Agg(T::InvTx)),
    ("SELLTYPE", Class::Leaf(F::SellType)),
    ("SEVERITY", Class::Leaf(F::Severity)),
    ("SHORTBALANCE", Class::Leaf(F::Unused)),
    ("SIC", Class::Leaf(F::Unused)),
    ("SONRS", Class::Agg(T::Sonrs)),
    ("SPLIT", Class::Agg(T::InvTx)),
    ("SRVRTID", Class::Leaf(F::Unused)),
    ("STATE", Class::Leaf(F::Unused)),
    ("STATUS", Class::Agg(T::Status)),
    ("STMTRS", Class::Agg(T::Stmtrs(Kind::Bank))),
    ("STMTTRN", Class::Agg(T::StmtTrn)),
    ("STMTTRNP", Class::Agg(T::StmtTrnP)),
    ("STMTTRNRS", Class::Agg(T::Trnrs)),
    ("STOCKINFO", Class::Agg(T::SecWrap)),
    ("SUBACCTFROM", Class::Leaf(F::Unused)),
    ("SUBACCTFUND", Class::Leaf(F::Unused)),
    ("SUBACCTSEC", Class::Leaf(F::Unused)),
    ("SUBACCTTO", Class::Leaf(F::Unused)),
    ("TAXES", Class::Leaf(F::Unused)),
    ("TFERACTION", Class::Leaf(F::TferAction)),
    ("TICKER", Class::Leaf(F::Ticker)),
    ("TOTAL", Class::Leaf(F::Total)),
    ("TRANSFER", Class::Agg(T::InvTx)),
    ("TRNAMT", Class::Leaf(F::TrnAmt)),
    ("TRNTYPE", Class::Leaf(F::TrnType)),
    ("TRNUID", Class::Leaf(F::Unused)),
    ("UNIQUEID", Class::Leaf(F::UniqueId)),
    ("UNIQUEIDTYPE", Class::Leaf(F::UniqueIdType)),
    ("UNITPRICE", Class::Leaf(F::UnitPrice)),
    ("UNITS", Class::Leaf(F::Units)),
    ("VALUE", Class::Leaf(F::Unused)),
];

/// What `name` (upper case) is.
pub(super) fn classify(name: &str) -> Class {
    match NAMES.binary_search_by(|(n, _)| (*n).cmp(name)) {
        Ok(i) => NAMES.get(i).map_or(Class::Unknown, |(_, c)| *c),
        Err(_) if name.ends_with("MSGSRSV1") || name.ends_with("MSGSRSV2") => Class::Agg(T::MsgSet),
        Err(_) => Class::Unknown,
    }
}

/// Whether `parent` may hold `child`; `None` when `child` may stand anywhere (then no end tag
/// is inferred when it opens).
pub(super) fn fits(child: Tag, parent: Tag) -> Option<bool> {
    let stmt = matches!(parent, T::Stmtrs(_));
    let invest = parent == T::Stmtrs(Kind::Invest);
    Some(match child {
        T::MsgSet => parent == T::Ofx,
        T::Sonrs | T::Trnrs | T::SecList => parent == T::MsgSet,
        T::Stmtrs(_) => parent == T::Trnrs,
        T::BankTranList | T::BankTranListP | T::LedgerBal | T::AvailBal => stmt,
        T::InvTranList | T::InvBal | T::InvOther => invest,
        T::BalList => stmt || parent == T::InvBal,
        T::Bal => parent == T::BalList,
        T::StmtTrn => matches!(parent, T::BankTranList | T::InvBankTran),
        T::StmtTrnP => parent == T::BankTranListP,
        T::InvTx | T::InvBankTran => parent == T::InvTranList,
        T::InvPart => parent == T::InvTx,
        T::Pos => parent == T::InvOther,
        T::SecWrap => parent == T::SecList,
        T::SecInfo => parent == T::SecWrap,
        _ => return None,
    })
}

/// Aggregates whose values are all listed in [`holds`]: a value foreign to one of them, that an
/// aggregate further out holds, shows that the bank left its end tag out.
pub(super) fn is_closed_set(tag: Tag) -> bool {
    matches!(
        tag,
        T::Status
            | T::Fi
            | T::BankAcctFrom
            | T::CcAcctFrom
            | T::InvAcctFrom
            | T::AcctTo
            | T::Payee
            | T::Currency
            | T::OrigCurrency
            | T::LedgerBal
            | T::AvailBal
            | T::InvTran
            | T::SecId
    )
}

/// Whether `tag` holds the value `name` (all of its values for a closed set, the usual ones for
/// the others).
pub(super) fn holds(tag: Tag, name: &str) -> bool {
    let list: &[&str] = match tag {
        T::Status => &["CODE", "SEVERITY", "MESSAGE"],
        T::Fi => &["ORG", "FID"],
        T::BankAcctFrom | T::AcctTo => &["BANKID", "BRANCHID", "ACCTID", "ACCTTYPE", "ACCTKEY"],
        T::CcAcctFrom => &["ACCTID", "ACCTKEY"],
        T::InvAcctFrom => &["BROKERID", "ACCTID"],
        T::Payee => {
            &["NAME", "ADDR1", "ADDR2", "ADDR3", "CITY", "STATE", "POSTALCODE", "COUNTRY", "PHONE"]
        }
        T::Currency | T::OrigCurrency => &["CURRATE", "CURSYM"],
        T::LedgerBal | T::AvailBal => &["BALAMT", "DTASOF"],
        T::InvTran => &["FITID", "SRVRTID", "DTTRADE", "DTSETTLE", "REVERSALFITID", "MEMO"],
        T::SecId => &["UNIQUEID", "UNIQUEIDTYPE"],
        T::Sonrs => &[
            "DTSERVER",
            "USERKEY",
            "TSKEYEXPIRE",
            "LANGUAGE",
            "DTPROFUP",
            "DTACCTUP",
            "SESSCOOKIE",
            "ACCESSKEY",
        ],
        T::Trnrs => &["TRNUID", "CLTCOOKIE"],
        T::Stmtrs(_) => &["CURDEF", "MKTGINFO", "DTASOF"],
        T::BankTranList | T::InvTranList => &["DTSTART", "DTEND"],
        T::BankTranListP => &["DTASOF"],
        T::StmtTrn | T::StmtTrnP => &[
            "TRNTYPE",
            "DTPOSTED",
            "DTUSER",
            "DTAVAIL",
            "DTTRAN",
            "DTEXPIRE",
            "TRNAMT",
            "FITID",
            "CORRECTFITID",
            "CORRECTACTION",
            "SRVRTID",
            "CHECKNUM",
            "REFNUM",
            "SIC",
            "PAYEEID",
            "NAME",
            "EXTDNAME",
            "MEMO",
            "INV401KSOURCE",
        ],
        T::InvTx | T::InvBankTran | T::InvPart => &[
            "UNITS",
            "UNITPRICE",
            "MARKUP",
            "MARKDOWN",
            "COMMISSION",
            "TAXES",
            "FEES",
            "LOAD",
            "TOTAL",
            "SUBACCTSEC",
            "SUBACCTFUND",
            "SUBACCTFROM",
            "SUBACCTTO",
            "BUYTYPE",
            "SELLTYPE",
            "INCOMETYPE",
            "TFERACTION",
            "POSTYPE",
            "OPTACTION",
            "OLDUNITS",
            "NEWUNITS",
            "NUMERATOR",
            "DENOMINATOR",
            "INV401KSOURCE",
        ],
        T::InvBal => &["AVAILCASH", "MARGINBALANCE", "SHORTBALANCE", "BUYPOWER"],
        T::Bal => &["NAME", "DESC", "BALTYPE", "VALUE", "DTASOF"],
        T::SecInfo => &["SECNAME", "TICKER", "FIID", "RATING", "UNITPRICE", "DTASOF", "MEMO"],
        _ => &[],
    };
    list.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_unique() {
        for pair in NAMES.windows(2) {
            if let [(a, _), (b, _)] = pair {
                assert!(a < b, "{a} before {b}");
            }
        }
    }

    #[test]
    fn classifies() {
        assert_eq!(classify("STMTTRN"), Class::Agg(Tag::StmtTrn));
        assert_eq!(classify("TRNAMT"), Class::Leaf(Field::TrnAmt));
        assert_eq!(classify("CREDITCARDMSGSRSV1"), Class::Agg(Tag::MsgSet));
        assert_eq!(classify("INTU.BID"), Class::Unknown);
        assert_eq!(classify("ACCTBAL"), Class::Leaf(Field::AcctBal));
        assert_eq!(classify("VALUE"), Class::Leaf(Field::Unused));
    }

    #[test]
    fn placement_rules() {
        assert_eq!(fits(Tag::StmtTrn, Tag::BankTranList), Some(true));
        assert_eq!(fits(Tag::StmtTrn, Tag::StmtTrn), Some(false));
        assert_eq!(fits(Tag::LedgerBal, Tag::Stmtrs(Kind::Card)), Some(true));
        assert_eq!(fits(Tag::InvTranList, Tag::Stmtrs(Kind::Bank)), Some(false));
        assert_eq!(fits(Tag::SecId, Tag::InvPart), None);
        assert!(holds(Tag::Sonrs, "DTSERVER"));
        assert!(!holds(Tag::Status, "DTSERVER"));
        assert!(is_closed_set(Tag::Status) && !is_closed_set(Tag::StmtTrn));
    }
}
