//! The ISO 4217 table of active currencies, built in so every book knows every currency's
//! minor units without set-up.
//!
//! The minor units fix each currency's scale, and the scale decides how many decimal places an
//! amount is stored with: amounts are kept as exact integers of minor units, so a wrong scale would
//! silently misstate every amount in that currency. The table follows ISO 4217 List One as
//! maintained by SIX (the maintenance agency), including the fund codes that have numeric minor
//! units (`BOV`, `CHE`, `CHW`, `CLF`, `COU`, `MXV`, `USN`, `UYI`, `UYW`) and leaving out withdrawn
//! codes (`ANG`, `HRK`, `SLL`, `ZWL`, ...) and the codes whose minor units are "N.A." (precious
//! metals, `XDR`, the `XB*` bond-market units, `XSU`, `XUA`, `XTS`, `XXX`).

/// One active ISO 4217 currency: alphabetic code, numeric code, minor units, English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoCurrency {
    /// Three-letter alphabetic code, e.g. `"EUR"`.
    pub code: &'static str,
    /// Three-digit numeric code, e.g. `978`.
    pub numeric: u16,
    /// Number of decimal places of the minor unit (JPY 0, EUR 2, BHD 3, CLF 4).
    pub minor_units: u32,
    /// English name as published by the maintenance agency.
    pub name: &'static str,
}

/// Every active currency, sorted by alphabetic code (binary-searchable).
pub const ISO_CURRENCIES: &[IsoCurrency] = &[
    IsoCurrency { code: "AED", numeric: 784, minor_units: 2, name: "UAE Dirham" },
    IsoCurrency { code: "AFN", numeric: 971, minor_units: 2, name: "Afghani" },
    IsoCurrency { code: "ALL", numeric: 8, minor_units: 2, name: "Lek" },
    IsoCurrency { code: "AMD", numeric: 51, minor_units: 2, name: "Armenian Dram" },
    IsoCurrency { code: "AOA", numeric: 973, minor_units: 2, name: "Kwanza" },
    IsoCurrency { code: "ARS", numeric: 32, minor_units: 2, name: "Argentine Peso" },
    IsoCurrency { code: "AUD", numeric: 36, minor_units: 2, name: "Australian Dollar" },
    IsoCurrency { code: "AWG", numeric: 533, minor_units: 2, name: "Aruban Florin" },
    IsoCurrency { code: "AZN", numeric: 944, minor_units: 2, name: "Azerbaijan Manat" },
    IsoCurrency { code: "BAM", numeric: 977, minor_units: 2, name: "Convertible Mark" },
    IsoCurrency { code: "BBD", numeric: 52, minor_units: 2, name: "Barbados Dollar" },
    IsoCurrency { code: "BDT", numeric: 50, minor_units: 2, name: "Taka" },
    IsoCurrency { code: "BGN", numeric: 975, minor_units: 2, name: "Bulgarian Lev" },
    IsoCurrency { code: "BHD", numeric: 48, minor_units: 3, name: "Bahraini Dinar" },
    IsoCurrency { code: "BIF", numeric: 108, minor_units: 0, name: "Burundi Franc" },
    IsoCurrency { code: "BMD", numeric: 60, minor_units: 2, name: "Bermudian Dollar" },
    IsoCurrency { code: "BND", numeric: 96, minor_units: 2, name: "Brunei Dollar" },
    IsoCurrency { code: "BOB", numeric: 68, minor_units: 2, name: "Boliviano" },
    IsoCurrency { code: "BOV", numeric: 984, minor_units: 2, name: "Mvdol" },
    IsoCurrency { code: "BRL", numeric: 986, minor_units: 2, name: "Brazilian Real" },
    IsoCurrency { code: "BSD", numeric: 44, minor_units: 2, name: "Bahamian Dollar" },
    IsoCurrency { code: "BTN", numeric: 64, minor_units: 2, name: "Ngultrum" },
    IsoCurrency { code: "BWP", numeric: 72, minor_units: 2, name: "Pula" },
    IsoCurrency { code: "BYN", numeric: 933, minor_units: 2, name: "Belarusian Ruble" },
    IsoCurrency { code: "BZD", numeric: 84, minor_units: 2, name: "Belize Dollar" },
    IsoCurrency { code: "CAD", numeric: 124, minor_units: 2, name: "Canadian Dollar" },
    IsoCurrency { code: "CDF", numeric: 976, minor_units: 2, name: "Congolese Franc" },
    IsoCurrency { code: "CHE", numeric: 947, minor_units: 2, name: "WIR Euro" },
    IsoCurrency { code: "CHF", numeric: 756, minor_units: 2, name: "Swiss Franc" },
    IsoCurrency { code: "CHW", numeric: 948, minor_units: 2, name: "WIR Franc" },
    IsoCurrency { code: "CLF", numeric: 990, minor_units: 4, name: "Unidad de Fomento" },
    IsoCurrency { code: "CLP", numeric: 152, minor_units: 0, name: "Chilean Peso" },
    IsoCurrency { code: "CNY", numeric: 156, minor_units: 2, name: "Yuan Renminbi" },
    IsoCurrency { code: "COP", numeric: 170, minor_units: 2, name: "Colombian Peso" },
    IsoCurrency { code: "COU", numeric: 970, minor_units: 2, name: "Unidad de Valor Real" },
    IsoCurrency { code: "CRC", numeric: 188, minor_units: 2, name: "Costa Rican Colon" },
    IsoCurrency { code: "CUC", numeric: 931, minor_units: 2, name: "Peso Convertible" },
    IsoCurrency { code: "CUP", numeric: 192, minor_units: 2, name: "Cuban Peso" },
    IsoCurrency { code: "CVE", numeric: 132, minor_units: 2, name: "Cabo Verde Escudo" },
    IsoCurrency { code: "CZK", numeric: 203, minor_units: 2, name: "Czech Koruna" },
    IsoCurrency { code: "DJF", numeric: 262, minor_units: 0, name: "Djibouti Franc" },
    IsoCurrency { code: "DKK", numeric: 208, minor_units: 2, name: "Danish Krone" },
    IsoCurrency { code: "DOP", numeric: 214, minor_units: 2, name: "Dominican Peso" },
    IsoCurrency { code: "DZD", numeric: 12, minor_units: 2, name: "Algerian Dinar" },
    IsoCurrency { code: "EGP", numeric: 818, minor_units: 2, name: "Egyptian Pound" },
    IsoCurrency { code: "ERN", numeric: 232, minor_units: 2, name: "Nakfa" },
    IsoCurrency { code: "ETB", numeric: 230, minor_units: 2, name: "Ethiopian Birr" },
    IsoCurrency { code: "EUR", numeric: 978, minor_units: 2, name: "Euro" },
    IsoCurrency { code: "FJD", numeric: 242, minor_units: 2, name: "Fiji Dollar" },
    IsoCurrency { code: "FKP", numeric: 238, minor_units: 2, name: "Falkland Islands Pound" },
    IsoCurrency { code: "GBP", numeric: 826, minor_units: 2, name: "Pound Sterling" },
    IsoCurrency { code: "GEL", numeric: 981, minor_units: 2, name: "Lari" },
    IsoCurrency { code: "GHS", numeric: 936, minor_units: 2, name: "Ghana Cedi" },
    IsoCurrency { code: "GIP", numeric: 292, minor_units: 2, name: "Gibraltar Pound" },
    IsoCurrency { code: "GMD", numeric: 270, minor_units: 2, name: "Dalasi" },
    IsoCurrency { code: "GNF", numeric: 324, minor_units: 0, name: "Guinean Franc" },
    IsoCurrency { code: "GTQ", numeric: 320, minor_units: 2, name: "Quetzal" },
    IsoCurrency { code: "GYD", numeric: 328, minor_units: 2, name: "Guyana Dollar" },
    IsoCurrency { code: "HKD", numeric: 344, minor_units: 2, name: "Hong Kong Dollar" },
    IsoCurrency { code: "HNL", numeric: 340, minor_units: 2, name: "Lempira" },
    IsoCurrency { code: "HTG", numeric: 332, minor_units: 2, name: "Gourde" },
    IsoCurrency { code: "HUF", numeric: 348, minor_units: 2, name: "Forint" },
    IsoCurrency { code: "IDR", numeric: 360, minor_units: 2, name: "Rupiah" },
    IsoCurrency { code: "ILS", numeric: 376, minor_units: 2, name: "New Israeli Sheqel" },
    IsoCurrency { code: "INR", numeric: 356, minor_units: 2, name: "Indian Rupee" },
    IsoCurrency { code: "IQD", numeric: 368, minor_units: 3, name: "Iraqi Dinar" },
    IsoCurrency { code: "IRR", numeric: 364, minor_units: 2, name: "Iranian Rial" },
    IsoCurrency { code: "ISK", numeric: 352, minor_units: 0, name: "Iceland Krona" },
    IsoCurrency { code: "JMD", numeric: 388, minor_units: 2, name: "Jamaican Dollar" },
    IsoCurrency { code: "JOD", numeric: 400, minor_units: 3, name: "Jordanian Dinar" },
    IsoCurrency { code: "JPY", numeric: 392, minor_units: 0, name: "Yen" },
    IsoCurrency { code: "KES", numeric: 404, minor_units: 2, name: "Kenyan Shilling" },
    IsoCurrency { code: "KGS", numeric: 417, minor_units: 2, name: "Som" },
    IsoCurrency { code: "KHR", numeric: 116, minor_units: 2, name: "Riel" },
    IsoCurrency { code: "KMF", numeric: 174, minor_units: 0, name: "Comorian Franc" },
    IsoCurrency { code: "KPW", numeric: 408, minor_units: 2, name: "North Korean Won" },
    IsoCurrency { code: "KRW", numeric: 410, minor_units: 0, name: "Won" },
    IsoCurrency { code: "KWD", numeric: 414, minor_units: 3, name: "Kuwaiti Dinar" },
    IsoCurrency { code: "KYD", numeric: 136, minor_units: 2, name: "Cayman Islands Dollar" },
    IsoCurrency { code: "KZT", numeric: 398, minor_units: 2, name: "Tenge" },
    IsoCurrency { code: "LAK", numeric: 418, minor_units: 2, name: "Lao Kip" },
    IsoCurrency { code: "LBP", numeric: 422, minor_units: 2, name: "Lebanese Pound" },
    IsoCurrency { code: "LKR", numeric: 144, minor_units: 2, name: "Sri Lanka Rupee" },
    IsoCurrency { code: "LRD", numeric: 430, minor_units: 2, name: "Liberian Dollar" },
    IsoCurrency { code: "LSL", numeric: 426, minor_units: 2, name: "Loti" },
    IsoCurrency { code: "LYD", numeric: 434, minor_units: 3, name: "Libyan Dinar" },
    IsoCurrency { code: "MAD", numeric: 504, minor_units: 2, name: "Moroccan Dirham" },
    IsoCurrency { code: "MDL", numeric: 498, minor_units: 2, name: "Moldovan Leu" },
    IsoCurrency { code: "MGA", numeric: 969, minor_units: 2, name: "Malagasy Ariary" },
    IsoCurrency { code: "MKD", numeric: 807, minor_units: 2, name: "Denar" },
    IsoCurrency { code: "MMK", numeric: 104, minor_units: 2, name: "Kyat" },
    IsoCurrency { code: "MNT", numeric: 496, minor_units: 2, name: "Tugrik" },
    IsoCurrency { code: "MOP", numeric: 446, minor_units: 2, name: "Pataca" },
    IsoCurrency { code: "MRU", numeric: 929, minor_units: 2, name: "Ouguiya" },
    IsoCurrency { code: "MUR", numeric: 480, minor_units: 2, name: "Mauritius Rupee" },
    IsoCurrency { code: "MVR", numeric: 462, minor_units: 2, name: "Rufiyaa" },
    IsoCurrency { code: "MWK", numeric: 454, minor_units: 2, name: "Malawi Kwacha" },
    IsoCurrency { code: "MXN", numeric: 484, minor_units: 2, name: "Mexican Peso" },
    IsoCurrency {
        code: "MXV",
        numeric: 979,
        minor_units: 2,
        name: "Mexican Unidad de Inversion (UDI)",
    },
    IsoCurrency { code: "MYR", numeric: 458, minor_units: 2, name: "Malaysian Ringgit" },
    IsoCurrency { code: "MZN", numeric: 943, minor_units: 2, name: "Mozambique Metical" },
    IsoCurrency { code: "NAD", numeric: 516, minor_units: 2, name: "Namibia Dollar" },
    IsoCurrency { code: "NGN", numeric: 566, minor_units: 2, name: "Naira" },
    IsoCurrency { code: "NIO", numeric: 558, minor_units: 2, name: "Cordoba Oro" },
    IsoCurrency { code: "NOK", numeric: 578, minor_units: 2, name: "Norwegian Krone" },
    IsoCurrency { code: "NPR", numeric: 524, minor_units: 2, name: "Nepalese Rupee" },
    IsoCurrency { code: "NZD", numeric: 554, minor_units: 2, name: "New Zealand Dollar" },
    IsoCurrency { code: "OMR", numeric: 512, minor_units: 3, name: "Rial Omani" },
    IsoCurrency { code: "PAB", numeric: 590, minor_units: 2, name: "Balboa" },
    IsoCurrency { code: "PEN", numeric: 604, minor_units: 2, name: "Sol" },
    IsoCurrency { code: "PGK", numeric: 598, minor_units: 2, name: "Kina" },
    IsoCurrency { code: "PHP", numeric: 608, minor_units: 2, name: "Philippine Peso" },
    IsoCurrency { code: "PKR", numeric: 586, minor_units: 2, name: "Pakistan Rupee" },
    IsoCurrency { code: "PLN", numeric: 985, minor_units: 2, name: "Zloty" },
    IsoCurrency { code: "PYG", numeric: 600, minor_units: 0, name: "Guarani" },
    IsoCurrency { code: "QAR", numeric: 634, minor_units: 2, name: "Qatari Rial" },
    IsoCurrency { code: "RON", numeric: 946, minor_units: 2, name: "Romanian Leu" },
    IsoCurrency { code: "RSD", numeric: 941, minor_units: 2, name: "Serbian Dinar" },
    IsoCurrency { code: "RUB", numeric: 643, minor_units: 2, name: "Russian Ruble" },
    IsoCurrency { code: "RWF", numeric: 646, minor_units: 0, name: "Rwanda Franc" },
    IsoCurrency { code: "SAR", numeric: 682, minor_units: 2, name: "Saudi Riyal" },
    IsoCurrency { code: "SBD", numeric: 90, minor_units: 2, name: "Solomon Islands Dollar" },
    IsoCurrency { code: "SCR", numeric: 690, minor_units: 2, name: "Seychelles Rupee" },
    IsoCurrency { code: "SDG", numeric: 938, minor_units: 2, name: "Sudanese Pound" },
    IsoCurrency { code: "SEK", numeric: 752, minor_units: 2, name: "Swedish Krona" },
    IsoCurrency { code: "SGD", numeric: 702, minor_units: 2, name: "Singapore Dollar" },
    IsoCurrency { code: "SHP", numeric: 654, minor_units: 2, name: "Saint Helena Pound" },
    IsoCurrency { code: "SLE", numeric: 925, minor_units: 2, name: "Leone" },
    IsoCurrency { code: "SOS", numeric: 706, minor_units: 2, name: "Somali Shilling" },
    IsoCurrency { code: "SRD", numeric: 968, minor_units: 2, name: "Surinam Dollar" },
    IsoCurrency { code: "SSP", numeric: 728, minor_units: 2, name: "South Sudanese Pound" },
    IsoCurrency { code: "STN", numeric: 930, minor_units: 2, name: "Dobra" },
    IsoCurrency { code: "SVC", numeric: 222, minor_units: 2, name: "El Salvador Colon" },
    IsoCurrency { code: "SYP", numeric: 760, minor_units: 2, name: "Syrian Pound" },
    IsoCurrency { code: "SZL", numeric: 748, minor_units: 2, name: "Lilangeni" },
    IsoCurrency { code: "THB", numeric: 764, minor_units: 2, name: "Baht" },
    IsoCurrency { code: "TJS", numeric: 972, minor_units: 2, name: "Somoni" },
    IsoCurrency { code: "TMT", numeric: 934, minor_units: 2, name: "Turkmenistan New Manat" },
    IsoCurrency { code: "TND", numeric: 788, minor_units: 3, name: "Tunisian Dinar" },
    IsoCurrency { code: "TOP", numeric: 776, minor_units: 2, name: "Pa'anga" },
    IsoCurrency { code: "TRY", numeric: 949, minor_units: 2, name: "Turkish Lira" },
    IsoCurrency { code: "TTD", numeric: 780, minor_units: 2, name: "Trinidad and Tobago Dollar" },
    IsoCurrency { code: "TWD", numeric: 901, minor_units: 2, name: "New Taiwan Dollar" },
    IsoCurrency { code: "TZS", numeric: 834, minor_units: 2, name: "Tanzanian Shilling" },
    IsoCurrency { code: "UAH", numeric: 980, minor_units: 2, name: "Hryvnia" },
    IsoCurrency { code: "UGX", numeric: 800, minor_units: 0, name: "Uganda Shilling" },
    IsoCurrency { code: "USD", numeric: 840, minor_units: 2, name: "US Dollar" },
    IsoCurrency { code: "USN", numeric: 997, minor_units: 2, name: "US Dollar (Next day)" },
    IsoCurrency {
        code: "UYI",
        numeric: 940,
        minor_units: 0,
        name: "Uruguay Peso en Unidades Indexadas (UI)",
    },
    IsoCurrency { code: "UYU", numeric: 858, minor_units: 2, name: "Peso Uruguayo" },
    IsoCurrency { code: "UYW", numeric: 927, minor_units: 4, name: "Unidad Previsional" },
    IsoCurrency { code: "UZS", numeric: 860, minor_units: 2, name: "Uzbekistan Sum" },
    IsoCurrency { code: "VED", numeric: 926, minor_units: 2, name: "Bolívar Soberano" },
    IsoCurrency { code: "VES", numeric: 928, minor_units: 2, name: "Bolívar Soberano" },
    IsoCurrency { code: "VND", numeric: 704, minor_units: 0, name: "Dong" },
    IsoCurrency { code: "VUV", numeric: 548, minor_units: 0, name: "Vatu" },
    IsoCurrency { code: "WST", numeric: 882, minor_units: 2, name: "Tala" },
    IsoCurrency { code: "XAF", numeric: 950, minor_units: 0, name: "CFA Franc BEAC" },
    IsoCurrency { code: "XCD", numeric: 951, minor_units: 2, name: "East Caribbean Dollar" },
    IsoCurrency { code: "XCG", numeric: 532, minor_units: 2, name: "Caribbean Guilder" },
    IsoCurrency { code: "XOF", numeric: 952, minor_units: 0, name: "CFA Franc BCEAO" },
    IsoCurrency { code: "XPF", numeric: 953, minor_units: 0, name: "CFP Franc" },
    IsoCurrency { code: "YER", numeric: 886, minor_units: 2, name: "Yemeni Rial" },
    IsoCurrency { code: "ZAR", numeric: 710, minor_units: 2, name: "Rand" },
    IsoCurrency { code: "ZMW", numeric: 967, minor_units: 2, name: "Zambian Kwacha" },
    IsoCurrency { code: "ZWG", numeric: 924, minor_units: 2, name: "Zimbabwe Gold" },
];

/// Looks up an active currency by its alphabetic code (exact, upper case).
pub fn iso_currency(code: &str) -> Option<&'static IsoCurrency> {
    // Every code is three ASCII letters: comparing them as one integer keeps this look-up (done
    // for every split written) free of string comparisons. Big-endian keeps the table's order.
    let key = code_key(code.as_bytes())?;
    ISO_CURRENCIES
        .binary_search_by_key(&key, |c| code_key(c.code.as_bytes()).unwrap_or(0))
        .ok()
        .map(|i| &ISO_CURRENCIES[i])
}

fn code_key(code: &[u8]) -> Option<u32> {
    match code {
        [a, b, c] => Some(u32::from_be_bytes([0, *a, *b, *c])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_strictly_sorted_by_code() {
        for pair in ISO_CURRENCIES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} must sort before {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn codes_are_three_ascii_upper_case_letters() {
        for c in ISO_CURRENCIES {
            assert_eq!(c.code.len(), 3, "{}", c.code);
            assert!(c.code.bytes().all(|b| b.is_ascii_uppercase()), "{}", c.code);
        }
    }

    #[test]
    fn numeric_codes_are_unique_and_three_digit() {
        let mut numerics: Vec<u16> = ISO_CURRENCIES.iter().map(|c| c.numeric).collect();
        assert!(numerics.iter().all(|&n| (1..=999).contains(&n)));
        numerics.sort_unstable();
        let before = numerics.len();
        numerics.dedup();
        assert_eq!(numerics.len(), before, "duplicate numeric code");
    }

    #[test]
    fn minor_units_are_at_most_four_and_names_are_present() {
        for c in ISO_CURRENCIES {
            assert!(c.minor_units <= 4, "{}", c.code);
            assert!(!c.name.is_empty(), "{}", c.code);
        }
    }

    #[test]
    fn spot_checks_minor_units() {
        let units = |code: &str| iso_currency(code).map(|c| c.minor_units);
        assert_eq!(units("JPY"), Some(0));
        assert_eq!(units("EUR"), Some(2));
        assert_eq!(units("USD"), Some(2));
        assert_eq!(units("BHD"), Some(3));
        assert_eq!(units("KWD"), Some(3));
        assert_eq!(units("TND"), Some(3));
        assert_eq!(units("CLF"), Some(4));
        assert_eq!(units("ISK"), Some(0));
    }

    #[test]
    fn spot_checks_numeric_codes() {
        assert_eq!(iso_currency("EUR").map(|c| c.numeric), Some(978));
        assert_eq!(iso_currency("USD").map(|c| c.numeric), Some(840));
        assert_eq!(iso_currency("JPY").map(|c| c.numeric), Some(392));
    }

    #[test]
    fn unknown_withdrawn_or_lower_case_codes_are_not_found() {
        assert_eq!(iso_currency("XXX"), None);
        assert_eq!(iso_currency("usd"), None);
        assert_eq!(iso_currency("HRK"), None);
        assert_eq!(iso_currency(""), None);
    }

    #[test]
    fn first_and_last_entries_are_found() {
        assert_eq!(iso_currency("AED").map(|c| c.numeric), Some(784));
        assert_eq!(iso_currency("ZWG").map(|c| c.numeric), Some(924));
    }

    #[test]
    fn table_is_complete_enough() {
        assert!(ISO_CURRENCIES.len() >= 150, "only {} entries", ISO_CURRENCIES.len());
    }
}
