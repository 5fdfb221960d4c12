//! How numbers are written for reading: the one place that rounds a number for people. The
//! sentences (`crate::text`), the figures (`crate::plot`), the command line and, through the wasm
//! module, the page all write numbers with these functions, so a number reads the same wherever
//! it is shown. A leaf: it depends on nothing in the crate.
//!
//! The page's machine hooks (`data-value`) are the one exception to rounding: [`js_number`]
//! writes a number exactly, as JavaScript's `String(number)` would.

/// A number rounded for reading: integers as they are (below 10^7), four significant digits
/// between 10^-3 and 10^5, else two decimals of scientific notation (`1.5e−7`); a true minus.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return if v > 0.0 {
            "∞".into()
        } else if v < 0.0 {
            "−∞".into()
        } else {
            "NaN".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    let s = if v.fract() == 0.0 && a < 1e7 {
        format!("{v}")
    } else if (1e-3..1e5).contains(&a) {
        let rounded: f64 = format!("{:.3e}", v).parse().unwrap_or(v);
        format!("{rounded}")
    } else {
        let e = format!("{:.2e}", v);
        match e.split_once('e') {
            Some((m, x)) => {
                let m = m.trim_end_matches('0').trim_end_matches('.');
                format!("{m}e{x}")
            }
            None => e,
        }
    };
    s.replace('-', "−")
}

/// `v` in units of `eps`, for reading: `1.5 ε` (three decimals; [`fmt_num`] beyond 0.01 to 100).
pub fn fmt_times_eps(v: f64, eps: f64) -> String {
    format!("{} ε", times_eps(v / eps))
}

/// A multiple of `eps` (without the `ε`): three decimals from 0.01 to 100, else [`fmt_num`].
fn times_eps(m: f64) -> String {
    if m.abs() >= 100.0 || m.abs() < 0.01 {
        fmt_num(m)
    } else {
        let fixed: f64 = format!("{m:.3}").parse().unwrap_or(m);
        format!("{fixed}").replace('-', "−")
    }
}

/// `v` and `v` in units of `eps`: `0.0146 (1.46 ε)`.
pub fn with_eps(v: f64, eps: f64) -> String {
    format!("{} ({})", fmt_num(v), fmt_times_eps(v, eps))
}

/// A ratio as the page's headline writes it: `1.946×`.
pub fn fmt_ratio(v: f64) -> String {
    format!("{}×", fmt_num(v))
}

/// `n` in subscript digits (`12` -> `₁₂`).
pub fn subscript(n: usize) -> String {
    const SUB: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    n.to_string()
        .chars()
        .map(|c| SUB[c as usize - '0' as usize])
        .collect()
}

/// `β` with coordinate `j`'s 1-based number as a subscript: `β₁` for `j = 0`.
pub fn beta_label(j: usize) -> String {
    format!("β{}", subscript(j + 1))
}

/// A count with thousands separators: `10,000`.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction as a percentage with `digits` decimals: `75.0%` (a true minus).
pub fn pct(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return fmt_num(v);
    }
    format!("{:.digits$}%", v * 100.0).replace('-', "−")
}

/// A vector as the page lists it: `(1, 0.5, −2)`.
pub fn vector(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|&x| fmt_num(x)).collect();
    format!("({})", items.join(", "))
}

/// A duration in milliseconds, for reading: `340 ms`, `4.2 s`, `3 min 20 s`, `1 h 5 min`.
pub fn duration(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "—".into();
    }
    if ms < 1000.0 {
        return format!("{} ms", ms.round());
    }
    let s = ms / 1000.0;
    if s < 60.0 {
        return format!("{:.1} s", s);
    }
    let whole = s.round() as u64;
    let (h, m, sec) = (whole / 3600, (whole % 3600) / 60, whole % 60);
    if h > 0 {
        format!("{h} h {m} min")
    } else if sec == 0 {
        format!("{m} min")
    } else {
        format!("{m} min {sec} s")
    }
}

/// Draws per second, for reading: `5,500 draws/s`, `25.00 million draws/s`.
pub fn rate(per_s: f64) -> String {
    if !per_s.is_finite() || per_s <= 0.0 {
        return "—".into();
    }
    if per_s >= 1e6 {
        format!("{:.2} million draws/s", per_s / 1e6)
    } else {
        format!("{} draws/s", int(per_s.round() as u64))
    }
}

/// `v` rounded to three significant digits, as a slider position is worth as a URL value
/// (`0.012345` -> `0.0123`); 0 and non-finite values are returned as they are.
pub fn sig3(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    format!("{v:.2e}").parse().unwrap_or(v)
}

/// A bound as people read it in a rule: plain digits from 0.001 to 99999 (`0`, `-1000`, `10`),
/// powers of ten beyond (`1e-12`, `1e6`).
pub fn bound(v: f64) -> String {
    if v != 0.0 && !(1e-3..1e5).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// Text made safe to write into HTML, as an element's text or an attribute's value: `&`, `<`,
/// `>`, `"` and `'` escaped.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `v` exactly, as JavaScript's `String(v)` writes it: the shortest digits that read back to
/// `v`, in plain notation for 10^-7 <= |v| < 10^21 and as `1.5e-7` / `1e+21` beyond; `NaN`,
/// `Infinity`. The page's machine hooks (`data-value`) hold this, whether the page was
/// prerendered natively or filled by the wasm module.
pub fn js_number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 {
        return "0".into();
    }
    // Rust's `{:e}` writes the shortest round-trip digits: `d.ddde±x`.
    let e = format!("{:e}", v.abs());
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if v < 0.0 { "-" } else { "" };
    let n = digits.len() as i32;
    // The decimal point sits after `point` digits.
    let point = exp + 1;
    let body = if (-5..=21).contains(&point) {
        if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point >= n {
            format!("{}{}", digits, "0".repeat((point - n) as usize))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let sign_e = if exp < 0 { "-" } else { "+" };
        format!("{first}{frac}e{sign_e}{}", exp.abs())
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_page_shows_them() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(1.946_123), "1.946");
        assert_eq!(fmt_num(-0.012_345), "−0.01235");
        assert_eq!(fmt_num(1.5e-7), "1.5e−7");
        assert_eq!(fmt_num(2.0e-7), "2e−7");
        assert_eq!(fmt_num(123_456.7), "1.23e5");
        assert_eq!(fmt_num(f64::INFINITY), "∞");
        assert_eq!(fmt_times_eps(0.015, 0.01), "1.5 ε");
        assert_eq!(fmt_times_eps(0.0075, 0.01), "0.75 ε");
        assert_eq!(fmt_times_eps(5.0, 0.01), "500 ε");
        assert_eq!(fmt_ratio(1.946_123), "1.946×");
    }

    #[test]
    fn counts_percentages_and_times() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(10_000), "10,000");
        assert_eq!(int(10_000_000), "10,000,000");
        assert_eq!(pct(0.75, 1), "75.0%");
        assert_eq!(pct(0.123_45, 2), "12.35%");
        assert_eq!(duration(340.4), "340 ms");
        assert_eq!(duration(4_260.0), "4.3 s");
        assert_eq!(duration(200_000.0), "3 min 20 s");
        assert_eq!(duration(180_000.0), "3 min");
        assert_eq!(duration(3_900_000.0), "1 h 5 min");
        assert_eq!(rate(5_500.4), "5,500 draws/s");
        assert_eq!(rate(25e6), "25.00 million draws/s");
        assert_eq!(vector(&[1.0, 0.5, -2.0]), "(1, 0.5, −2)");
    }

    #[test]
    fn bounds_read_as_people_write_them() {
        for (v, text) in [
            (0.0, "0"),
            (10.0, "10"),
            (-1000.0, "-1000"),
            (1e-12, "1e-12"),
            (1e-4, "1e-4"),
            (1e6, "1e6"),
            (0.5, "0.5"),
        ] {
            assert_eq!(bound(v), text);
        }
    }

    #[test]
    fn three_significant_digits() {
        assert_eq!(sig3(0.012_345), 0.0123);
        assert_eq!(sig3(1234.5), 1230.0);
        assert_eq!(sig3(1.5), 1.5);
        assert_eq!(sig3(0.0), 0.0);
    }

    #[test]
    fn hook_values_read_as_javascript_writes_them() {
        // Each expected string is what `String(v)` gives in JavaScript.
        for (v, js) in [
            (0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.014_620_3, "0.0146203"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (1e-6, "0.000001"),
            (123_456_789.0, "123456789"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (1e20, "100000000000000000000"),
            (316.227_766_016_837_96, "316.22776601683796"),
            (-2.5e-300, "-2.5e-300"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
        ] {
            assert_eq!(js_number(v), js, "{v:e}");
        }
    }
}
