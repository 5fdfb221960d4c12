//! Reading one value of a key: numbers, whole numbers, coordinates, lists and names. Every
//! rejection is a [`ParamError`] that names the key and the value (clipped for messages).

use super::error::ParamError;

/// A value given for a key, as the key table's setters read it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Given<'a> {
    key: &'static str,
    text: &'a str,
}

impl<'a> Given<'a> {
    /// `text` given for `key`.
    pub(super) fn new(key: &'static str, text: &'a str) -> Given<'a> {
        Given { key, text }
    }

    /// Whether the value is `word` (blanks around it ignored).
    pub(super) fn is(self, word: &str) -> bool {
        self.text.trim() == word
    }

    /// A finite number in `[min, max]`.
    pub(super) fn number(self, (min, max): (f64, f64)) -> Result<f64, ParamError> {
        let Ok(v) = self.text.trim().parse::<f64>() else {
            return Err(self.reject(|key, value| ParamError::NotANumber { key, value }));
        };
        if !v.is_finite() {
            return Err(self.reject(|key, value| ParamError::NotFinite { key, value }));
        }
        if v < min || v > max {
            return Err(self.reject(|key, value| ParamError::OutOfRange {
                key,
                value,
                min,
                max,
            }));
        }
        Ok(v)
    }

    /// A number in `(0, max]`.
    pub(super) fn positive(self, max: f64) -> Result<f64, ParamError> {
        let v = self.number((0.0, max))?;
        if v <= 0.0 {
            return Err(self.reject(|key, value| ParamError::NotPositive { key, value }));
        }
        Ok(v)
    }

    /// `0`, or a number in `[min, max]`.
    pub(super) fn zero_or(self, (min, max): (f64, f64)) -> Result<f64, ParamError> {
        let v = self.number((0.0, max))?;
        if v != 0.0 && v < min {
            return Err(self.reject(|key, value| ParamError::NotZeroOrAtLeast { key, value, min }));
        }
        Ok(v)
    }

    /// A whole number (digits only) in `min..=max`.
    pub(super) fn whole(self, min: u64, max: u64) -> Result<u64, ParamError> {
        let t = self.text.trim();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.reject(|key, value| ParamError::NotAWholeNumber { key, value }));
        }
        match t.parse::<u64>() {
            Ok(v) if (min..=max).contains(&v) => Ok(v),
            _ => Err(self.reject(|key, value| ParamError::WholeOutOfRange {
                key,
                value,
                min,
                max,
            })),
        }
    }

    /// A coordinate in `1..=d` (1-based, as URLs write them).
    pub(super) fn coordinate(self, d: usize) -> Result<usize, ParamError> {
        match self.whole(1, d as u64) {
            Ok(j) => Ok(j as usize),
            Err(ParamError::WholeOutOfRange { key, value, .. }) => {
                Err(ParamError::NotACoordinate { key, value, d })
            }
            Err(e) => Err(e),
        }
    }

    /// `0` or `1`.
    pub(super) fn flag(self) -> Result<bool, ParamError> {
        match self.text.trim() {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(self.reject(|key, value| ParamError::NotZeroOrOne { key, value })),
        }
    }

    /// The entry of `names` the value equals.
    pub(super) fn one_of(self, names: &'static [&'static str]) -> Result<&'static str, ParamError> {
        let t = self.text.trim();
        names
            .iter()
            .find(|n| **n == t)
            .copied()
            .ok_or_else(|| self.reject(|key, value| ParamError::NotOneOf { key, value, names }))
    }

    /// 1 to `max_len` comma-separated entries, each read by `item`; a rejected entry is a
    /// [`ParamError::BadEntry`] saying which.
    pub(super) fn list<T>(
        self,
        max_len: usize,
        item: &dyn Fn(Given<'a>) -> Result<T, ParamError>,
    ) -> Result<Vec<T>, ParamError> {
        let count = self.text.split(',').count();
        if count > max_len {
            return Err(self.reject(|key, value| ParamError::TooManyValues {
                key,
                value,
                max: max_len,
            }));
        }
        if self.text.trim().is_empty() {
            return Err(self.reject(|key, value| ParamError::NoValues { key, value }));
        }
        let mut out = Vec::with_capacity(count);
        for (i, part) in self.text.split(',').enumerate() {
            match item(Given::new(self.key, part)) {
                Ok(v) => out.push(v),
                Err(e) => {
                    return Err(self.reject(|key, value| ParamError::BadEntry {
                        key,
                        value,
                        entry: i + 1,
                        error: Box::new(e),
                    }))
                }
            }
        }
        Ok(out)
    }

    /// The rejection `make` builds from the key and the value (clipped for messages).
    #[inline(always)]
    pub(super) fn reject(
        self,
        make: impl FnOnce(&'static str, String) -> ParamError,
    ) -> ParamError {
        make(self.key, clip(self.text))
    }

    /// [`ParamError::ListedTwice`] for the first item of `items` that appears twice.
    pub(super) fn distinct<T: PartialEq + ToString>(self, items: &[T]) -> Result<(), ParamError> {
        match items
            .iter()
            .enumerate()
            .find(|(i, a)| items[..*i].contains(a))
        {
            Some((_, a)) => Err(self.reject(|key, value| ParamError::ListedTwice {
                key,
                value,
                item: a.to_string(),
            })),
            None => Ok(()),
        }
    }
}

/// At most 40 characters of a user string, for messages.
pub(super) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}
