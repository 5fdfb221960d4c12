//! What the page calls each named value of a key: its radio buttons, checkboxes and menus (the
//! schema's `choices`, prerendered into the page). One table, so that the page, its Embed dialog
//! and the downloads name a value alike.

/// The words for value `value` of key `key`, for the keys whose values are names (`gd_stop`,
/// `schedule`, `inputs`, `show`, `controls`, `theme`); `None` for any other.
pub fn label(key: &str, value: &str) -> Option<&'static str> {
    Some(match (key, value) {
        ("gd_stop", "check") => "stop before it (the paper)",
        ("gd_stop", "cut") => "shorten it to land on ε",
        ("schedule", "constant") => "constant (the paper)",
        ("schedule", "linear") => "linear",
        ("schedule", "cosine") => "cosine",
        ("schedule", "exp") => "exponential",
        ("schedule", "step") => "step (η, then η at the end)",
        ("inputs", "basis") => "basis vectors (the paper)",
        ("inputs", "gaussian") => "Gaussian",
        ("show", "a") => "(a) Gradient flow",
        ("show", "b") => "(b) Large steps, then flow",
        ("show", "c") => "(c) Test loss",
        ("show", "loss") => "Loss curves",
        ("show", "table") => "Table",
        ("controls", "none") => "None",
        ("controls", "minimal") => "Minimal (ε, η, K)",
        ("controls", "all") => "All",
        ("theme", "auto") => "Reader’s system",
        ("theme", "light") => "Light",
        ("theme", "dark") => "Dark",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::label;
    use crate::params::{Range, SCHEMA};

    #[test]
    fn every_named_value_has_words() {
        for s in SCHEMA {
            if let Range::Name(names) | Range::Names(names) = s.range {
                for n in names {
                    assert!(label(s.key, n).is_some(), "{}={n} has no label", s.key);
                }
            }
        }
    }
}
