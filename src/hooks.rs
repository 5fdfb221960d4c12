//! The page's text hooks: how one value of a report is written into the element that shows it.
//! The page's HTML declares its hooks (the README's "hooks" and `www/views/hooks.js`):
//!
//! - `data-key="a.b.0"`: the value at that JSON path. The element's text is the value rounded for
//!   reading (`data-fmt`: `int`, `ratio`, `check`, `warn`; `data-yes`, `data-no`, `data-null`
//!   give the words for `true`, `false` and a missing value), its `data-value` the exact value
//!   ([`js_number`] for a number, `""` for none) and its class says `is-yes`, `is-no` or
//!   `is-null`;
//! - `data-of-eps="a.b"`: that value in units of `params.eps`, for reading (`1.46 ε`);
//! - `data-len="a.b"`: the length of a list.
//!
//! The wasm module fills them on every update and the native build fills the first screen's with
//! the same function ([`Hook::fill`]), so a prerendered page and the live one write the same
//! text into the same element.

use crate::fmt::{fmt_num, fmt_ratio, fmt_times_eps, int, js_number};

/// A value at a hook's path, as the page's report holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// `null`, or no value at that path.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Text(&'a str),
    /// A list, by its length.
    List(usize),
}

/// What a hook shows of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `data-key`: the value.
    Key,
    /// `data-of-eps`: the value in units of `eps`.
    OfEps,
    /// `data-len`: a list's length.
    Len,
}

/// How a `data-key` hook writes its value (`data-fmt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A number rounded for reading ([`fmt_num`]); `yes`/`no` for a boolean.
    Plain,
    /// A whole number as it is.
    Int,
    /// A ratio: `1.946×`.
    Ratio,
    /// A verdict: `✓ yes` / `✗ no` (with the hook's own words), coloured.
    Check,
    /// A fact where `yes` is a problem (coloured as one).
    Warn,
}

/// One hook, as its element declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    /// What it shows.
    pub kind: Kind,
    /// How.
    pub format: Format,
    /// The word for `true` (`data-yes`, default `yes`).
    pub yes: String,
    /// The word for `false` (`data-no`, default `no`).
    pub no: String,
    /// The text for a missing value (`data-null`, default `—`).
    pub null: String,
}

/// What a hook writes into its element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    /// Its text.
    pub text: String,
    /// Its `data-value` (`None`: the hook has none, e.g. `data-of-eps`).
    pub value: Option<String>,
    /// Its class: `is-yes`, `is-no`, `is-null`, or empty.
    pub class: &'static str,
}

impl Hook {
    /// A hook from its element's attributes: `kind` is `key`, `of-eps` or `len`; `format` the
    /// `data-fmt` (empty for plain); the words may be empty for their defaults.
    pub fn new(kind: &str, format: &str, yes: &str, no: &str, null: Option<&str>) -> Hook {
        let word = |w: &str, default: &str| {
            if w.is_empty() {
                default.to_string()
            } else {
                w.to_string()
            }
        };
        Hook {
            kind: match kind {
                "of-eps" => Kind::OfEps,
                "len" => Kind::Len,
                _ => Kind::Key,
            },
            format: match format {
                "int" => Format::Int,
                "ratio" => Format::Ratio,
                "check" => Format::Check,
                "warn" => Format::Warn,
                _ => Format::Plain,
            },
            yes: word(yes, "yes"),
            no: word(no, "no"),
            null: null.unwrap_or("—").to_string(),
        }
    }

    /// The hook's text, value and class for `value` (`eps`: the state's early-stopping train
    /// loss, for `data-of-eps`).
    pub fn fill(&self, value: Value<'_>, eps: f64) -> Filled {
        let plain = |text: String| Filled {
            text,
            value: None,
            class: "",
        };
        match self.kind {
            Kind::OfEps => plain(match value {
                Value::Num(v) if eps > 0.0 => fmt_times_eps(v, eps),
                _ => String::new(),
            }),
            Kind::Len => plain(match value {
                Value::List(n) => int(n as u64),
                _ => "—".into(),
            }),
            Kind::Key => self.fill_key(value),
        }
    }

    fn fill_key(&self, value: Value<'_>) -> Filled {
        let (text, exact, class) = match value {
            Value::Null => (self.null.clone(), String::new(), "is-null"),
            Value::Bool(b) => {
                let exact = b.to_string();
                match (self.format, b) {
                    (Format::Check, true) => (format!("✓ {}", self.yes), exact, "is-yes"),
                    (Format::Check, false) => (format!("✗ {}", self.no), exact, "is-no"),
                    (Format::Warn, true) => ("yes".into(), exact, "is-no"),
                    (_, b) => (if b { "yes" } else { "no" }.into(), exact, ""),
                }
            }
            Value::Num(v) => {
                let text = match self.format {
                    Format::Int => js_number(v),
                    Format::Ratio => fmt_ratio(v),
                    _ => fmt_num(v),
                };
                (text, js_number(v), "")
            }
            Value::Text(s) => (s.to_string(), s.to_string(), ""),
            Value::List(n) => (int(n as u64), String::new(), ""),
        };
        Filled {
            text,
            value: Some(exact),
            class,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_write_values_as_the_page_reads_them() {
        let plain = Hook::new("key", "", "", "", None);
        let f = plain.fill(Value::Num(0.014_620_3), 0.01);
        assert_eq!(
            (f.text.as_str(), f.value.as_deref()),
            ("0.01462", Some("0.0146203"))
        );
        let f = plain.fill(Value::Null, 0.01);
        assert_eq!(
            (f.text.as_str(), f.value.as_deref(), f.class),
            ("—", Some(""), "is-null")
        );
        let reached = Hook::new("key", "", "", "", Some("not reached"));
        assert_eq!(reached.fill(Value::Null, 0.01).text, "not reached");
        let ratio = Hook::new("key", "ratio", "", "", None);
        assert_eq!(ratio.fill(Value::Num(1.946_123), 0.01).text, "1.946×");
        let check = Hook::new("key", "check", "holds", "fails", None);
        let f = check.fill(Value::Bool(false), 0.01);
        assert_eq!(
            (f.text.as_str(), f.value.as_deref(), f.class),
            ("✗ fails", Some("false"), "is-no")
        );
        assert_eq!(check.fill(Value::Bool(true), 0.01).text, "✓ holds");
        let warn = Hook::new("key", "warn", "", "", None);
        assert_eq!(warn.fill(Value::Bool(true), 0.01).class, "is-no");
        let count = Hook::new("key", "int", "", "", None);
        assert_eq!(count.fill(Value::Num(1000.0), 0.01).text, "1000");
        let of_eps = Hook::new("of-eps", "", "", "", None);
        let f = of_eps.fill(Value::Num(0.0075), 0.01);
        assert_eq!((f.text.as_str(), f.value), ("0.75 ε", None));
        assert_eq!(of_eps.fill(Value::Null, 0.01).text, "");
        let len = Hook::new("len", "", "", "", None);
        assert_eq!(len.fill(Value::List(3), 0.01).text, "3");
        assert_eq!(len.fill(Value::Null, 0.01).text, "—");
    }
}
