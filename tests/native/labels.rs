//! No text of a figure covers another, a drawn path or a marker: for every preset and a few
//! more states, each figure (and the sweeps) is drawn to SVG, its `<text>` elements are read back
//! into boxes (position, font size, anchor) with the estimate the figures place labels by, and
//! each box is checked against every other text's box, every polyline (the contours excepted:
//! labels may lie on those thin grey lines) and every marker (circles, small squares).

use crate::common::{attr, draw_text, elements, num, unescape, SVG_FONT};
use lr_anneal::plot::{svg, sweep_svg, text_size, Figure, Rect, SweepRefs};
use lr_anneal::sweep::{sweep, Axis};
use lr_anneal::{run, Params};

/// The states drawn besides the presets.
const EXTRA: [&str; 6] = [
    "lr=1.08",
    "lr=2&k=30",
    "noise=0.5",
    "beta=1,2,3&x=1,2,3,3&plane=2,3",
    "flow_lr=0.05",
    "preset=unlucky&lr=1.08",
];

/// The contour and grid colours of both themes: lines labels may cross.
const SOFT: [&str; 4] = ["#B4B9C2", "#EAECEF", "#555B66", "#2C3038"];

/// The texts (not the rotated axis titles) with their boxes.
fn texts(svg: &str) -> Vec<(String, Rect)> {
    elements(svg, "text")
        .into_iter()
        .filter(|(tag, _)| attr(tag, "transform").is_none())
        .map(|(tag, content)| {
            let text = unescape(content);
            let size = num(tag, "font-size") * *SVG_FONT;
            let (w, h) = text_size(&text, size);
            let (x, y) = (num(tag, "x"), num(tag, "y"));
            let x0 = match attr(tag, "text-anchor") {
                Some("middle") => x - 0.5 * w,
                Some("end") => x - w,
                _ => x,
            };
            let y0 = match attr(tag, "dy") {
                Some("0.76em") => y,
                Some("0.5ex") => y - 0.5 * h,
                Some("-0.5ex") => y - h,
                _ => y - 0.8 * h,
            };
            (
                text,
                Rect {
                    x0,
                    y0,
                    x1: x0 + w,
                    y1: y0 + h,
                },
            )
        })
        .collect()
}

/// The polylines not in a soft colour: their points and half their stroke width.
fn paths(svg: &str) -> Vec<(Vec<(f64, f64)>, f64)> {
    elements(svg, "polyline")
        .into_iter()
        .filter(|(tag, _)| !SOFT.contains(&attr(tag, "stroke").unwrap_or("")))
        .map(|(tag, _)| {
            let points = attr(tag, "points")
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (points, 0.5 * num(tag, "stroke-width"))
        })
        .collect()
}

/// The markers: circles, and rectangles no larger than 24 pixels a side.
fn markers(svg: &str) -> Vec<Rect> {
    let circles = elements(svg, "circle").into_iter().map(|(tag, _)| {
        let (x, y) = (num(tag, "cx"), num(tag, "cy"));
        let r = num(tag, "r") + 0.5 * num(tag, "stroke-width");
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    });
    let rects = elements(svg, "rect")
        .into_iter()
        .filter(|(tag, _)| num(tag, "width") <= 24.0 && num(tag, "height") <= 24.0)
        .map(|(tag, _)| {
            let (x, y) = (num(tag, "x"), num(tag, "y"));
            let s = 0.5 * num(tag, "stroke-width");
            Rect {
                x0: x - s,
                y0: y - s,
                x1: x + num(tag, "width") + s,
                y1: y + num(tag, "height") + s,
            }
        });
    circles.chain(rects).collect()
}

/// The legends' boxes: the rectangles filled in the background colour at 85% opacity, drawn
/// over what is beneath them.
fn legends(svg: &str) -> Vec<Rect> {
    elements(svg, "rect")
        .into_iter()
        .filter(|(tag, _)| attr(tag, "opacity") == Some("0.85"))
        .map(|(tag, _)| {
            let (x, y) = (num(tag, "x"), num(tag, "y"));
            Rect {
                x0: x,
                y0: y,
                x1: x + num(tag, "width"),
                y1: y + num(tag, "height"),
            }
        })
        .collect()
}

/// Every collision in `svg`, described. A legend's entries may lie over paths (the legend's
/// background covers them); nothing else may.
fn collisions(svg: &str) -> Vec<String> {
    let texts = texts(svg);
    let paths = paths(svg);
    let markers = markers(svg);
    let legends = legends(svg);
    let mut out = Vec::new();
    for (i, (a, ab)) in texts.iter().enumerate() {
        for (b, bb) in &texts[i + 1..] {
            if ab.overlaps(bb) {
                out.push(format!("{a:?} overlaps {b:?}"));
            }
        }
        let in_legend = legends.iter().any(|l| l.contains(ab));
        for (points, half) in paths.iter().filter(|_| !in_legend) {
            let grown = ab.grow(*half);
            if points.windows(2).any(|s| grown.meets(s[0], s[1])) {
                out.push(format!(
                    "{a:?} {ab:?} lies on a path {:?}",
                    &points[..points.len().min(4)]
                ));
                break;
            }
        }
        if markers.iter().any(|m| m.overlaps(ab)) {
            out.push(format!("{a:?} covers a marker"));
        }
    }
    out
}

fn states() -> Vec<String> {
    lr_anneal::params::PRESETS
        .iter()
        .map(|p| format!("preset={}", p.name))
        .chain(EXTRA.iter().map(|s| s.to_string()))
        .collect()
}

#[test]
fn no_text_of_a_figure_collides() {
    let mut failures = Vec::new();
    for q in states() {
        let report = run(&Params::from_query(&q).params, Vec::new(), true);
        for f in Figure::ALL {
            for dark in [false, true] {
                let svg = svg(&[f], &report, dark).unwrap();
                // The reading works: the title and tick labels are texts, the runs paths.
                assert!(
                    texts(&svg).len() >= 8,
                    "{q} ({f:?}): {} texts",
                    texts(&svg).len()
                );
                assert!(!paths(&svg).is_empty(), "{q} ({f:?}): no path");
                for c in collisions(&svg) {
                    failures.push(format!(
                        "{q} ({}{}): {c}",
                        f.name(),
                        if dark { ", dark" } else { "" }
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_text_of_a_sweep_collides() {
    let mut failures = Vec::new();
    for q in [
        "preset=paper",
        "preset=unlucky",
        "preset=large-lr",
        "noise=0.3&eps=0.05",
    ] {
        let params = Params::from_query(q).params;
        let refs = SweepRefs::of(&run(&params, Vec::new(), false));
        for axis in [Axis::Lr, Axis::K, Axis::Eps] {
            let (svg, _) = sweep_svg(&sweep(&params, axis, 60), &refs, false).unwrap();
            for c in collisions(&svg) {
                failures.push(format!("{q} ({axis:?}): {c}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_test_reads_texts_as_the_figures_measure_them() {
    // A text drawn as the figures draw a label reads back as the box they measured for it.
    let (w, h) = text_size("gradient flow", 11.0);
    assert_eq!(
        texts(&draw_text("gradient flow", (20, 30), 11.0)),
        [(
            "gradient flow".to_string(),
            Rect {
                x0: 20.0,
                y0: 30.0,
                x1: 20.0 + w,
                y1: 30.0 + h
            }
        )]
    );
    // A label drawn over another is caught.
    let svg = r##"<text x="10" y="10" dy="0.76em" text-anchor="start" font-size="8.870967741935484">good</text>
<text x="12" y="12" dy="0.76em" text-anchor="start" font-size="8.870967741935484">bad</text>
<polyline fill="none" stroke="#D55E00" stroke-width="3" points="0,100 100,100 "/>
<text x="50" y="100" dy="0.5ex" text-anchor="middle" font-size="8.870967741935484">on it</text>"##;
    let c = collisions(svg);
    assert_eq!(c.len(), 2, "{c:?}");
}
