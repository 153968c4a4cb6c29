//! The records and enums of portfolios that cross the binding boundary.

use crate::ids::{AccountId, TransactionId};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The asset class of a security, for allocation targets and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetClass {
    /// Shares of a company.
    Stock,
    /// Bonds and other fixed income.
    Bond,
    /// Exchange-traded funds.
    Etf,
    /// Mutual funds.
    MutualFund,
    /// Crypto assets.
    Crypto,
    /// Physical commodities (gold, oil).
    Commodity,
    /// Real estate and REITs.
    RealEstate,
    /// Cash and money-market funds.
    Cash,
    /// Anything else.
    Other,
}

impl AssetClass {
    /// Every class, in declaration order.
    pub const ALL: [Self; 9] = [
        Self::Stock,
        Self::Bond,
        Self::Etf,
        Self::MutualFund,
        Self::Crypto,
        Self::Commodity,
        Self::RealEstate,
        Self::Cash,
        Self::Other,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stock => "stock",
            Self::Bond => "bond",
            Self::Etf => "etf",
            Self::MutualFund => "mutual_fund",
            Self::Crypto => "crypto",
            Self::Commodity => "commodity",
            Self::RealEstate => "real_estate",
            Self::Cash => "cash",
            Self::Other => "other",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// How a sale picks the lots it reduces; set per account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingMethod {
    /// First in, first out (the default).
    #[default]
    Fifo,
    /// Last in, first out.
    Lifo,
    /// Highest cost per unit first (the least taxable gain).
    Hifo,
    /// The average cost of the whole remaining pool (France, the UK, Canada); quantities leave
    /// the oldest lots first, which only decides the holding period.
    Average,
}

impl BookingMethod {
    /// Every method.
    pub const ALL: [Self; 4] = [Self::Fifo, Self::Lifo, Self::Hifo, Self::Average];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fifo => "fifo",
            Self::Lifo => "lifo",
            Self::Hifo => "hifo",
            Self::Average => "average",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// A security: a commodity of the book with what a portfolio needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Security {
    /// Commodity code (`AAPL`, `VWCE.DE`, `BTC`).
    pub code: String,
    /// Asset class.
    pub asset_class: AssetClass,
    /// Currency it is quoted (priced) in.
    pub currency: String,
}

/// A security to define (the commodity and its details in one write).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSecurity {
    /// Commodity code.
    pub code: String,
    /// Human name.
    pub name: String,
    /// Decimals of a unit's quantity: 0 for securities that cannot be held in fractions.
    pub scale: u32,
    /// Asset class.
    pub asset_class: AssetClass,
    /// Currency it is quoted in.
    pub currency: String,
}

impl NewSecurity {
    /// A security `code` quoted in `currency`, whole units (scale 0).
    pub fn new(code: &str, name: &str, asset_class: AssetClass, currency: &str) -> Self {
        Self {
            code: code.to_owned(),
            name: name.to_owned(),
            scale: 0,
            asset_class,
            currency: currency.to_owned(),
        }
    }

    /// Sets the quantity scale (fractional shares, crypto).
    #[must_use]
    pub fn scale(mut self, scale: u32) -> Self {
        self.scale = scale;
        self
    }
}

/// Identifies a lot: the id of the split that opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LotId(pub i64);

impl std::fmt::Display for LotId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A lot: units of one security bought together, in one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lot {
    /// Id.
    pub id: LotId,
    /// Account holding it.
    pub account_id: AccountId,
    /// Security code.
    pub security: String,
    /// Acquisition date (kept through transfers in kind and splits).
    pub acquired: NaiveDate,
    /// Units remaining.
    pub quantity: Decimal,
    /// Cost basis of the remaining units, fees included, in `currency`.
    pub cost: Decimal,
    /// Currency of the cost.
    pub currency: String,
    /// Fees allocated to the lot when it was bought (of the units bought).
    pub fees: Decimal,
    /// Transaction that opened it.
    pub opened_by: TransactionId,
}

impl Lot {
    /// Cost per unit (exact to 28 digits); zero for an empty lot.
    pub fn unit_cost(&self) -> Decimal {
        if self.quantity.is_zero() {
            Decimal::ZERO
        } else {
            self.cost.checked_div(self.quantity).unwrap_or_default()
        }
    }
}

/// Units a sale takes from one specific lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotPick {
    /// The lot.
    pub lot_id: LotId,
    /// Units to take from it.
    pub quantity: Decimal,
}

impl LotPick {
    /// `quantity` units of `lot`.
    pub fn new(lot_id: LotId, quantity: Decimal) -> Self {
        Self { lot_id, quantity }
    }
}

/// The gain realized by the sale of units of one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealizedGain {
    /// The sale.
    pub transaction_id: TransactionId,
    /// Sale date.
    pub date: NaiveDate,
    /// Account sold from.
    pub account_id: AccountId,
    /// Security.
    pub security: String,
    /// Lot sold from.
    pub lot_id: LotId,
    /// The lot's acquisition date.
    pub acquired: NaiveDate,
    /// Units sold.
    pub quantity: Decimal,
    /// Their cost basis.
    pub cost: Decimal,
    /// Net proceeds (after the sale's fees).
    pub proceeds: Decimal,
    /// `proceeds - cost`.
    pub gain: Decimal,
    /// Currency of cost, proceeds and gain.
    pub currency: String,
    /// Days between acquisition and sale.
    pub holding_days: i64,
    /// Held longer than the caller's threshold.
    pub long_term: bool,
}

/// Income received from a security or an account (dividends, interest, other distributions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRow {
    /// Account that received it.
    pub account_id: AccountId,
    /// Security that paid it, where known.
    pub security: Option<String>,
    /// What it was.
    pub kind: OperationKind,
    /// Total over the period.
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// Payments counted.
    pub count: u64,
}

/// The kind of an investment operation (the `invest:<kind>` tag of its transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// A purchase.
    Buy,
    /// A sale.
    Sell,
    /// A cash dividend.
    Dividend,
    /// A dividend reinvested in the security.
    Reinvest,
    /// Interest.
    Interest,
    /// A fee charged to the account.
    Fee,
    /// A split or reverse split.
    Split,
    /// A transfer of units between accounts, cost and dates kept.
    Transfer,
    /// A return of capital, lowering the cost basis.
    ReturnOfCapital,
}

impl OperationKind {
    /// Every kind.
    pub const ALL: [Self; 9] = [
        Self::Buy,
        Self::Sell,
        Self::Dividend,
        Self::Reinvest,
        Self::Interest,
        Self::Fee,
        Self::Split,
        Self::Transfer,
        Self::ReturnOfCapital,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buy => "buy",
            Self::Sell => "sell",
            Self::Dividend => "dividend",
            Self::Reinvest => "reinvest",
            Self::Interest => "interest",
            Self::Fee => "fee",
            Self::Split => "split",
            Self::Transfer => "transfer",
            Self::ReturnOfCapital => "return_of_capital",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The tag its transactions carry.
    pub fn tag(self) -> String {
        format!("{}{}", TAG_KIND, self.as_str())
    }

    /// True for the kinds that are income.
    pub fn is_income(self) -> bool {
        matches!(self, Self::Dividend | Self::Reinvest | Self::Interest)
    }
}

/// Tag prefix naming the operation kind of a transaction.
pub const TAG_KIND: &str = "invest:";
/// Tag prefix naming the security of a transaction.
pub const TAG_SECURITY: &str = "security:";
/// Memo prefix of a split that draws from (or continues) a lot.
pub const LOT_MEMO: &str = "lot:";

/// The default holding period above which a gain is long term, in days.
pub const DEFAULT_LONG_TERM_DAYS: i64 = 365;

/// What a target weight applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TargetKey {
    /// One security, by code.
    Security(String),
    /// Every security of an asset class.
    AssetClass(AssetClass),
}

impl TargetKey {
    /// `security` or `asset_class`.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Self::Security(_) => "security",
            Self::AssetClass(_) => "asset_class",
        }
    }

    /// The code or class name.
    pub fn value_str(&self) -> &str {
        match self {
            Self::Security(code) => code,
            Self::AssetClass(class) => class.as_str(),
        }
    }

    /// Parses the pair [`kind_str`](Self::kind_str), [`value_str`](Self::value_str).
    pub fn parse(kind: &str, value: &str) -> Option<Self> {
        match kind {
            "security" => Some(Self::Security(value.to_owned())),
            "asset_class" => AssetClass::parse(value).map(Self::AssetClass),
            _ => None,
        }
    }
}

/// A target weight, in percent of the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetWeight {
    /// What it applies to.
    pub key: TargetKey,
    /// Percent, 0 to 100; the weights of one set sum to 100.
    pub percent: Decimal,
}

impl TargetWeight {
    /// `percent` % in security `code`.
    pub fn security(code: &str, percent: Decimal) -> Self {
        Self { key: TargetKey::Security(code.to_owned()), percent }
    }

    /// `percent` % in asset class `class`.
    pub fn asset_class(class: AssetClass, percent: Decimal) -> Self {
        Self { key: TargetKey::AssetClass(class), percent }
    }
}

/// Errors of portfolios.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortfolioError {
    /// A sale, transfer or pick asks for more units than are held.
    #[error("{field}: {asked} {security} asked, only {held} held")]
    InsufficientQuantity {
        /// Field at fault.
        field: String,
        /// Security.
        security: String,
        /// Units held (in the account, or in the lot named).
        held: Decimal,
        /// Units asked.
        asked: Decimal,
    },
    /// A lot named by the caller is not open in the account for the security.
    #[error("{field}: lot {lot} is not an open lot of {security} in this account")]
    LotNotFound {
        /// Field at fault.
        field: String,
        /// Lot asked.
        lot: LotId,
        /// Security.
        security: String,
    },
    /// The commodity is a currency or has no security details.
    #[error("{field}: '{code}' is not a security of this book (define it with define_security)")]
    NotASecurity {
        /// Field at fault.
        field: String,
        /// Code given.
        code: String,
    },
    /// Target weights that do not make a valid set.
    #[error("{field}: {reason}")]
    InvalidTargets {
        /// Field at fault.
        field: String,
        /// What is wrong.
        reason: String,
    },
}
