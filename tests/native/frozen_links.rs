//! Frozen shared links: URL queries that people may have saved, with the canonical query and the
//! values each must keep producing forever. Unlike every other test, the expected values here were
//! recorded once (by running them) and written out literally: they freeze schema version 1 (key
//! names, defaults, preset values, canonical order, number formatting) and the seeded draws
//! (ChaCha8 stream -> sample counts and label noise).
//!
//! If one of these fails, an old link now means something else: bump the schema version with an
//! upgrade path instead of editing the expectation.
//!
//! The links and their values are data, `frozen_links.txt` (one record per link, in sections by
//! kind of link; its header says how to read it); this file says what is checked for each kind.

use std::fmt::Debug;
use std::str::FromStr;

use crate::common::{accepted, close};
use lr_anneal::dynamics::{GdStop, Lr, Schedule};
use lr_anneal::model::Inputs;
use lr_anneal::params::{SampleSpec, PRESETS};
use lr_anneal::{Params, Report};

/// The frozen links.
const DATA: &str = include_str!("frozen_links.txt");

/// The sections of the data file, each with the fields of its records in order (`link` first).
#[rustfmt::skip]
const SECTIONS: &[(&str, &[&str])] = &[
    ("links", &[
        "link", "canonical", "preset", "beta", "samples", "seed", "eps", "lr", "k", "noise",
        "trials", "counts", "y0",
    ]),
    ("embeds", &[
        "link", "canonical", "same_state_as", "embed", "show", "controls", "theme",
    ]),
    ("explorer", &["link", "canonical", "gamma", "lambda", "small", "plane", "flow_lr"]),
    ("gd_stop", &["link", "canonical", "gd_stop", "counts", "gd_steps", "cut_fraction"]),
    ("schedules", &["link", "canonical", "schedule", "lr_end", "rates"]),
    ("steps", &["link", "canonical", "step", "lr", "k"]),
    ("beyond", &[
        "link", "canonical", "preset", "batch", "inputs", "cov", "n", "seed", "gd_stop", "counts",
        "input0", "y0", "gd_steps", "cut_fraction", "batches", "gradient_flow_test_loss",
        "annealed_test_loss",
    ]),
];

/// One frozen link: the fields of its record as written, and the line the record starts on.
struct Record {
    line: usize,
    fields: Vec<(&'static str, &'static str)>,
}

impl Record {
    /// The value of `field`, as written.
    #[track_caller]
    fn text(&self, field: &str) -> &'static str {
        self.fields
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("frozen_links.txt:{}: no {field}", self.line))
    }

    /// The value of `field` read as a `T` (a whole number, `true` or `false`).
    #[track_caller]
    fn value<T: FromStr>(&self, field: &str) -> T
    where
        T::Err: Debug,
    {
        value(self.text(field))
    }

    /// The number `field`.
    #[track_caller]
    fn number(&self, field: &str) -> f64 {
        number(self.text(field))
    }

    /// The list of numbers `field`.
    #[track_caller]
    fn numbers(&self, field: &str) -> Vec<f64> {
        numbers(self.text(field))
    }

    /// The list of whole numbers `field`.
    #[track_caller]
    fn wholes(&self, field: &str) -> Vec<usize> {
        wholes(self.text(field))
    }

    /// The value of `field`, or `None` where it is `none`.
    fn optional(&self, field: &str) -> Option<&'static str> {
        Some(self.text(field)).filter(|v| *v != "none")
    }
}

/// `text` read as a `T`.
#[track_caller]
fn value<T: FromStr>(text: &str) -> T
where
    T::Err: Debug,
{
    text.parse()
        .unwrap_or_else(|e| panic!("frozen_links.txt: {text:?}: {e:?}"))
}

/// A number, written as such or as a fraction `a/b`.
#[track_caller]
fn number(text: &str) -> f64 {
    match text.split_once('/') {
        Some((a, b)) => value::<f64>(a) / value::<f64>(b),
        None => value(text),
    }
}

/// The items of a comma-separated list (`-`: none).
fn list(text: &str) -> Vec<&str> {
    if text == "-" {
        Vec::new()
    } else {
        text.split(',').collect()
    }
}

/// A list of numbers.
#[track_caller]
fn numbers(text: &str) -> Vec<f64> {
    list(text).into_iter().map(number).collect()
}

/// A list of whole numbers.
#[track_caller]
fn wholes(text: &str) -> Vec<usize> {
    list(text).into_iter().map(value).collect()
}

/// Every record of `section`. The whole file is read, and any line it cannot read exactly (an
/// unknown section, a field out of its section's order, missing or unknown) fails the test.
fn records(section: &str) -> Vec<Record> {
    let mut sections: Vec<(&str, Vec<Record>)> = Vec::new();
    for (i, line) in DATA.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            assert!(
                SECTIONS.iter().any(|(s, _)| *s == name),
                "frozen_links.txt:{n}: unknown section [{name}]"
            );
            assert!(
                sections.iter().all(|(s, _)| *s != name),
                "frozen_links.txt:{n}: [{name}] again"
            );
            sections.push((name, Vec::new()));
            continue;
        }
        let (field, text) = line.split_once(' ').unwrap_or((line, ""));
        let (_, records) = sections
            .last_mut()
            .unwrap_or_else(|| panic!("frozen_links.txt:{n}: {field} before any [section]"));
        if field == "link" {
            records.push(Record {
                line: n,
                fields: Vec::new(),
            });
        }
        records
            .last_mut()
            .unwrap_or_else(|| panic!("frozen_links.txt:{n}: {field} before the first link"))
            .fields
            .push((field, text.trim()));
    }
    for (name, fields) in SECTIONS {
        let (_, records) = sections
            .iter()
            .find(|(s, _)| s == name)
            .unwrap_or_else(|| panic!("frozen_links.txt: no [{name}]"));
        assert!(
            !records.is_empty(),
            "frozen_links.txt: [{name}] has no link"
        );
        for r in records {
            let got: Vec<&str> = r.fields.iter().map(|(f, _)| *f).collect();
            assert_eq!(
                got, *fields,
                "frozen_links.txt:{}: the fields of a [{name}] link",
                r.line
            );
        }
    }
    let at = sections.iter().position(|(s, _)| *s == section);
    sections.swap_remove(at.expect("a section of SECTIONS")).1
}

/// The rule named `name` in the data (spelled out here, not read by the code under test).
#[track_caller]
fn gd_stop(name: &str) -> GdStop {
    match name {
        "check" => GdStop::Check,
        "cut" => GdStop::Cut,
        _ => panic!("frozen_links.txt: no rule {name}"),
    }
}

/// The schedule named `name` in the data.
#[track_caller]
fn schedule(name: &str) -> Schedule {
    match name {
        "constant" => Schedule::Constant,
        "linear" => Schedule::Linear,
        "cosine" => Schedule::Cosine,
        "exp" => Schedule::Exp,
        "step" => Schedule::Step,
        _ => panic!("frozen_links.txt: no schedule {name}"),
    }
}

/// The inputs named `name` in the data.
#[track_caller]
fn inputs(name: &str) -> Inputs {
    match name {
        "basis" => Inputs::Basis,
        "gaussian" => Inputs::Gaussian,
        _ => panic!("frozen_links.txt: no inputs {name}"),
    }
}

/// Runs params without trajectories.
fn run(p: &Params) -> Report {
    lr_anneal::run(p, Vec::new(), false)
}

/// `[links]`: the state keys.
#[test]
fn frozen_links_keep_their_meaning() {
    for f in records("links") {
        let q = f.text("link");
        let canonical = f.text("canonical");
        let p = &accepted(q);
        assert_eq!(p.query(), canonical, "{q}: canonical query");
        assert_eq!(p.preset().name, f.text("preset"), "{q}: preset");
        let beta = f.numbers("beta");
        assert_eq!(p.beta(), beta, "{q}: beta");
        assert_eq!(p.d(), beta.len(), "{q}: d");
        match (f.text("samples").split_once('='), p.samples()) {
            (Some(("x", x)), SampleSpec::Explicit(got)) => {
                let got: Vec<usize> = got.iter().map(|i| i + 1).collect();
                assert_eq!(got, wholes(x), "{q}: x");
            }
            (Some(("n", n)), SampleSpec::Random { n: got }) => {
                assert_eq!(*got, value::<usize>(n), "{q}: n")
            }
            (_, other) => panic!("{q}: samples {other:?}"),
        }
        assert_eq!(p.seed(), f.value::<u64>("seed"), "{q}: seed");
        assert_eq!(p.eps(), f.number("eps"), "{q}: eps");
        let lr = match p.lr() {
            Lr::Auto => None,
            Lr::Fixed(v) => Some(v),
        };
        let want = Some(f.text("lr")).filter(|v| *v != "auto").map(number);
        assert_eq!(lr, want, "{q}: lr");
        assert_eq!(p.k(), f.value::<usize>("k"), "{q}: k");
        assert_eq!(p.noise(), f.number("noise"), "{q}: noise");
        assert_eq!(p.trials(), f.value::<u64>("trials"), "{q}: trials");
        // Links from before gd_stop and schedule existed keep the paper's rules.
        assert_eq!(p.gd_stop(), GdStop::Check, "{q}: gd_stop");
        assert_eq!(p.schedule(), Schedule::Constant, "{q}: schedule");

        // The canonical link is itself frozen: it parses to the same params.
        assert_eq!(&accepted(canonical), p, "{canonical}");

        // The drawn training set (seeded) is frozen too.
        let r = run(p);
        assert_eq!(r.samples.counts, f.wholes("counts"), "{q}: counts");
        assert_eq!(r.samples.x.len(), p.n(), "{q}: n");
        let (y0, want) = (r.samples.y[0], f.number("y0"));
        assert!(close(y0, want, 1e-12), "{q}: first label {y0} vs {want}");
        assert_eq!(r.params.query, canonical, "{q}: report's query");
    }
}

/// Every preset appears by name with its canonical form, in `[links]`, `[schedules]` or
/// `[beyond]`.
#[test]
fn every_preset_is_frozen() {
    let links: Vec<&str> = ["links", "schedules", "beyond"]
        .into_iter()
        .flat_map(records)
        .map(|f| f.text("link"))
        .collect();
    for preset in PRESETS {
        let q = format!("preset={}", preset.name);
        assert!(
            links.contains(&q.as_str()),
            "preset {} has no frozen link",
            preset.name
        );
    }
}

/// `[embeds]`: the view keys, and the state of a plain frozen link.
#[test]
fn frozen_embed_links_keep_their_meaning() {
    let plain_links = records("links");
    for f in records("embeds") {
        let q = f.text("link");
        let canonical = f.text("canonical");
        let p = &accepted(q);
        assert_eq!(p.query(), canonical, "{q}: canonical query");
        assert_eq!(p.embed(), f.value::<bool>("embed"), "{q}: embed");
        assert_eq!(p.show(), list(f.text("show")), "{q}: show");
        assert_eq!(p.controls(), f.text("controls"), "{q}: controls");
        assert_eq!(p.theme(), f.text("theme"), "{q}: theme");

        assert_eq!(&accepted(canonical), p, "{canonical}");

        // What is computed is the frozen plain link's state.
        let same = f.text("same_state_as");
        let plain = plain_links
            .iter()
            .find(|l| l.text("link") == same)
            .unwrap_or_else(|| panic!("{q}: {same} is not a frozen link"));
        let base = Params::from_query(plain.text("link")).params;
        assert_eq!(p.preset().name, base.preset().name, "{q}: preset");
        assert_eq!(p.beta(), base.beta(), "{q}: beta");
        assert_eq!(p.samples(), base.samples(), "{q}: samples");
        assert_eq!(p.seed(), base.seed(), "{q}: seed");
        assert_eq!(p.eps(), base.eps(), "{q}: eps");
        assert_eq!(p.lr(), base.lr(), "{q}: lr");
        assert_eq!(p.k(), base.k(), "{q}: k");
        assert_eq!(p.noise(), base.noise(), "{q}: noise");
        assert_eq!(p.trials(), base.trials(), "{q}: trials");
        let r = run(p);
        assert_eq!(r.samples.counts, plain.wholes("counts"), "{q}: counts");
        assert_eq!(r.params.query, canonical, "{q}: report's query");
    }
}

/// `[explorer]`: the keys of the Lemma 2 explorer, playback comparison and plane.
#[test]
fn frozen_explorer_links_keep_their_meaning() {
    for f in records("explorer") {
        let q = f.text("link");
        let p = accepted(q);
        assert_eq!(p.query(), f.text("canonical"), "{q}");
        let given = |field| f.optional(field).map(numbers);
        let spectrum = match (given("gamma"), given("lambda")) {
            (Some(gamma), Some(lambda)) => Some((gamma, lambda)),
            (None, None) => None,
            _ => panic!("frozen_links.txt:{}: gamma and lambda go together", f.line),
        };
        let spectrum = spectrum.as_ref().map(|(g, l)| (&g[..], &l[..]));
        assert_eq!(p.spectrum(), spectrum, "{q}");
        let small = f.optional("small").map(wholes);
        assert_eq!(p.small(), small.as_deref(), "{q}");
        let plane = match f.wholes("plane")[..] {
            [a, b] => (a, b),
            _ => panic!("frozen_links.txt:{}: a plane is two coordinates", f.line),
        };
        assert_eq!(p.plane(), plane, "{q}");
        assert_eq!(p.flow_lr(), f.number("flow_lr"), "{q}");
        assert_eq!(Params::from_query(f.text("canonical")).params, p, "{q}");
    }
}

/// `[gd_stop]`: the rule the large steps stop by.
#[test]
fn frozen_gd_stop_links_keep_their_meaning() {
    for f in records("gd_stop") {
        let q = f.text("link");
        let canonical = f.text("canonical");
        let rule = gd_stop(f.text("gd_stop"));
        let p = &accepted(q);
        assert_eq!(p.query(), canonical, "{q}: canonical query");
        assert_eq!(p.gd_stop(), rule, "{q}: gd_stop");
        assert_eq!(&Params::from_query(canonical).params, p, "{q}");
        let r = run(p);
        assert_eq!(r.params.gd_stop, rule.name(), "{q}: params.gd_stop");
        assert_eq!(r.samples.counts, f.wholes("counts"), "{q}: counts");
        assert_eq!(
            r.annealed.gd_steps,
            f.value::<usize>("gd_steps"),
            "{q}: gd_steps"
        );
        match (
            r.annealed.cut_fraction,
            f.optional("cut_fraction").map(number),
        ) {
            (Some(got), Some(want)) => {
                assert!(close(got, want, 1e-12), "{q}: cut {got} vs {want}")
            }
            (got, want) => assert_eq!(got, want, "{q}: cut_fraction"),
        }
    }
}

/// `[schedules]`: the learning-rate schedules of the large steps.
#[test]
fn frozen_schedule_links_keep_their_meaning() {
    for f in records("schedules") {
        let q = f.text("link");
        let canonical = f.text("canonical");
        let (schedule, lr_end) = (schedule(f.text("schedule")), f.number("lr_end"));
        let rates = f.numbers("rates");
        let p = &accepted(q);
        assert_eq!(p.query(), canonical, "{q}: canonical query");
        assert_eq!((p.schedule(), p.lr_end()), (schedule, lr_end), "{q}");
        assert_eq!(
            &Params::from_query(canonical).params,
            p,
            "{q}: the canonical form"
        );
        let again = Params::from_query(canonical).params;
        assert_eq!(again.query(), canonical, "{q}");
        let r = run(p);
        assert_eq!(r.params.schedule, schedule.name(), "{q}: params.schedule");
        assert_eq!(r.annealed.rates.len(), rates.len(), "{q}: rates");
        for (&got, &want) in r.annealed.rates.iter().zip(&rates) {
            assert!(close(got, want, 1e-12), "{q}: {got} vs {want}");
        }
    }
}

/// `[steps]`: links into the guided walk.
#[test]
fn walk_links_keep_their_step_and_state() {
    for f in records("steps") {
        let q = f.text("link");
        let step = f.value::<usize>("step");
        let p = &accepted(q);
        assert_eq!(p.query(), f.text("canonical"), "{q}");
        assert_eq!(p.step(), step, "{q}");
        assert_eq!(p.k(), f.value::<usize>("k"), "{q}");
        assert!(
            !p.modified() || q.contains("lr="),
            "{q}: step alone is no modification"
        );
        let r = run(p);
        assert_eq!(r.annealed.lr, f.number("lr"), "{q}");
        assert_eq!(r.story.step, step, "{q}");
        assert_eq!(r.story.steps.len(), 6);
    }
    // Every step's own link is one of these states, and parses back to its step.
    let r = run(&Params::default());
    for (i, s) in r.story.steps.iter().enumerate() {
        assert_eq!(
            Params::from_query(&s.query).params.step(),
            i + 1,
            "{}",
            s.query
        );
        assert_eq!(Params::from_query(&s.query).params.query(), s.query);
    }
    assert!(Params::from_query("step=7")
        .warnings
        .iter()
        .any(|w| w.key == "step"));
}

/// `[beyond]`: mini-batches and Gaussian inputs.
#[test]
fn frozen_batch_and_input_links_keep_their_meaning() {
    for f in records("beyond") {
        let q = f.text("link");
        let canonical = f.text("canonical");
        let n = f.value::<usize>("n");
        let p = &accepted(q);
        assert_eq!(p.query(), canonical, "{q}: canonical query");
        assert_eq!(p.preset().name, f.text("preset"), "{q}: preset");
        assert_eq!(p.batch(), f.value::<usize>("batch"), "{q}: batch");
        assert_eq!(p.inputs(), inputs(f.text("inputs")), "{q}: inputs");
        if f.optional("cov").is_some() {
            assert_eq!(p.cov(), f.numbers("cov"), "{q}: cov");
        }
        assert_eq!(p.n(), n, "{q}: n");
        assert_eq!(p.seed(), f.value::<u64>("seed"), "{q}: seed");
        assert_eq!(p.gd_stop(), gd_stop(f.text("gd_stop")), "{q}: gd_stop");

        // The canonical link parses to the same params, and is its own canonical form.
        let again = accepted(canonical);
        assert_eq!(&again, p, "{canonical}");
        assert_eq!(again.query(), canonical);

        let r = run(p);
        assert_eq!(r.params.query, canonical, "{q}: report's query");
        assert_eq!(r.samples.counts, f.wholes("counts"), "{q}: counts");
        assert_eq!(r.samples.inputs.len(), n, "{q}: n");
        for (&got, want) in r.samples.inputs[0].iter().zip(f.numbers("input0")) {
            assert!(close(got, want, 1e-12), "{q}: first input {got} vs {want}");
        }
        assert!(
            close(r.samples.y[0], f.number("y0"), 1e-12),
            "{q}: first label"
        );
        let a = &r.annealed;
        assert_eq!(a.gd_steps, f.value::<usize>("gd_steps"), "{q}: gd_steps");
        match (a.cut_fraction, f.optional("cut_fraction").map(number)) {
            (Some(got), Some(want)) => {
                assert!(close(got, want, 1e-12), "{q}: cut {got} vs {want}")
            }
            (got, want) => assert_eq!(got, want, "{q}: cut_fraction"),
        }
        let batches: Vec<Vec<usize>> = match f.text("batches") {
            "-" => Vec::new(),
            b => b.split(' ').map(wholes).collect(),
        };
        assert_eq!(a.batches, batches, "{q}: batches");
        let gf = r.gradient_flow.test_loss.unwrap();
        assert!(
            close(gf, f.number("gradient_flow_test_loss"), 1e-10),
            "{q}: gradient flow {gf}"
        );
        let an = a.test_loss.unwrap();
        assert!(
            close(an, f.number("annealed_test_loss"), 1e-10),
            "{q}: annealed {an}"
        );
    }
}

/// What the new keys do with a value that does not fit, in a link: a warning on the key and a
/// fallback (an old link with a conflict keeps opening on the same state).
#[test]
fn frozen_conflicts_of_the_new_keys() {
    // Gaussian inputs are drawn: an explicit x keeps only its count.
    let parsed = Params::from_query("inputs=gaussian&x=1,2,2");
    assert!(
        parsed.warnings.iter().any(|w| w.key == "x"),
        "{:?}",
        parsed.warnings
    );
    assert_eq!(parsed.params.inputs(), Inputs::Gaussian);
    assert_eq!(parsed.params.samples(), &SampleSpec::Random { n: 3 });
    assert_eq!(
        parsed.params.query(),
        "v=1&preset=paper&n=3&inputs=gaussian"
    );
    // A mini-batch of more than the paper's n = 3 samples falls back to the full batch.
    let parsed = Params::from_query("batch=5");
    assert!(
        parsed.warnings.iter().any(|w| w.key == "batch"),
        "{:?}",
        parsed.warnings
    );
    assert_eq!(parsed.params.batch(), 0);
    assert_eq!(parsed.params.query(), "v=1&preset=paper");
}
