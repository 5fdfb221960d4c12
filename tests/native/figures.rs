//! What each figure's SVG draws, on the paper preset: its title, its contours and its labelled
//! series. (Not the exact look: that is for a person to judge.)

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

/// The curves (polylines of more than two points: ellipses, circles and their arcs in the view)
/// drawn in `stroke`, each as its points.
fn curves(svg: &str, stroke: &str) -> Vec<Vec<(i64, i64)>> {
    svg.split("<polyline")
        .skip(1)
        .filter_map(|p| Some(p.split_once('>')?.0))
        .filter(|p| p.contains(&format!("stroke=\"{stroke}\"")))
        .filter_map(|p| p.split_once("points=\"")?.1.split_once('"'))
        .map(|(points, _)| {
            points
                .split_whitespace()
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect::<Vec<_>>()
        })
        .filter(|c| c.len() > 2)
        .collect()
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
    // (a) and (b): nine train-loss ellipses outside the level set, the last through the view's
    // farthest corner; (c): ten test-loss circles, likewise. Only their arcs in the view are
    // drawn, so the last one (which touches the view at a corner) may draw nothing: at least
    // eight and nine curves. An arc runs to the frame at its two ends and never along it: no two
    // of its inner points in a row lie on one edge of the box all the arcs span (the plot area).
    for (f, contours) in [(Figure::A, 8), (Figure::B, 8), (Figure::C, 9)] {
        let svg = figure(f);
        let arcs = curves(&svg, CONTOUR);
        assert!(arcs.len() >= contours, "{f:?}: {} curves", arcs.len());
        let all = arcs.iter().flatten();
        let (x0, x1) = all
            .clone()
            .fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (y0, y1) = all.fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        let edge = |p: &(i64, i64)| [p.0 == x0, p.0 == x1, p.1 == y0, p.1 == y1];
        for arc in arcs.iter().filter(|a| a.len() > 3) {
            for w in arc[1..arc.len() - 1].windows(2) {
                let (a, b) = (edge(&w[0]), edge(&w[1]));
                assert!(
                    !(0..4).any(|i| a[i] && b[i]),
                    "{f:?}: an arc runs along the frame at {w:?}: {arc:?}"
                );
            }
        }
        // The level set: one closed curve.
        let level = curves(&svg, LEVEL);
        assert_eq!(level.len(), 1, "{f:?}");
        assert_eq!(
            level[0].first(),
            level[0].last(),
            "{f:?}: the level set is closed"
        );
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
        &["large steps", "η drops", "then gradient flow", "start"],
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
            "η drops",
            "gradient flow: train",
            "gradient flow: test",
            "annealed: train",
            "annealed: test",
        ],
        &["start"],
    );
}

#[test]
fn without_titles_the_plot_takes_their_room() {
    use lr_anneal::plot::{draw, Style};
    use plotters::prelude::*;
    let report = run(&Params::default(), Vec::new(), true);
    for f in Figure::ALL {
        let draw_with = |titles: bool| {
            let mut out = String::new();
            {
                let area = SVGBackend::with_string(&mut out, f.size()).into_drawing_area();
                let style = Style {
                    titles,
                    ..Style::default()
                };
                draw(&area, f, &report, &style).unwrap();
                area.present().unwrap();
            }
            out
        };
        let (with, without) = (draw_with(true), draw_with(false));
        assert!(texts(&with).iter().any(|t| t == f.title()), "{f:?}");
        assert!(!texts(&without).iter().any(|t| t == f.title()), "{f:?}");
        // The axes' top (their lines are in the contour colour) moves up.
        let top = |svg: &str| {
            svg.split("<line ")
                .skip(1)
                .filter(|l| l.contains(&format!("stroke=\"{CONTOUR}\"")))
                .flat_map(|l| {
                    ["y1", "y2"].map(|k| {
                        l.split(&format!(" {k}=\""))
                            .nth(1)
                            .and_then(|v| v.split('"').next()?.parse::<i32>().ok())
                    })
                })
                .flatten()
                .min()
        };
        assert!(top(&with).is_some(), "{f:?}");
        assert!(top(&without) < top(&with), "{f:?}");
    }
}

#[test]
fn the_export_carries_a_caption_with_both_test_losses() {
    let report = run(&Params::default(), Vec::new(), true);
    let svg = svg(&Figure::ALL, &report, false).unwrap();
    let texts = texts(&svg);
    let caption = texts.last().unwrap();
    assert!(
        caption.starts_with("ε = 0.01 · η = 1.5 · K = 4 · test loss: (A) 0.0146"),
        "{caption}"
    );
    assert!(caption.contains("(B) 0.0075 (0.75 ε)"), "{caption}");
    // One figure is narrower: the caption takes two lines.
    let one = svg_texts(&[Figure::C], &report);
    let n = one.len();
    assert_eq!(one[n - 2], "ε = 0.01 · η = 1.5 · K = 4");
    assert!(one[n - 1].starts_with("test loss: (A) 0.0146"));
}

fn svg_texts(figures: &[Figure], report: &lr_anneal::Report) -> Vec<String> {
    texts(&svg(figures, report, false).unwrap())
}
