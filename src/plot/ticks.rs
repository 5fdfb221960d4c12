//! Tick labels that read apart on every axis, short, and exact: each tick is a whole multiple
//! of a round step (1, 2 or 5 times a power of ten) held as an integer, so its label is written
//! from integers, never by rounding a float. When the plain decimals would be long (a view far
//! from 0 and narrow, as around beta* at a small eps, or a wide one), the labels are offsets
//! from a round value in the view and/or in units of a power of ten, and the axis title says
//! so: `β₁ − 1 (× 1e−6)` under `-2 -1 0 1 2`.
//!
//! A step is taken only when its labels fit side by side (or one above another) and stay within
//! the room the axis has at its ends; the first round step that fits, from the finest, is used.

use super::labels::text_size;

/// The most characters a label has (a minus sign aside) before the labels switch to offsets or
/// a power of ten.
const SHORT: usize = 6;

/// One axis's ticks: where they are and what they read, and the axis title that says how to
/// read them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// Each tick's value and its label.
    pub(crate) marks: Vec<(f64, String)>,
    /// The axis title: its name, with the offset and the power of ten the labels are read with.
    pub(crate) title: String,
}

/// The room an axis has for its labels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Room {
    /// The axis's length, in pixels.
    pub(crate) length: f64,
    /// How far (pixels) a label may reach beyond the axis's start and beyond its end.
    pub(crate) beyond: (f64, f64),
    /// The labels' font size, in pixels.
    pub(crate) font: f64,
    /// Whether the labels sit side by side (a horizontal axis) or one above another.
    pub(crate) across: bool,
    /// The most ticks.
    pub(crate) most: usize,
}

impl Ticks {
    /// The values, for the axis's key points.
    pub(crate) fn values(&self) -> Vec<f64> {
        self.marks.iter().map(|m| m.0).collect()
    }

    /// The label of the tick at `v` (the one nearest it).
    pub(crate) fn label(&self, v: f64) -> String {
        self.marks
            .iter()
            .min_by(|a, b| (a.0 - v).abs().total_cmp(&(b.0 - v).abs()))
            .map(|m| m.1.clone())
            .unwrap_or_default()
    }

    /// The widest label's width at font size `font` (pixels).
    pub(crate) fn widest(&self, font: f64) -> f64 {
        self.marks
            .iter()
            .map(|m| text_size(&m.1, font).0)
            .fold(0.0, f64::max)
    }
}

/// `int * 10^exp` written exactly: plain decimals when short (at most 8 characters), else
/// `1.25e12`.
fn decimal(int: i128, exp: i32) -> String {
    written(int, exp, 8)
}

/// `int * 10^exp` written exactly: plain decimals up to `plain` characters long (a minus sign
/// aside), else `1.25e12`.
fn written(int: i128, exp: i32, plain: usize) -> String {
    if int == 0 {
        return "0".into();
    }
    let sign = if int < 0 { "-" } else { "" };
    let digits = int.unsigned_abs().to_string();
    let len = digits.len() as i32;
    let plain = if exp >= 0 {
        ((len + exp) as usize <= plain.min(7))
            .then(|| format!("{digits}{}", "0".repeat(exp as usize)))
    } else {
        let k = -exp;
        let s = if len > k {
            let (a, b) = digits.split_at((len - k) as usize);
            format!("{a}.{b}")
        } else {
            format!("0.{}{digits}", "0".repeat((k - len) as usize))
        };
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        (s.len() <= plain).then_some(s)
    };
    match plain {
        Some(p) => format!("{sign}{p}"),
        None => {
            let trimmed = digits.trim_end_matches('0');
            let (head, tail) = trimmed.split_at(1);
            let mantissa = if tail.is_empty() {
                head.to_string()
            } else {
                format!("{head}.{tail}")
            };
            format!("{sign}{mantissa}e{}", exp + len - 1)
        }
    }
}

/// A power of ten for a title: `1e6`, `1e−6` (a true minus sign).
fn power(q: i32) -> String {
    if q < 0 {
        format!("1e−{}", -q)
    } else {
        format!("1e{q}")
    }
}

/// The number of decimal digits of `v` (at least 1).
fn digits(v: i128) -> i32 {
    v.unsigned_abs().to_string().len() as i32
}

fn short(labels: &[String]) -> bool {
    labels
        .iter()
        .all(|l| l.trim_start_matches('-').chars().count() <= SHORT)
}

/// The labels of ticks at `units * 10^e` (ascending, at least two), and the title of axis
/// `name` that reads them: plain; else in units of a power of ten; else as offsets from the
/// roundest tick-unit value in their range (then in a power of ten if still long).
fn labelled(units: &[i128], e: i32, name: &str) -> (Vec<String>, String) {
    let plain: Vec<String> = units.iter().map(|&u| decimal(u, e)).collect();
    if short(&plain) {
        return (plain, name.to_string());
    }
    let scaled = |units: &[i128]| -> (Vec<String>, i32) {
        let top = units.iter().map(|u| u.abs()).max().unwrap_or(1).max(1);
        let q = digits(top) - 1 + e;
        (units.iter().map(|&u| decimal(u, e - q)).collect(), q)
    };
    let (labels, q) = scaled(units);
    if short(&labels) {
        return (labels, format!("{name} (× {})", power(q)));
    }
    let (lo, hi) = (units[0], units[units.len() - 1]);
    let centre = lo + (hi - lo) / 2;
    let mut offset = centre;
    for p in (0..=digits(lo.abs().max(hi.abs()))).rev() {
        let unit = 10i128.pow(p as u32);
        let c = (centre as f64 / unit as f64).round() as i128 * unit;
        if (lo..=hi).contains(&c) {
            offset = c;
            break;
        }
    }
    let rest: Vec<i128> = units.iter().map(|u| u - offset).collect();
    // The offset in plain decimals when they are not too long to read (`316.227766`).
    let shift = if offset < 0 {
        format!("{name} + {}", written(-offset, e, 12))
    } else {
        format!("{name} − {}", written(offset, e, 12))
    };
    let plain: Vec<String> = rest.iter().map(|&u| decimal(u, e)).collect();
    if short(&plain) {
        return (plain, shift);
    }
    let (labels, q) = scaled(&rest);
    (labels, format!("{shift} (× {})", power(q)))
}

/// `v` as the float nearest `u * 10^e`.
fn value(u: i128, e: i32) -> f64 {
    format!("{u}e{e}").parse().unwrap_or(f64::NAN)
}

/// Whether labels at `at` (pixels along the axis) of sizes `sizes` fit `room`: each within the
/// axis and the room beyond its ends, and apart from its neighbour.
fn fits(at: &[f64], sizes: &[f64], room: &Room) -> bool {
    let gap = if room.across {
        0.8 * room.font
    } else {
        0.5 * room.font
    };
    at.windows(2)
        .zip(sizes.windows(2))
        .all(|(p, s)| p[1] - p[0] >= 0.5 * (s[0] + s[1]) + gap)
}

/// Which of labels at `at` of sizes `sizes` stay inside the axis and the room beyond its ends.
fn inside(at: f64, size: f64, room: &Room) -> bool {
    at - 0.5 * size >= -room.beyond.0 && at + 0.5 * size <= room.length + room.beyond.1
}

/// The ticks of a linear axis named `name` over `lo..hi` with `room` for its labels.
pub(crate) fn linear(lo: f64, hi: f64, name: &str, room: &Room) -> Ticks {
    let none = || Ticks {
        marks: Vec::new(),
        title: name.to_string(),
    };
    if !(lo.is_finite() && hi.is_finite() && hi > lo && room.length > 0.0) {
        return none();
    }
    let span = hi - lo;
    let first = (span / room.most.max(2) as f64).log10().floor() as i32;
    for e in first..first + 6 {
        for m in [1i128, 2, 5] {
            let step = m as f64 * 10f64.powi(e);
            let (k0, k1) = ((lo / step).ceil(), (hi / step).floor());
            if !(k0.abs() < 1e15 && k1.abs() < 1e15) || k1 - k0 + 1.0 > room.most as f64 {
                continue;
            }
            let units: Vec<i128> = (k0 as i128..=k1 as i128).map(|k| k * m).collect();
            let at = |u: i128| (value(u, e) - lo) / span * room.length;
            let size = |l: &str| {
                let (w, h) = text_size(l, room.font);
                if room.across {
                    w
                } else {
                    h
                }
            };
            // Labels written for the ticks that stay inside (each set read on its own: the
            // title may change with them).
            let mut kept: Vec<i128> = units.clone();
            for _ in 0..2 {
                if kept.len() < 2 {
                    break;
                }
                let (labels, _) = labelled(&kept, e, name);
                let keep: Vec<i128> = kept
                    .iter()
                    .zip(&labels)
                    .filter(|(&u, l)| inside(at(u), size(l), room))
                    .map(|(&u, _)| u)
                    .collect();
                if keep.len() == kept.len() {
                    break;
                }
                kept = keep;
            }
            if kept.len() < 2 {
                continue;
            }
            let (labels, title) = labelled(&kept, e, name);
            let pos: Vec<f64> = kept.iter().map(|&u| at(u)).collect();
            let sizes: Vec<f64> = labels.iter().map(|l| size(l)).collect();
            if pos.iter().zip(&sizes).all(|(&p, &s)| inside(p, s, room)) && fits(&pos, &sizes, room)
            {
                return Ticks {
                    marks: kept.iter().map(|&u| value(u, e)).zip(labels).collect(),
                    title,
                };
            }
        }
    }
    none()
}

/// The ticks of a logarithmic axis over `lo..hi` (both above 0): powers of ten (every second,
/// third ... when there are many), else 1, 2 and 5 times them, else finer mantissas; labels
/// `1e-3`, `2e-3`, exact.
pub(crate) fn log(lo: f64, hi: f64, name: &str, room: &Room) -> Ticks {
    let title = name.to_string();
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return Ticks {
            marks: Vec::new(),
            title,
        };
    }
    let (a0, a1) = (lo.log10().floor() as i32 - 1, hi.log10().ceil() as i32 + 1);
    // Mantissas in tenths (10 is 1), so 1.5 is whole.
    let marks = |mantissas: &[i128], every: i32| -> Vec<(f64, String)> {
        let mut out = Vec::new();
        for a in (a0..=a1).filter(|a| a.rem_euclid(every) == 0) {
            for &m in mantissas {
                let v = value(m, a - 1);
                if v >= lo && v <= hi {
                    let d = digits(m);
                    out.push((v, format!("{}e{}", decimal(m, 1 - d), a + d - 2)));
                }
            }
        }
        out
    };
    let fit = |marks: &[(f64, String)]| {
        let at: Vec<f64> = marks
            .iter()
            .map(|m| (m.0.ln() - lo.ln()) / (hi.ln() - lo.ln()) * room.length)
            .collect();
        let sizes: Vec<f64> = marks
            .iter()
            .map(|m| {
                let (w, h) = text_size(&m.1, room.font);
                if room.across {
                    w
                } else {
                    h
                }
            })
            .collect();
        (2..=room.most).contains(&marks.len()) && fits(&at, &sizes, room)
    };
    let decades = (a1 - a0).max(1);
    let tries = (1..=decades).map(|every| marks(&[10], every)).chain(
        [
            &[10, 20, 50][..],
            &[10, 20, 30, 50, 70],
            &[10, 15, 20, 30, 50, 70],
        ]
        .map(|m| marks(m, 1)),
    );
    for m in tries {
        if fit(&m) {
            return Ticks { marks: m, title };
        }
    }
    Ticks {
        marks: Vec::new(),
        title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(length: f64, across: bool) -> Room {
        Room {
            length,
            beyond: (20.0, 20.0),
            font: 11.0,
            across,
            most: 6,
        }
    }

    fn labels(t: &Ticks) -> Vec<&str> {
        t.marks.iter().map(|m| m.1.as_str()).collect()
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal(0, -3), "0");
        assert_eq!(decimal(25, -2), "0.25");
        assert_eq!(decimal(-5, -1), "-0.5");
        assert_eq!(decimal(1, -4), "0.0001");
        assert_eq!(decimal(12, 3), "12000");
        assert_eq!(decimal(15, 150), "1.5e151");
        assert_eq!(decimal(2, -20), "2e-20");
        assert_eq!(decimal(316227766, -6), "3.16227766e2");
        assert_eq!(written(316227766, -6, 12), "316.227766");
    }

    #[test]
    fn plain_views_read_plainly() {
        let t = linear(-0.1, 1.1, "β₁", &room(300.0, true));
        assert_eq!(labels(&t), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        assert_eq!(t.title, "β₁");
    }

    #[test]
    fn a_narrow_view_far_from_zero_reads_as_offsets() {
        // Around beta* = 1 at eps = 1e-12: the level set is about 2e-6 across.
        let t = linear(1.0 - 1.3e-6, 1.0 + 1.3e-6, "β₁", &room(300.0, true));
        assert_eq!(t.title, "β₁ − 1 (× 1e−6)");
        assert_eq!(labels(&t), ["-1", "-0.5", "0", "0.5", "1"]);
        let t = linear(999.99, 1000.012, "β₂", &room(300.0, false));
        assert_eq!(t.title, "β₂ − 1000");
        let l = labels(&t);
        assert!(l.contains(&"0") && l.contains(&"0.01"), "{l:?}");
    }

    #[test]
    fn wide_views_read_in_a_power_of_ten() {
        let t = linear(-2.1e6, 4.2e6, "β₁", &room(300.0, true));
        assert_eq!(t.title, "β₁ (× 1e6)");
        assert_eq!(labels(&t), ["-2", "0", "2", "4"]);
    }

    #[test]
    fn labels_stay_within_the_room_at_the_ends() {
        let mut r = room(300.0, true);
        r.beyond = (0.0, 0.0);
        let t = linear(0.0, 3000.0, "t", &r);
        // A label centred on an end would stick out: none is.
        assert!(t.marks.iter().all(|m| m.0 > 0.0 && m.0 < 3000.0), "{t:?}");
    }

    #[test]
    fn log_axes_have_two_ticks_at_least() {
        let r = room(250.0, false);
        let t = log(0.6, 1.6, "loss", &r);
        assert_eq!(labels(&t), ["7e-1", "1e0"]);
        let t = log(1e-13, 1e7, "loss", &r);
        assert!(t.marks.len() >= 2 && t.marks.len() <= 6, "{t:?}");
        assert!(labels(&t).iter().all(|l| !l.contains('.')), "{t:?}");
    }
}
