//! What each figure's SVG draws, on the paper preset: its title, its contours and its labelled
//! series. (Not the exact look: that is for a person to judge.)
#![cfg(not(target_arch = "wasm32"))]

use lr_anneal::plot::{svg, Figure};
use lr_anneal::{run, Params};

/// The light theme's contour and level-set colours, as the SVG writes them.
const CONTOUR: &str = "#B4B9C2";
const LEVEL: &str = "#CC79A7";

fn figure(f: Figure) -> String {
    svg(&[f], &run(&Params::default(), Vec::new(), true), false).unwrap()
}

/// The texts drawn, in order (with the one entity they use, `&apos;`, unescaped).
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim()))
        .map(|t| t.replace("&apos;", "'"))
        .collect()
}

/// How many closed curves (ellipses and circles: 161 points) are drawn in `stroke`.
fn curves(svg: &str, stroke: &str) -> usize {
    svg.split("<polyline")
        .skip(1)
        .filter_map(|p| Some(p.split_once('>')?.0))
        .filter(|p| p.contains(&format!("stroke=\"{stroke}\"")))
        .filter_map(|p| p.split_once("points=\"")?.1.split_once('"'))
        .filter(|(points, _)| points.split_whitespace().count() == 161)
        .count()
}

#[test]
fn each_figure_draws_its_title_first() {
    for f in Figure::ALL {
        assert_eq!(
            texts(&figure(f)).first().map(String::as_str),
            Some(f.title()),
            "{f:?}"
        );
    }
}

#[test]
fn the_plane_figures_draw_their_contours_and_the_level_set() {
    // (a) and (b): nine train-loss ellipses outside the level set; (c): ten test-loss circles.
    for (f, contours) in [(Figure::A, 9), (Figure::B, 9), (Figure::C, 10)] {
        let svg = figure(f);
        assert_eq!(curves(&svg, CONTOUR), contours, "{f:?}");
        assert_eq!(curves(&svg, LEVEL), 1, "{f:?}");
        let texts = texts(&svg);
        for label in ["train loss = ε", "β*"] {
            assert!(texts.iter().any(|t| t == label), "{f:?} lacks {label:?}");
        }
    }
}

#[test]
fn each_figure_labels_its_own_series() {
    let has = |f: Figure, labels: &[&str], absent: &[&str]| {
        let texts = texts(&figure(f));
        for l in labels {
            assert!(texts.iter().any(|t| t == l), "{f:?} lacks {l:?}: {texts:?}");
        }
        for l in absent {
            assert!(!texts.iter().any(|t| t == l), "{f:?} has {l:?}");
        }
    };
    has(
        Figure::A,
        &["gradient flow", "start"],
        &["large steps", "good"],
    );
    has(
        Figure::B,
        &["large steps", "lr drops", "then gradient flow", "start"],
        &["gradient flow", "good"],
    );
    has(
        Figure::C,
        &["good", "bad", "gradient flow's stop", "annealed stop"],
        &["start", "large steps"],
    );
    has(
        Figure::Loss,
        &[
            "ε",
            "lr drops",
            "gradient flow: train",
            "gradient flow: test",
            "annealed: train",
            "annealed: test",
        ],
        &["start"],
    );
}
