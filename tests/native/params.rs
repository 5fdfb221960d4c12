//! The URL schema's rejections as typed values: every kind of rejected value is a `ParamError`
//! variant naming the key and the value; every key's range text agrees with its typed range
//! (the bounds it writes are the bounds parsing enforces); what `modified` and a change of d mean.

use crate::common::accepted;
use lr_anneal::params::{
    spec, ParamError, Range, Role, SampleSpec, Warning, MAX_N, PRESETS, SCHEMA, VERSION,
};
use lr_anneal::Params;

/// The first warning of `query` (there must be one).
#[track_caller]
fn first_error(query: &str) -> ParamError {
    let parsed = Params::from_query(query);
    match parsed.warnings.into_iter().next() {
        Some(w) => w.error,
        None => panic!("{query}: no warning"),
    }
}

/// `with(key, value)` on `base`, which must be rejected.
#[track_caller]
fn rejects(base: &Params, key: &str, value: &str) -> ParamError {
    match base.with(key, value) {
        Err(e) => e,
        Ok(p) => panic!("{key}={value} accepted: {}", p.query()),
    }
}

/// `with(key, value)` on `base`, which must be accepted.
#[track_caller]
fn accepts(base: &Params, key: &str, value: &str) -> Params {
    base.with(key, value)
        .unwrap_or_else(|e| panic!("{key}={value} rejected: {e}"))
}

#[test]
fn every_kind_of_rejection_is_a_variant() {
    use ParamError::*;
    let p = Params::default();
    let s = |v: &str| v.to_string();

    assert_eq!(
        first_error("bogus=1"),
        UnknownKey {
            key: s("bogus"),
            value: s("1")
        }
    );
    assert_eq!(
        first_error("eps=0.1&eps=0.2"),
        GivenTwice {
            key: "eps",
            value: s("0.1"),
            last: s("0.2"),
            count: 2,
            rejected: None
        }
    );
    // Given three times, the last rejected: one warning, with the count, the rejection and the
    // preset's value in its place (never "using" a value it then rejects).
    let parsed = Params::from_query("eps=0.1&eps=0.2&eps=abc");
    let lines: Vec<(String, String, String)> = parsed
        .warnings
        .iter()
        .map(|w| (w.value.clone(), w.reason.clone(), w.fallback.clone()))
        .collect();
    assert_eq!(
        lines,
        [(
            s("0.1, 0.2"),
            s("given 3 times; the last one, abc, is rejected: 'abc' is not a number"),
            s("0.01")
        )]
    );
    // Given many times alike: one warning with the count, using the last value.
    let many = vec!["eps=0.5"; 2000].join("&");
    let parsed = Params::from_query(&many);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(
        parsed.warnings[0].reason,
        "given 2,000 times; only the last one, 0.5, counts"
    );
    assert_eq!(parsed.warnings[0].fallback, "0.5");
    assert_eq!(first_error("v=2"), UnsupportedVersion { value: s("2") });
    assert_eq!(
        first_error("preset=nope"),
        UnknownPreset { value: s("nope") }
    );
    assert_eq!(first_error("x=1,1,2&n=5"), IgnoredWithX { value: s("5") });
    assert_eq!(
        rejects(&p, "eps", "abc"),
        NotANumber {
            key: "eps",
            value: s("abc")
        }
    );
    assert_eq!(
        rejects(&p, "eps", "NaN"),
        NotFinite {
            key: "eps",
            value: s("NaN")
        }
    );
    assert_eq!(
        rejects(&p, "eps", "1e9"),
        OutOfRange {
            key: "eps",
            value: s("1e9"),
            min: 1e-12,
            max: 1e6
        }
    );
    assert!(matches!(
        rejects(&p, "gamma", "0,1"),
        BadEntry { key: "gamma", entry: 1, ref error, .. }
            if matches!(**error, NotPositive { key: "gamma", ref value } if value == "0")
    ));
    assert_eq!(
        rejects(&p, "k", "1.5"),
        NotAWholeNumber {
            key: "k",
            value: s("1.5")
        }
    );
    assert_eq!(
        rejects(&p, "k", "1001"),
        WholeOutOfRange {
            key: "k",
            value: s("1001"),
            min: 0,
            max: 1000
        }
    );
    assert_eq!(
        rejects(&p, "x", "1,3"),
        BadEntry {
            key: "x",
            value: s("1,3"),
            entry: 2,
            error: Box::new(NotACoordinate {
                key: "x",
                value: s("3"),
                d: 2
            })
        }
    );
    assert_eq!(
        rejects(&p, "flow_lr", "0.00001"),
        NotZeroOrAtLeast {
            key: "flow_lr",
            value: s("0.00001"),
            min: 1e-4
        }
    );
    assert_eq!(
        rejects(&p, "embed", "2"),
        NotZeroOrOne {
            key: "embed",
            value: s("2")
        }
    );
    assert_eq!(
        rejects(&p, "theme", "blue"),
        NotOneOf {
            key: "theme",
            value: s("blue"),
            names: &["auto", "light", "dark"]
        }
    );
    assert_eq!(
        rejects(&p, "beta", ""),
        NoValues {
            key: "beta",
            value: s("")
        }
    );
    assert_eq!(
        rejects(&p, "beta", "1,2,3,4,5,6,7,8,9"),
        TooManyValues {
            key: "beta",
            value: s("1,2,3,4,5,6,7,8,9"),
            max: 8
        }
    );
    assert_eq!(
        rejects(&p, "small", "1,1"),
        ListedTwice {
            key: "small",
            value: s("1,1"),
            item: s("1")
        }
    );
    assert_eq!(
        rejects(&p, "show", "a,a"),
        ListedTwice {
            key: "show",
            value: s("a,a"),
            item: s("a")
        }
    );
    assert_eq!(
        rejects(&p, "gamma", "1,2,3"),
        WrongLength {
            key: "gamma",
            value: s("1,2,3"),
            d: 2
        }
    );
    assert_eq!(rejects(&p, "lambda", "1,1"), NeedsGamma { value: s("1,1") });
    assert_eq!(
        rejects(&p, "plane", "1,1"),
        NotTwoDistinct {
            key: "plane",
            value: s("1,1")
        }
    );
    // A preset's x that no longer fits the d given by beta.
    assert_eq!(
        first_error("beta=1"),
        BeyondD {
            key: "x",
            value: s("1,1,2"),
            d: 1
        }
    );
    // A spectrum read before beta changed d.
    assert_eq!(
        first_error("beta=1,1,1&gamma=1,1"),
        WrongLength {
            key: "gamma",
            value: s("1,1"),
            d: 3
        }
    );
}

#[test]
fn errors_read_key_value_reason() {
    let p = Params::default();
    let e = rejects(&p, "eps", "abc");
    assert_eq!(e.to_string(), "eps=abc: 'abc' is not a number");
    let e = rejects(&p, "lr", "-1");
    assert_eq!(e.to_string(), "lr=-1: must be between 1e-9 and 1000");
    let e = rejects(&p, "beta", "1,x");
    assert_eq!(e.to_string(), "beta=1,x: entry 2: 'x' is not a number");
    assert_eq!((e.key(), e.value()), ("beta", "1,x"));
    // The entry's own error is the source.
    let source = std::error::Error::source(&e).expect("a source");
    assert_eq!(source.to_string(), "beta=x: 'x' is not a number");
    let e = rejects(&p, "nope", "1");
    assert_eq!(e.to_string(), "nope=1: unknown key");
    // Long values are clipped in messages.
    let long = "7".repeat(100);
    let e = rejects(&p, "eps", &format!("x{long}"));
    assert_eq!(e.value().chars().count(), 41);
    assert!(e.value().ends_with('…'));
}

#[test]
fn warnings_serialize_as_before() {
    let parsed = Params::from_query("eps=abc&bogus=1");
    let json = serde_json::to_value(&parsed.warnings).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"key": "bogus", "value": "1", "reason": "unknown key", "fallback": ""},
            {"key": "eps", "value": "abc", "reason": "'abc' is not a number", "fallback": "0.01"},
        ])
    );
    // A warning is its error's parts.
    for w in &parsed.warnings {
        assert_eq!(
            (w.key.as_str(), w.value.as_str(), w.reason.clone()),
            (w.error.key(), w.error.value(), w.error.reason())
        );
        assert_eq!(*w, Warning::new(w.error.clone(), w.fallback.clone()));
    }
}

/// One value just outside `[min, max]` on each side (none below a bound of 0 for whole numbers).
fn outside(min: f64, max: f64) -> [f64; 2] {
    let below = if min == 0.0 {
        -1e-9
    } else {
        min - min.abs() * 1e-6
    };
    [below, max + max.abs() * 1e-6]
}

/// Every key's range text is what it has always said, and the bounds its typed range holds are
/// the bounds parsing enforces: values on them are accepted, values just outside rejected with
/// those very bounds.
#[test]
fn range_texts_agree_with_typed_ranges() {
    let texts = [
        ("v", "integer", "1"),
        (
            "preset",
            "name",
            "paper, prop1, unlucky, small-lr, large-lr, more-samples, lemma2-3d, cosine, sgd, gaussian",
        ),
        (
            "beta",
            "list of numbers",
            "1 to 8 values in [-1000, 1000]; the count is the dimension d",
        ),
        (
            "x",
            "list of integers",
            "1 to 1000 basis indices, each in 1..d",
        ),
        ("n", "integer", "1 to 1000"),
        ("seed", "integer", "0 to 9007199254740991"),
        ("eps", "number", "1e-12 to 1e6"),
        (
            "lr",
            "number or auto",
            "1e-9 to 1000, or auto (= 1/gamma_max)",
        ),
        ("k", "integer", "0 to 1000"),
        ("gd_stop", "name", "check, cut"),
        ("schedule", "name", "constant, linear, cosine, exp, step"),
        ("lr_end", "number", "1e-9 to 1000"),
        ("batch", "integer", "0 to 1000"),
        ("inputs", "name", "basis, gaussian"),
        (
            "cov",
            "list of numbers",
            "d values in (0, 1000] (d = the length of beta)",
        ),
        ("noise", "number", "0 to 1000"),
        ("trials", "integer", "1 to 10000000"),
        ("flow_lr", "number", "0 (exact gradient flow) or 1e-4 to 10"),
        (
            "gamma",
            "list of numbers",
            "d values in (0, 1000] (d = the length of beta)",
        ),
        (
            "lambda",
            "list of numbers",
            "d values in (0, 1000], with gamma",
        ),
        ("small", "list of integers", "distinct coordinates in 1..d"),
        (
            "plane",
            "two integers",
            "two distinct coordinates in 1..max(d, 2)",
        ),
        ("embed", "0 or 1", "0, 1"),
        (
            "show",
            "list of names",
            "a, b, c, loss, table (each at most once)",
        ),
        ("controls", "name", "none, minimal, all"),
        ("theme", "name", "auto, light, dark"),
        ("step", "integer", "0 to 6"),
    ];
    assert_eq!(SCHEMA.len(), texts.len());
    for (s, (key, kind, range)) in SCHEMA.iter().zip(texts) {
        assert_eq!(
            (s.key, s.kind(), s.range_text().as_str()),
            (key, kind, range)
        );
        assert_eq!(s.range_text(), s.range.text());
    }

    use ParamError::*;
    let p = Params::default();
    let d = p.d();
    let num = |v: f64| v.to_string();
    for s in SCHEMA {
        let key = s.key;
        let text = s.range_text();
        match s.range {
            Range::Version(v) => {
                assert_eq!(text, v);
                accepts(&p, key, v);
                assert!(matches!(rejects(&p, key, "2"), UnsupportedVersion { .. }));
            }
            Range::Preset => {
                for preset in PRESETS {
                    assert!(text.contains(preset.name));
                    assert_eq!(accepts(&p, key, preset.name).preset().name, preset.name);
                }
                assert!(matches!(rejects(&p, key, "nope"), UnknownPreset { .. }));
            }
            Range::Name(names) => {
                for name in names {
                    assert!(text.contains(name), "{key}: {text}");
                    accepts(&p, key, name);
                }
                assert_eq!(
                    rejects(&p, key, "zzz"),
                    NotOneOf {
                        key,
                        value: "zzz".into(),
                        names
                    }
                );
            }
            Range::Names(names) => {
                assert!(text.starts_with(&names.join(", ")), "{key}: {text}");
                accepts(&p, key, &names.join(","));
                for name in names {
                    accepts(&p, key, name);
                }
                let twice = format!("{0},{0}", names[0]);
                assert!(matches!(rejects(&p, key, &twice), ListedTwice { .. }));
                let too_many = vec![names[0]; names.len() + 1].join(",");
                assert!(matches!(
                    rejects(&p, key, &too_many),
                    TooManyValues { max, .. } if max == names.len()
                ));
                assert!(matches!(
                    rejects(&p, key, "zzz"),
                    BadEntry { ref error, .. } if matches!(**error, NotOneOf { names: n, .. } if n == names)
                ));
            }
            Range::Flag => {
                assert_eq!(text, "0, 1");
                accepts(&p, key, "0");
                accepts(&p, key, "1");
                assert!(matches!(rejects(&p, key, "2"), NotZeroOrOne { .. }));
            }
            Range::Whole { min, max } => {
                assert_eq!(text, format!("{min} to {max}"));
                // A mini-batch holds at most the n samples: try its range with n at its most.
                let p = if key == "batch" {
                    accepts(&p, "n", &MAX_N.to_string())
                } else {
                    p.clone()
                };
                accepts(&p, key, &min.to_string());
                accepts(&p, key, &max.to_string());
                let mut beyond = vec![max + 1];
                if min > 0 {
                    beyond.push(min - 1);
                }
                for v in beyond {
                    assert_eq!(
                        rejects(&p, key, &v.to_string()),
                        WholeOutOfRange {
                            key,
                            value: v.to_string(),
                            min,
                            max
                        }
                    );
                }
            }
            Range::Number { min, max } | Range::NumberOrAuto { min, max } => {
                if matches!(s.range, Range::NumberOrAuto { .. }) {
                    assert!(text.ends_with(", or auto (= 1/gamma_max)"));
                    accepts(&p, key, "auto");
                }
                accepts(&p, key, &num(min));
                accepts(&p, key, &num(max));
                for v in outside(min, max) {
                    assert_eq!(
                        rejects(&p, key, &num(v)),
                        OutOfRange {
                            key,
                            value: num(v),
                            min,
                            max
                        }
                    );
                }
            }
            Range::ZeroOr { min, max, zero } => {
                assert!(text.starts_with(&format!("0 ({zero}) or ")));
                for v in [0.0, min, max] {
                    accepts(&p, key, &num(v));
                }
                assert_eq!(
                    rejects(&p, key, &num(min / 2.0)),
                    NotZeroOrAtLeast {
                        key,
                        value: num(min / 2.0),
                        min
                    }
                );
                let above = outside(min, max)[1];
                assert!(matches!(
                    rejects(&p, key, &num(above)),
                    OutOfRange { min: lo, max: hi, .. } if lo == 0.0 && hi == max
                ));
            }
            Range::Dimension { max_len, bound } => {
                assert!(text.starts_with(&format!("1 to {max_len} values")));
                let full = vec![num(bound); max_len].join(",");
                assert_eq!(accepts(&p, key, &full).d(), max_len);
                assert_eq!(accepts(&p, key, &num(-bound)).d(), 1);
                let too_many = vec!["1"; max_len + 1].join(",");
                assert!(matches!(
                    rejects(&p, key, &too_many),
                    TooManyValues { max, .. } if max == max_len
                ));
                let big = outside(-bound, bound)[1];
                assert!(matches!(
                    rejects(&p, key, &num(big)),
                    BadEntry { ref error, .. }
                        if matches!(**error, OutOfRange { min, max, .. } if min == -bound && max == bound)
                ));
            }
            Range::Indices { max_len } => {
                assert!(text.starts_with(&format!("1 to {max_len} basis indices")));
                assert_eq!(accepts(&p, key, &vec!["1"; max_len].join(",")).n(), max_len);
                accepts(&p, key, &d.to_string());
                let too_many = vec!["1"; max_len + 1].join(",");
                assert!(matches!(
                    rejects(&p, key, &too_many),
                    TooManyValues { max, .. } if max == max_len
                ));
                for v in [0, d + 1] {
                    assert!(matches!(
                        rejects(&p, key, &v.to_string()),
                        BadEntry { ref error, .. } if matches!(**error, NotACoordinate { d: e, .. } if e == d)
                    ));
                }
            }
            Range::Spectrum { max, with } => {
                assert!(text.starts_with(&format!("d values in (0, {}]", num(max))));
                let full = vec![num(max); d].join(",");
                let base = match with {
                    Some(other) => {
                        assert!(text.ends_with(&format!(", with {other}")));
                        assert!(matches!(rejects(&p, key, &full), NeedsGamma { .. }));
                        accepts(&p, other, &vec!["1"; d].join(","))
                    }
                    None => p.clone(),
                };
                accepts(&base, key, &full);
                assert!(matches!(
                    rejects(&base, key, &vec!["1"; d + 1].join(",")),
                    WrongLength { d: e, .. } if e == d
                ));
                let mut zero = vec!["1".to_string(); d];
                zero[0] = "0".into();
                assert!(matches!(
                    rejects(&base, key, &zero.join(",")),
                    BadEntry { ref error, .. } if matches!(**error, NotPositive { .. })
                ));
                let mut big = vec!["1".to_string(); d];
                big[0] = num(outside(0.0, max)[1]);
                assert!(matches!(
                    rejects(&base, key, &big.join(",")),
                    BadEntry { ref error, .. }
                        if matches!(**error, OutOfRange { min, max: m, .. } if min == 0.0 && m == max)
                ));
            }
            Range::Coordinates => {
                let all: Vec<String> = (1..=d).map(|j| j.to_string()).collect();
                accepts(&p, key, &all.join(","));
                assert!(matches!(
                    rejects(&p, key, &(d + 1).to_string()),
                    BadEntry { ref error, .. } if matches!(**error, NotACoordinate { d: e, .. } if e == d)
                ));
                assert!(matches!(rejects(&p, key, "1,1"), ListedTwice { .. }));
            }
            Range::Plane => {
                accepts(&p, key, &format!("{d},1"));
                assert!(matches!(rejects(&p, key, "1,1"), NotTwoDistinct { .. }));
                assert!(matches!(rejects(&p, key, "1"), NotTwoDistinct { .. }));
                // max(d, 2): with d = 1 the plane is still two coordinates.
                let one = accepts(&p, "beta", "1");
                accepts(&one, key, "2,1");
                assert!(matches!(
                    rejects(&one, key, "1,3"),
                    BadEntry { ref error, .. } if matches!(**error, WholeOutOfRange { max: 2, .. })
                ));
            }
        }
    }
}

#[test]
fn roles_split_the_keys() {
    let of = |role: Role| -> Vec<&str> {
        SCHEMA
            .iter()
            .filter(|s| s.role == role)
            .map(|s| s.key)
            .collect()
    };
    assert_eq!(of(Role::Header), ["v", "preset"]);
    assert_eq!(of(Role::View), ["embed", "show", "controls", "theme"]);
    assert_eq!(spec("eps").map(|s| s.role), Some(Role::State));
    assert!(spec("nope").is_none());
    assert_eq!(
        spec("v").and_then(|s| s.value(&Params::default())),
        Some(VERSION.into())
    );
}

#[test]
fn modified_means_a_computed_key_differs_from_the_preset() {
    let m = |q: &str| {
        let p = accepted(q);
        assert_eq!(p.to_json().modified, p.modified());
        // The rule the page used to apply itself: the canonical query without its view keys is
        // not the preset's own.
        let plain = lr_anneal::share::keep_view(&p.query(), "");
        assert_eq!(
            p.modified(),
            plain != format!("v=1&preset={}", p.preset().name),
            "{q}"
        );
        p.modified()
    };
    for q in [
        "",
        "preset=prop1",
        "embed=1&show=a,b&controls=all",
        "theme=dark",
        "preset=lemma2-3d&embed=1&theme=light",
        // The preset's own values, written out.
        "x=1,1,2&eps=0.01&lr=1.5",
    ] {
        assert!(!m(q), "{q}");
    }
    for q in [
        "eps=0.02",
        "n=3",
        "x=1,2,2",
        "seed=2",
        "beta=1,1,1",
        "flow_lr=0.01",
        "plane=2,1",
        "theme=dark&k=5",
        "preset=unlucky&lr=1.5",
        "beta=1,1,1&gamma=1,0.5,0.25",
    ] {
        assert!(m(q), "{q}");
    }
    let json = serde_json::to_value(Params::from_query("eps=0.02").params.to_json()).unwrap();
    assert_eq!(json["modified"], true);
}

/// Removing or adding a coordinate of beta: samples on removed coordinates go; if none would be
/// left, they all move to e1; the rest of the state keeps what still fits.
#[test]
fn changing_d_keeps_what_fits() {
    let p = Params::from_query("beta=1,1,1&x=1,3,2,3&small=2,3&plane=1,3").params;
    let q = accepts(&p, "beta", "1,1");
    assert_eq!(q.samples(), &SampleSpec::Explicit(vec![0, 1]));
    assert_eq!(q.small(), Some(&[2][..]));
    assert_eq!(q.plane(), (0, 1));
    assert_eq!(q.query(), "v=1&preset=paper&x=1,2&small=2");
    // All samples on removed coordinates: they move to e1, keeping their count.
    let p = Params::from_query("beta=1,1,1&x=3,3").params;
    let q = accepts(&p, "beta", "1,1");
    assert_eq!(q.samples(), &SampleSpec::Explicit(vec![0, 0]));
    assert_eq!(q.query(), "v=1&preset=paper&x=1,1");
    // Adding a coordinate keeps the samples and drops a spectrum of the old length.
    let p = Params::from_query("gamma=1,0.5").params;
    let q = accepts(&p, "beta", "1,1,1");
    assert_eq!(q.samples(), &SampleSpec::Explicit(vec![0, 0, 1]));
    assert_eq!(q.spectrum(), None);
    // Random samples keep n.
    let p = Params::from_query("beta=1,1,1&n=7").params;
    assert_eq!(
        accepts(&p, "beta", "1").samples(),
        &SampleSpec::Random { n: 7 }
    );
    // A rejected beta changes nothing.
    let p = Params::from_query("beta=1,1,1&x=3,3").params;
    assert!(matches!(
        rejects(&p, "beta", "1,abc"),
        ParamError::BadEntry { entry: 2, .. }
    ));
}
