//! Frozen shared links: URL queries that people may have saved, with the canonical query and the
//! values each must keep producing forever. Unlike every other test, the expected values here were
//! recorded once (by running them) and written out literally: they freeze schema version 1 (key
//! names, defaults, preset values, canonical order, number formatting) and the seeded draws
//! (ChaCha8 stream -> sample counts and label noise).
//!
//! If one of these fails, an old link now means something else: bump the schema version with an
//! upgrade path instead of editing the expectation.

use lr_anneal::dynamics::{GdStop, Lr, Schedule};
use lr_anneal::model::Inputs;
use lr_anneal::params::SampleSpec;
use lr_anneal::Params;

/// Samples of a frozen link: explicit 1-based x, or a random n.
enum S {
    X(&'static [usize]),
    N(usize),
}

struct Frozen {
    query: &'static str,
    canonical: &'static str,
    preset: &'static str,
    beta: &'static [f64],
    samples: S,
    seed: u64,
    eps: f64,
    /// `None` = auto.
    lr: Option<f64>,
    k: usize,
    noise: f64,
    trials: u64,
    /// Samples per coordinate of the drawn training set.
    counts: &'static [usize],
    /// The first label (noise draws frozen too), relative 1e-12.
    y0: f64,
}

const B1: &[f64] = &[1.0, 1.0];
const PROP1: &[f64] = &[316.227_766_016_837_96, 316.227_766_016_837_96];

const LINKS: &[Frozen] = &[
    // --- every preset by name ---
    Frozen {
        query: "preset=paper",
        canonical: "v=1&preset=paper",
        preset: "paper",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.01,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "preset=prop1",
        canonical: "v=1&preset=prop1",
        preset: "prop1",
        beta: PROP1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.5,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 316.227_766_016_837_96,
    },
    Frozen {
        query: "preset=unlucky",
        canonical: "v=1&preset=unlucky",
        preset: "unlucky",
        beta: B1,
        samples: S::X(&[1, 1, 1]),
        seed: 1,
        eps: 0.01,
        lr: None,
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[3, 0],
        y0: 1.0,
    },
    Frozen {
        query: "preset=small-lr",
        canonical: "v=1&preset=small-lr",
        preset: "small-lr",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.01,
        lr: Some(0.05),
        k: 20,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "preset=large-lr",
        canonical: "v=1&preset=large-lr",
        preset: "large-lr",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.01,
        lr: Some(2.0),
        k: 10,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "preset=more-samples",
        canonical: "v=1&preset=more-samples",
        preset: "more-samples",
        beta: B1,
        samples: S::N(1000),
        seed: 3,
        eps: 0.01,
        lr: None,
        k: 20,
        noise: 0.0,
        trials: 10_000,
        counts: &[498, 502],
        y0: 1.0,
    },
    Frozen {
        query: "preset=lemma2-3d",
        canonical: "v=1&preset=lemma2-3d",
        preset: "lemma2-3d",
        beta: &[1.0, 1.0, 1.0],
        samples: S::X(&[1, 1, 1, 2, 2, 3]),
        seed: 1,
        eps: 0.01,
        lr: None,
        k: 10,
        noise: 0.0,
        trials: 10_000,
        counts: &[3, 2, 1],
        y0: 1.0,
    },
    // --- hand-made links ---
    Frozen {
        query: "",
        canonical: "v=1&preset=paper",
        preset: "paper",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.01,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "v=1&preset=paper&eps=0.001&lr=1.4&k=10",
        canonical: "v=1&preset=paper&eps=0.001&lr=1.4&k=10",
        preset: "paper",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.001,
        lr: Some(1.4),
        k: 10,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "preset=more-samples&seed=7",
        canonical: "v=1&preset=more-samples&seed=7",
        preset: "more-samples",
        beta: B1,
        samples: S::N(1000),
        seed: 7,
        eps: 0.01,
        lr: None,
        k: 20,
        noise: 0.0,
        trials: 10_000,
        counts: &[525, 475],
        y0: 1.0,
    },
    Frozen {
        query: "beta=1,2,3&x=1,2,3,3",
        canonical: "v=1&preset=paper&beta=1,2,3&x=1,2,3,3",
        preset: "paper",
        beta: &[1.0, 2.0, 3.0],
        samples: S::X(&[1, 2, 3, 3]),
        seed: 1,
        eps: 0.01,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[1, 1, 2],
        y0: 1.0,
    },
    Frozen {
        query: "?preset=prop1&eps=1e-1#share",
        canonical: "v=1&preset=prop1&eps=0.1",
        preset: "prop1",
        beta: PROP1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.1,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 316.227_766_016_837_96,
    },
    Frozen {
        query: "preset=unlucky&lr=auto&k=4",
        canonical: "v=1&preset=unlucky",
        preset: "unlucky",
        beta: B1,
        samples: S::X(&[1, 1, 1]),
        seed: 1,
        eps: 0.01,
        lr: None,
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[3, 0],
        y0: 1.0,
    },
    Frozen {
        query: "beta=1,-1&n=50&seed=42&noise=0.5",
        canonical: "v=1&preset=paper&beta=1,-1&n=50&seed=42&noise=0.5",
        preset: "paper",
        beta: &[1.0, -1.0],
        samples: S::N(50),
        seed: 42,
        eps: 0.01,
        lr: Some(1.5),
        k: 4,
        noise: 0.5,
        trials: 10_000,
        counts: &[25, 25],
        y0: 0.671_067_174_595_595_2,
    },
    Frozen {
        query: "eps=1e-3&lr=auto",
        canonical: "v=1&preset=paper&eps=0.001&lr=auto",
        preset: "paper",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.001,
        lr: None,
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "lr=auto&k=0&trials=500",
        canonical: "v=1&preset=paper&lr=auto&k=0&trials=500",
        preset: "paper",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.01,
        lr: None,
        k: 0,
        noise: 0.0,
        trials: 500,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "preset=lemma2-3d&x=3,2,1",
        canonical: "v=1&preset=lemma2-3d&x=3,2,1",
        preset: "lemma2-3d",
        beta: &[1.0, 1.0, 1.0],
        samples: S::X(&[3, 2, 1]),
        seed: 1,
        eps: 0.01,
        lr: None,
        k: 10,
        noise: 0.0,
        trials: 10_000,
        counts: &[1, 1, 1],
        y0: 1.0,
    },
    Frozen {
        query: "beta=0.5,0.25,0.125,1,2,3,4,5&n=1000&seed=9007199254740991",
        canonical: "v=1&preset=paper&beta=0.5,0.25,0.125,1,2,3,4,5&n=1000&seed=9007199254740991",
        preset: "paper",
        beta: &[0.5, 0.25, 0.125, 1.0, 2.0, 3.0, 4.0, 5.0],
        samples: S::N(1000),
        seed: 9_007_199_254_740_991,
        eps: 0.01,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[133, 109, 130, 118, 126, 119, 140, 125],
        y0: 1.0,
    },
    Frozen {
        query: "preset=paper&beta=1,1&x=1,1,2&seed=1&eps=0.01",
        canonical: "v=1&preset=paper",
        preset: "paper",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 0.01,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000,
        counts: &[2, 1],
        y0: 1.0,
    },
    Frozen {
        query: "noise=0.1&eps=1000000&k=1000&lr=1000",
        canonical: "v=1&preset=paper&eps=1000000&lr=1000&k=1000&noise=0.1",
        preset: "paper",
        beta: B1,
        samples: S::X(&[1, 1, 2]),
        seed: 1,
        eps: 1e6,
        lr: Some(1000.0),
        k: 1000,
        noise: 0.1,
        trials: 10_000,
        counts: &[2, 1],
        y0: 0.976_515_294_144_407_9,
    },
    Frozen {
        query: "preset=more-samples&x=1,2",
        canonical: "v=1&preset=more-samples&x=1,2",
        preset: "more-samples",
        beta: B1,
        samples: S::X(&[1, 2]),
        seed: 3,
        eps: 0.01,
        lr: None,
        k: 20,
        noise: 0.0,
        trials: 10_000,
        counts: &[1, 1],
        y0: 1.0,
    },
    Frozen {
        query: "beta=-1000,1000&x=2,1,1&trials=10000000",
        canonical: "v=1&preset=paper&beta=-1000,1000&x=2,1,1&trials=10000000",
        preset: "paper",
        beta: &[-1000.0, 1000.0],
        samples: S::X(&[2, 1, 1]),
        seed: 1,
        eps: 0.01,
        lr: Some(1.5),
        k: 4,
        noise: 0.0,
        trials: 10_000_000,
        counts: &[2, 1],
        y0: 1000.0,
    },
];

#[test]
fn frozen_links_keep_their_meaning() {
    for f in LINKS {
        let q = f.query;
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        let p = &parsed.params;
        assert_eq!(p.query(), f.canonical, "{q}: canonical query");
        assert_eq!(p.preset().name, f.preset, "{q}: preset");
        assert_eq!(p.beta(), f.beta, "{q}: beta");
        assert_eq!(p.d(), f.beta.len(), "{q}: d");
        match (&f.samples, p.samples()) {
            (S::X(x), SampleSpec::Explicit(got)) => {
                let got: Vec<usize> = got.iter().map(|i| i + 1).collect();
                assert_eq!(&got[..], *x, "{q}: x");
            }
            (S::N(n), SampleSpec::Random { n: got }) => assert_eq!(got, n, "{q}: n"),
            (_, other) => panic!("{q}: samples {other:?}"),
        }
        assert_eq!(p.seed(), f.seed, "{q}: seed");
        assert_eq!(p.eps(), f.eps, "{q}: eps");
        let lr = match p.lr() {
            Lr::Auto => None,
            Lr::Fixed(v) => Some(v),
        };
        assert_eq!(lr, f.lr, "{q}: lr");
        assert_eq!(p.k(), f.k, "{q}: k");
        assert_eq!(p.noise(), f.noise, "{q}: noise");
        assert_eq!(p.trials(), f.trials, "{q}: trials");
        // Links from before gd_stop and schedule existed keep the paper's rules.
        assert_eq!(p.gd_stop(), GdStop::Check, "{q}: gd_stop");
        assert_eq!(p.schedule(), Schedule::Constant, "{q}: schedule");

        // The canonical link is itself frozen: it parses to the same params.
        let again = Params::from_query(f.canonical);
        assert!(again.warnings.is_empty(), "{}", f.canonical);
        assert_eq!(&again.params, p, "{}", f.canonical);

        // The drawn training set (seeded) is frozen too.
        let r = lr_anneal::run(p, Vec::new(), false);
        assert_eq!(r.samples.counts, f.counts, "{q}: counts");
        assert_eq!(r.samples.x.len(), p.n(), "{q}: n");
        let y0 = r.samples.y[0];
        assert!(
            (y0 - f.y0).abs() <= 1e-12 * f.y0.abs(),
            "{q}: first label {y0} vs {}",
            f.y0
        );
        assert_eq!(r.params.query, f.canonical, "{q}: report's query");
    }
}

/// Every preset appears above by name with its canonical form.
#[test]
fn every_preset_is_frozen() {
    for preset in lr_anneal::params::PRESETS {
        let q = format!("preset={}", preset.name);
        assert!(
            LINKS.iter().any(|f| f.query == q)
                || FROZEN_SCHEDULES.iter().any(|f| f.0 == q)
                || FROZEN_BEYOND.iter().any(|f| f.query == q),
            "preset {} has no frozen link",
            preset.name
        );
    }
}

/// A frozen link with the view keys (`embed`, `show`, `controls`, `theme`): embeds handed out by
/// the Embed dialog and pasted into blog posts. Besides how it is shown, it computes exactly what
/// the plain frozen link `same_state_as` (an entry of `LINKS`) computes.
struct FrozenView {
    query: &'static str,
    canonical: &'static str,
    same_state_as: &'static str,
    embed: bool,
    show: &'static [&'static str],
    controls: &'static str,
    theme: &'static str,
}

const ALL_PARTS: &[&str] = &["a", "b", "c", "loss", "table"];

const VIEW_LINKS: &[FrozenView] = &[
    FrozenView {
        query: "embed=1&show=a,table&controls=minimal&theme=dark",
        canonical: "v=1&preset=paper&embed=1&show=a,table&controls=minimal&theme=dark",
        same_state_as: "preset=paper",
        embed: true,
        show: &["a", "table"],
        controls: "minimal",
        theme: "dark",
    },
    // The two embeds of www/examples/blog-post.html.
    FrozenView {
        query: "v=1&preset=paper&embed=1&show=a,b,c&controls=minimal",
        canonical: "v=1&preset=paper&embed=1&show=a,b,c&controls=minimal",
        same_state_as: "preset=paper",
        embed: true,
        show: &["a", "b", "c"],
        controls: "minimal",
        theme: "auto",
    },
    FrozenView {
        query: "v=1&preset=unlucky&embed=1&show=c,table",
        canonical: "v=1&preset=unlucky&embed=1&show=c,table",
        same_state_as: "preset=unlucky",
        embed: true,
        show: &["c", "table"],
        controls: "none",
        theme: "auto",
    },
    // The order of `show` is kept; view keys go after the state's keys.
    FrozenView {
        query: "theme=light&embed=1&show=loss,a&controls=all&eps=1e-3&lr=auto",
        canonical:
            "v=1&preset=paper&eps=0.001&lr=auto&embed=1&show=loss,a&controls=all&theme=light",
        same_state_as: "eps=1e-3&lr=auto",
        embed: true,
        show: &["loss", "a"],
        controls: "all",
        theme: "light",
    },
    // A theme without an embed (a full page in dark).
    FrozenView {
        query: "preset=more-samples&seed=7&theme=dark",
        canonical: "v=1&preset=more-samples&seed=7&theme=dark",
        same_state_as: "preset=more-samples&seed=7",
        embed: false,
        show: ALL_PARTS,
        controls: "none",
        theme: "dark",
    },
    // The defaults, spelled out, vanish from the canonical form.
    FrozenView {
        query: "embed=0&show=a,b,c,loss,table&controls=none&theme=auto",
        canonical: "v=1&preset=paper",
        same_state_as: "preset=paper",
        embed: false,
        show: ALL_PARTS,
        controls: "none",
        theme: "auto",
    },
];

#[test]
fn frozen_embed_links_keep_their_meaning() {
    for f in VIEW_LINKS {
        let q = f.query;
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        let p = &parsed.params;
        assert_eq!(p.query(), f.canonical, "{q}: canonical query");
        assert_eq!(p.embed(), f.embed, "{q}: embed");
        assert_eq!(p.show(), f.show, "{q}: show");
        assert_eq!(p.controls(), f.controls, "{q}: controls");
        assert_eq!(p.theme(), f.theme, "{q}: theme");

        let again = Params::from_query(f.canonical);
        assert!(again.warnings.is_empty(), "{}", f.canonical);
        assert_eq!(&again.params, p, "{}", f.canonical);

        // What is computed is the frozen plain link's state.
        let plain = LINKS
            .iter()
            .find(|l| l.query == f.same_state_as)
            .unwrap_or_else(|| panic!("{q}: {} is not a frozen link", f.same_state_as));
        let base = Params::from_query(plain.query).params;
        assert_eq!(p.preset().name, base.preset().name, "{q}: preset");
        assert_eq!(p.beta(), base.beta(), "{q}: beta");
        assert_eq!(p.samples(), base.samples(), "{q}: samples");
        assert_eq!(p.seed(), base.seed(), "{q}: seed");
        assert_eq!(p.eps(), base.eps(), "{q}: eps");
        assert_eq!(p.lr(), base.lr(), "{q}: lr");
        assert_eq!(p.k(), base.k(), "{q}: k");
        assert_eq!(p.noise(), base.noise(), "{q}: noise");
        assert_eq!(p.trials(), base.trials(), "{q}: trials");
        let r = lr_anneal::run(p, Vec::new(), false);
        assert_eq!(r.samples.counts, plain.counts, "{q}: counts");
        assert_eq!(r.params.query, f.canonical, "{q}: report's query");
    }
}

/// Links with the keys of the Lemma 2 explorer, playback comparison and plane (schema v1): the
/// canonical form and the values they parse to are frozen too.
struct FrozenExplorer {
    query: &'static str,
    canonical: &'static str,
    spectrum: Option<(&'static [f64], &'static [f64])>,
    small: Option<&'static [usize]>,
    plane: (usize, usize),
    flow_lr: f64,
}

const FROZEN_EXPLORER: &[FrozenExplorer] = &[
    FrozenExplorer {
        query: "beta=1,1,1&gamma=1,0.5,0.25&lambda=0.2,0.3,0.5&lr=1&k=10&small=3",
        canonical:
            "v=1&preset=paper&beta=1,1,1&lr=1&k=10&gamma=1,0.5,0.25&lambda=0.2,0.3,0.5&small=3",
        spectrum: Some((&[1.0, 0.5, 0.25], &[0.2, 0.3, 0.5])),
        small: Some(&[3]),
        plane: (0, 1),
        flow_lr: 0.0,
    },
    // lambda defaults to 1/d and is then written out; the plane may be reversed.
    FrozenExplorer {
        query: "beta=1,2&gamma=0.6,0.2&eps=0.001&plane=2,1",
        canonical: "v=1&preset=paper&beta=1,2&eps=0.001&gamma=0.6,0.2&lambda=0.5,0.5&plane=2,1",
        spectrum: Some((&[0.6, 0.2], &[0.5, 0.5])),
        small: None,
        plane: (1, 0),
        flow_lr: 0.0,
    },
    FrozenExplorer {
        query: "preset=lemma2-3d&plane=2,3",
        canonical: "v=1&preset=lemma2-3d&plane=2,3",
        spectrum: None,
        small: None,
        plane: (1, 2),
        flow_lr: 0.0,
    },
    FrozenExplorer {
        query: "flow_lr=0.01",
        canonical: "v=1&preset=paper&flow_lr=0.01",
        spectrum: None,
        small: None,
        plane: (0, 1),
        flow_lr: 0.01,
    },
];

#[test]
fn frozen_explorer_links_keep_their_meaning() {
    for f in FROZEN_EXPLORER {
        let parsed = Params::from_query(f.query);
        assert!(
            parsed.warnings.is_empty(),
            "{}: {:?}",
            f.query,
            parsed.warnings
        );
        let p = parsed.params;
        assert_eq!(p.query(), f.canonical, "{}", f.query);
        assert_eq!(p.spectrum(), f.spectrum, "{}", f.query);
        assert_eq!(p.small(), f.small, "{}", f.query);
        assert_eq!(p.plane(), f.plane, "{}", f.query);
        assert_eq!(p.flow_lr(), f.flow_lr, "{}", f.query);
        assert_eq!(Params::from_query(f.canonical).params, p, "{}", f.query);
    }
}

/// Links with `gd_stop` (schema v1): the canonical form, the rule, and where the annealed run's
/// large steps stop (the steps taken and the fraction of the last one, recorded once).
struct FrozenGdStop {
    query: &'static str,
    canonical: &'static str,
    gd_stop: GdStop,
    counts: &'static [usize],
    gd_steps: usize,
    /// Relative 1e-12.
    cut_fraction: Option<f64>,
}

const FROZEN_GD_STOP: &[FrozenGdStop] = &[
    // The default spelled out vanishes from the canonical form.
    FrozenGdStop {
        query: "gd_stop=check",
        canonical: "v=1&preset=paper",
        gd_stop: GdStop::Check,
        counts: &[2, 1],
        gd_steps: 4,
        cut_fraction: None,
    },
    // The paper's run ends no large step below eps: nothing to cut.
    FrozenGdStop {
        query: "gd_stop=cut",
        canonical: "v=1&preset=paper&gd_stop=cut",
        gd_stop: GdStop::Cut,
        counts: &[2, 1],
        gd_steps: 4,
        cut_fraction: None,
    },
    FrozenGdStop {
        query: "lr=1.08&gd_stop=cut",
        canonical: "v=1&preset=paper&lr=1.08&gd_stop=cut",
        gd_stop: GdStop::Cut,
        counts: &[2, 1],
        gd_steps: 3,
        cut_fraction: Some(0.284_566_192_838_821_84),
    },
    FrozenGdStop {
        query: "gd_stop=cut&lr=0.9",
        canonical: "v=1&preset=paper&lr=0.9&gd_stop=cut",
        gd_stop: GdStop::Cut,
        counts: &[2, 1],
        gd_steps: 2,
        cut_fraction: Some(35.0 / 36.0),
    },
    // The key goes after k in the canonical order.
    FrozenGdStop {
        query: "gd_stop=cut&n=1000&seed=5",
        canonical: "v=1&preset=paper&n=1000&seed=5&gd_stop=cut",
        gd_stop: GdStop::Cut,
        counts: &[488, 512],
        gd_steps: 4,
        cut_fraction: Some(0.153_955_164_057_318_63),
    },
    FrozenGdStop {
        query: "preset=large-lr&gd_stop=cut&k=20",
        canonical: "v=1&preset=large-lr&k=20&gd_stop=cut",
        gd_stop: GdStop::Cut,
        counts: &[2, 1],
        gd_steps: 20,
        cut_fraction: None,
    },
];

#[test]
fn frozen_gd_stop_links_keep_their_meaning() {
    for f in FROZEN_GD_STOP {
        let q = f.query;
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        let p = &parsed.params;
        assert_eq!(p.query(), f.canonical, "{q}: canonical query");
        assert_eq!(p.gd_stop(), f.gd_stop, "{q}: gd_stop");
        assert_eq!(&Params::from_query(f.canonical).params, p, "{q}");
        let r = lr_anneal::run(p, Vec::new(), false);
        assert_eq!(r.params.gd_stop, f.gd_stop.name(), "{q}: params.gd_stop");
        assert_eq!(r.samples.counts, f.counts, "{q}: counts");
        assert_eq!(r.annealed.gd_steps, f.gd_steps, "{q}: gd_steps");
        match (r.annealed.cut_fraction, f.cut_fraction) {
            (Some(got), Some(want)) => {
                assert!(
                    (got - want).abs() <= 1e-12 * want,
                    "{q}: cut {got} vs {want}"
                )
            }
            (got, want) => assert_eq!(got, want, "{q}: cut_fraction"),
        }
    }
}

/// Links with `schedule` and `lr_end` (schema v1): the canonical form, the schedule, its end
/// rate, and the K rates of the large steps (recorded once, relative 1e-12).
const FROZEN_SCHEDULES: &[(&str, &str, Schedule, f64, &[f64])] = &[
    // (query, canonical, schedule, lr_end, rates)
    // The default spelled out vanishes, and so does lr_end with it: a constant rate ignores it
    // (and keeps the default 0.01).
    (
        "schedule=constant&lr_end=0.5",
        "v=1&preset=paper",
        Schedule::Constant,
        0.01,
        &[1.5, 1.5, 1.5, 1.5],
    ),
    // Another schedule keeps lr_end, the default one included.
    (
        "schedule=linear",
        "v=1&preset=paper&schedule=linear&lr_end=0.01",
        Schedule::Linear,
        0.01,
        &[1.5, 1.1275, 0.755, 0.3825],
    ),
    (
        "lr_end=0.1&schedule=step",
        "v=1&preset=paper&schedule=step&lr_end=0.1",
        Schedule::Step,
        0.1,
        &[1.5, 1.5, 0.1, 0.1],
    ),
    (
        "preset=large-lr&schedule=exp&lr_end=0.02&k=2",
        "v=1&preset=large-lr&k=2&schedule=exp&lr_end=0.02",
        Schedule::Exp,
        0.02,
        &[2.0, 0.2],
    ),
    // The preset of "Beyond the paper" (with gd_stop=cut): 0.01 + 1.49 (1 + cos(pi t/8))/2.
    (
        "preset=cosine",
        "v=1&preset=cosine",
        Schedule::Cosine,
        0.01,
        &[
            1.5,
            1.4432902517209085,
            1.281794551983978,
            1.040099157111992,
            0.755,
            0.46990084288800815,
            0.22820544801602216,
            0.06670974827909137,
        ],
    ),
    (
        "schedule=cosine&k=2",
        "v=1&preset=paper&k=2&schedule=cosine&lr_end=0.01",
        Schedule::Cosine,
        0.01,
        &[1.5, 0.755],
    ),
];

#[test]
fn frozen_schedule_links_keep_their_meaning() {
    for &(q, canonical, schedule, lr_end, rates) in FROZEN_SCHEDULES {
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        let p = &parsed.params;
        assert_eq!(p.query(), canonical, "{q}: canonical query");
        assert_eq!((p.schedule(), p.lr_end()), (schedule, lr_end), "{q}");
        assert_eq!(
            &Params::from_query(canonical).params,
            p,
            "{q}: the canonical form"
        );
        let again = Params::from_query(canonical).params;
        assert_eq!(again.query(), canonical, "{q}");
        let r = lr_anneal::run(p, Vec::new(), false);
        assert_eq!(r.params.schedule, schedule.name(), "{q}: params.schedule");
        assert_eq!(r.annealed.rates.len(), rates.len(), "{q}: rates");
        for (got, want) in r.annealed.rates.iter().zip(rates) {
            assert!((got - want).abs() <= 1e-12 * want, "{q}: {got} vs {want}");
        }
    }
}

/// Links into the guided walk (`step`): each keeps its state and its step, and `step` is no
/// modification of the preset.
const FROZEN_STEPS: &[(&str, &str, usize, f64, usize)] = &[
    // (query, canonical, step, lr, k)
    ("step=1", "v=1&preset=paper&step=1", 1, 1.5, 4),
    (
        "preset=paper&lr=1.4&k=8&step=3",
        "v=1&preset=paper&lr=1.4&k=8&step=3",
        3,
        1.4,
        8,
    ),
    (
        "step=5&preset=unlucky",
        "v=1&preset=unlucky&step=5",
        5,
        1.0,
        4,
    ),
    ("step=0", "v=1&preset=paper", 0, 1.5, 4),
    (
        "step=6&lr=0.5&embed=1",
        "v=1&preset=paper&lr=0.5&embed=1&step=6",
        6,
        0.5,
        4,
    ),
];

#[test]
fn walk_links_keep_their_step_and_state() {
    for &(q, canonical, step, lr, k) in FROZEN_STEPS {
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        let p = &parsed.params;
        assert_eq!(p.query(), canonical, "{q}");
        assert_eq!(p.step(), step, "{q}");
        assert_eq!(p.k(), k, "{q}");
        assert!(
            !p.modified() || q.contains("lr="),
            "{q}: step alone is no modification"
        );
        let r = lr_anneal::run(p, Vec::new(), false);
        assert_eq!(r.annealed.lr, lr, "{q}");
        assert_eq!(r.story.step, step, "{q}");
        assert_eq!(r.story.steps.len(), 6);
    }
    // Every step's own link is one of these states, and parses back to its step.
    let r = lr_anneal::run(&Params::default(), Vec::new(), false);
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

/// Links with `batch`, `inputs` and `cov` (schema v1): the canonical form, the values they parse
/// to, and what the seeded draws give: the first input and label (relative 1e-12), the
/// mini-batches of the large steps (their own stream of the seed), where the large steps stop,
/// and both test losses (relative 1e-10), recorded once.
struct FrozenBeyond {
    query: &'static str,
    canonical: &'static str,
    preset: &'static str,
    batch: usize,
    inputs: Inputs,
    /// The population variances (Gaussian inputs only).
    cov: Option<&'static [f64]>,
    n: usize,
    seed: u64,
    gd_stop: GdStop,
    /// Samples per coordinate (empty for Gaussian inputs).
    counts: &'static [usize],
    input0: &'static [f64],
    y0: f64,
    gd_steps: usize,
    cut_fraction: Option<f64>,
    /// 1-based, one per large step taken (empty without `batch`).
    batches: &'static [&'static [usize]],
    gradient_flow_test_loss: f64,
    annealed_test_loss: f64,
}

const FROZEN_BEYOND: &[FrozenBeyond] = &[
    // The two presets of "Beyond the paper".
    FrozenBeyond {
        query: "preset=sgd",
        canonical: "v=1&preset=sgd",
        preset: "sgd",
        batch: 2,
        inputs: Inputs::Basis,
        cov: None,
        n: 3,
        seed: 1,
        gd_stop: GdStop::Cut,
        counts: &[2, 1],
        input0: &[1.0, 0.0],
        y0: 1.0,
        gd_steps: 6,
        cut_fraction: Some(0.050_826_379_531_065_84),
        batches: &[&[1, 3], &[2, 3], &[1, 3], &[1, 2], &[1, 3], &[2, 3]],
        gradient_flow_test_loss: 0.014_597_054_535_375_28,
        annealed_test_loss: 0.008_333_333_333_333_333,
    },
    FrozenBeyond {
        query: "preset=gaussian",
        canonical: "v=1&preset=gaussian",
        preset: "gaussian",
        batch: 0,
        inputs: Inputs::Gaussian,
        cov: Some(&[0.8, 0.2]),
        n: 3,
        seed: 4,
        gd_stop: GdStop::Cut,
        counts: &[],
        input0: &[0.957_836_369_963_153, -0.466_011_510_808_042_9],
        y0: 0.491_824_859_155_110_15,
        gd_steps: 4,
        cut_fraction: None,
        batches: &[],
        gradient_flow_test_loss: 0.024_363_365_182_550_396,
        annealed_test_loss: 0.012_637_445_110_482_55,
    },
    // Plain queries with the new keys.
    FrozenBeyond {
        query: "batch=2",
        canonical: "v=1&preset=paper&batch=2",
        preset: "paper",
        batch: 2,
        inputs: Inputs::Basis,
        cov: None,
        n: 3,
        seed: 1,
        gd_stop: GdStop::Check,
        counts: &[2, 1],
        input0: &[1.0, 0.0],
        y0: 1.0,
        gd_steps: 4,
        cut_fraction: None,
        batches: &[&[1, 3], &[2, 3], &[1, 3], &[1, 2]],
        gradient_flow_test_loss: 0.014_597_054_535_375_28,
        annealed_test_loss: 0.009_185_033_814_954_923,
    },
    // batch = n is kept in the link, and is the full batch: the paper's 0.75 eps.
    FrozenBeyond {
        query: "batch=3",
        canonical: "v=1&preset=paper&batch=3",
        preset: "paper",
        batch: 3,
        inputs: Inputs::Basis,
        cov: None,
        n: 3,
        seed: 1,
        gd_stop: GdStop::Check,
        counts: &[2, 1],
        input0: &[1.0, 0.0],
        y0: 1.0,
        gd_steps: 4,
        cut_fraction: None,
        batches: &[&[1, 2, 3], &[1, 2, 3], &[1, 2, 3], &[1, 2, 3]],
        gradient_flow_test_loss: 0.014_597_054_535_375_28,
        annealed_test_loss: 0.007_500_000_000_000_004,
    },
    // The preset's key set back to the default stays in the link.
    FrozenBeyond {
        query: "preset=sgd&batch=0",
        canonical: "v=1&preset=sgd&batch=0",
        preset: "sgd",
        batch: 0,
        inputs: Inputs::Basis,
        cov: None,
        n: 3,
        seed: 1,
        gd_stop: GdStop::Cut,
        counts: &[2, 1],
        input0: &[1.0, 0.0],
        y0: 1.0,
        gd_steps: 8,
        cut_fraction: None,
        batches: &[],
        gradient_flow_test_loss: 0.014_597_054_535_375_28,
        annealed_test_loss: 0.007_500_000_000_000_004,
    },
    // batch goes after seed in the canonical order.
    FrozenBeyond {
        query: "preset=sgd&batch=1&seed=2",
        canonical: "v=1&preset=sgd&seed=2&batch=1",
        preset: "sgd",
        batch: 1,
        inputs: Inputs::Basis,
        cov: None,
        n: 3,
        seed: 2,
        gd_stop: GdStop::Cut,
        counts: &[2, 1],
        input0: &[1.0, 0.0],
        y0: 1.0,
        gd_steps: 8,
        cut_fraction: None,
        batches: &[&[1], &[1], &[1], &[2], &[2], &[1], &[2], &[2]],
        gradient_flow_test_loss: 0.014_597_054_535_375_28,
        annealed_test_loss: 0.007_618_654_119_078_493_5,
    },
    // The paper's x = 1,1,2 gives inputs=gaussian its n = 3 (no warning: x was not given); cov
    // defaults to 1/d and is left out.
    FrozenBeyond {
        query: "inputs=gaussian",
        canonical: "v=1&preset=paper&n=3&inputs=gaussian",
        preset: "paper",
        batch: 0,
        inputs: Inputs::Gaussian,
        cov: Some(&[0.5, 0.5]),
        n: 3,
        seed: 1,
        gd_stop: GdStop::Check,
        counts: &[],
        input0: &[-0.166_061_947_646_605_92, -0.997_598_763_120_050_1],
        y0: -1.163_660_710_766_656_1,
        gd_steps: 4,
        cut_fraction: None,
        batches: &[],
        gradient_flow_test_loss: 0.118_834_619_609_521_35,
        annealed_test_loss: 0.117_644_944_904_417_25,
    },
    // The same draws scaled by sqrt(cov_j / (1/2)).
    FrozenBeyond {
        query: "inputs=gaussian&n=3&cov=0.8,0.2",
        canonical: "v=1&preset=paper&n=3&inputs=gaussian&cov=0.8,0.2",
        preset: "paper",
        batch: 0,
        inputs: Inputs::Gaussian,
        cov: Some(&[0.8, 0.2]),
        n: 3,
        seed: 1,
        gd_stop: GdStop::Check,
        counts: &[],
        input0: &[-0.210_053_594_898_765_16, -0.630_936_856_485_228_2],
        y0: -0.840_990_451_383_993_4,
        gd_steps: 4,
        cut_fraction: None,
        batches: &[],
        gradient_flow_test_loss: 0.117_037_497_589_608_78,
        annealed_test_loss: 0.118_027_494_378_619_48,
    },
    // Label noise is drawn after all the inputs.
    FrozenBeyond {
        query: "inputs=gaussian&n=5&cov=0.5,1.5&noise=0.1&seed=3",
        canonical: "v=1&preset=paper&n=5&seed=3&inputs=gaussian&cov=0.5,1.5&noise=0.1",
        preset: "paper",
        batch: 0,
        inputs: Inputs::Gaussian,
        cov: Some(&[0.5, 1.5]),
        n: 5,
        seed: 3,
        gd_stop: GdStop::Check,
        counts: &[],
        input0: &[0.310_247_476_817_877_95, -1.382_029_013_680_736_5],
        y0: -0.924_074_481_883_111_5,
        gd_steps: 4,
        cut_fraction: None,
        batches: &[],
        gradient_flow_test_loss: 0.026_831_887_656_854_46,
        annealed_test_loss: 0.032_848_043_731_668_206,
    },
    // Basis inputs ignore the preset's cov (left out of the link) and draw n = 3 from the seed.
    FrozenBeyond {
        query: "preset=gaussian&inputs=basis",
        canonical: "v=1&preset=gaussian&inputs=basis",
        preset: "gaussian",
        batch: 0,
        inputs: Inputs::Basis,
        cov: None,
        n: 3,
        seed: 4,
        gd_stop: GdStop::Cut,
        counts: &[0, 3],
        input0: &[0.0, 1.0],
        y0: 1.0,
        gd_steps: 4,
        cut_fraction: None,
        batches: &[],
        gradient_flow_test_loss: 0.505,
        annealed_test_loss: 0.505,
    },
];

#[test]
fn frozen_batch_and_input_links_keep_their_meaning() {
    let rel = |got: f64, want: f64, tol: f64| (got - want).abs() <= tol * want.abs();
    for f in FROZEN_BEYOND {
        let q = f.query;
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        let p = &parsed.params;
        assert_eq!(p.query(), f.canonical, "{q}: canonical query");
        assert_eq!(p.preset().name, f.preset, "{q}: preset");
        assert_eq!(p.batch(), f.batch, "{q}: batch");
        assert_eq!(p.inputs(), f.inputs, "{q}: inputs");
        if let Some(cov) = f.cov {
            assert_eq!(p.cov(), cov, "{q}: cov");
        }
        assert_eq!(p.n(), f.n, "{q}: n");
        assert_eq!(p.seed(), f.seed, "{q}: seed");
        assert_eq!(p.gd_stop(), f.gd_stop, "{q}: gd_stop");

        // The canonical link parses to the same params, and is its own canonical form.
        let again = Params::from_query(f.canonical);
        assert!(again.warnings.is_empty(), "{}", f.canonical);
        assert_eq!(&again.params, p, "{}", f.canonical);
        assert_eq!(again.params.query(), f.canonical);

        let r = lr_anneal::run(p, Vec::new(), false);
        assert_eq!(r.params.query, f.canonical, "{q}: report's query");
        assert_eq!(r.samples.counts, f.counts, "{q}: counts");
        assert_eq!(r.samples.inputs.len(), f.n, "{q}: n");
        for (got, want) in r.samples.inputs[0].iter().zip(f.input0) {
            assert!(rel(*got, *want, 1e-12), "{q}: first input {got} vs {want}");
        }
        assert!(rel(r.samples.y[0], f.y0, 1e-12), "{q}: first label");
        let a = &r.annealed;
        assert_eq!(a.gd_steps, f.gd_steps, "{q}: gd_steps");
        match (a.cut_fraction, f.cut_fraction) {
            (Some(got), Some(want)) => assert!(rel(got, want, 1e-12), "{q}: cut {got} vs {want}"),
            (got, want) => assert_eq!(got, want, "{q}: cut_fraction"),
        }
        let batches: Vec<&[usize]> = a.batches.iter().map(Vec::as_slice).collect();
        assert_eq!(batches, f.batches, "{q}: batches");
        let gf = r.gradient_flow.test_loss.unwrap();
        assert!(
            rel(gf, f.gradient_flow_test_loss, 1e-10),
            "{q}: gradient flow {gf}"
        );
        let an = a.test_loss.unwrap();
        assert!(rel(an, f.annealed_test_loss, 1e-10), "{q}: annealed {an}");
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
