//! Figure (c): the test loss landscape. Its contours (circles around beta*) zoomed on the level
//! set `train loss = eps`, with both runs' stops on it and the level set's best and worst points.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, test_contours};
use super::frame::{view, Plane};
use super::labels::Labels;
use super::legend::{Key, Legend, ANYWHERE};
use super::markers::{beta_star, marker, name_points, playback, Name, Runs};
use super::window::{inside, LEVEL_REACH};
use super::{backend_err, px, Figure, Palette, PlotError, Style};
use crate::outcome::Outcome;

/// Draws figure (c) onto `area` (over its background); with `t`, marks where both runs are at
/// that time (playback).
pub(crate) fn draw_c<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Outcome,
    style: &Style,
    t: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    let plane = Plane::new(report)?;
    // Without noise the level set is symmetric about beta*: the mirror images of its extremes
    // are equally good and bad.
    let star = plane.star;
    let mirror = |p: (f64, f64)| (2.0 * star.0 - p.0, 2.0 * star.1 - p.1);
    let twins = |p: Option<(f64, f64)>| -> Vec<(f64, f64)> {
        match p {
            Some(p) if report.quadratic.noise_var == 0.0 => vec![p, mirror(p)],
            Some(p) => vec![p],
            None => Vec::new(),
        }
    };
    let (goods, bads) = (twins(plane.good), twins(plane.bad));
    // The view: beta* and both stops, with the level set and its extremes where near them
    // (the level set's box holds the stops on it).
    let mut core = vec![star];
    core.extend(plane.gf_end);
    core.extend(plane.an_end);
    let mut rest = plane.level_box().to_vec();
    rest.extend(goods.iter().chain(&bads));
    // The legend (three entries) gets a band of its own above the level set: every spot in the
    // view would cover one of the marks on it.
    let band = if style.legend {
        Legend::room(3, style)
    } else {
        0.0
    };
    let mut chart = plane.chart(
        area,
        Figure::C.title(),
        &core,
        &rest,
        LEVEL_REACH,
        0.3,
        band,
        style,
        &pal,
    )?;
    let view = view(&chart);
    test_contours(&mut chart, &plane, style, &pal)?;
    let mut labels = Labels::in_chart(&chart, px(style, 2.0) as f64);
    let mut legend = Legend::default();
    level_set(&mut chart, &plane, style, &pal, &mut labels, &mut legend)?;

    let marker = marker(style);
    let mut names: Vec<Name> = Vec::new();
    // Each of "good" and "bad" names the twin nearest where the runs stop.
    let stops: Vec<(f64, f64)> = plane.gf_end.into_iter().chain(plane.an_end).collect();
    let nearest = |points: &[(f64, f64)]| {
        let far = |p: &(f64, f64)| {
            stops
                .iter()
                .map(|s| (p.0 - s.0).hypot(p.1 - s.1))
                .fold(f64::INFINITY, f64::min)
        };
        points
            .iter()
            .copied()
            .filter(|&p| inside(view, p))
            .min_by(|a, b| far(a).total_cmp(&far(b)))
    };
    if let Some(g) = nearest(&goods) {
        names.push(("good", g, marker));
    }
    if let Some(b) = nearest(&bads) {
        names.push(("bad", b, marker));
    }
    let dots: Vec<((f64, f64), RGBColor)> = goods
        .iter()
        .map(|&p| (p, pal.good))
        .chain(bads.iter().map(|&p| (p, pal.bad)))
        .filter(|&(p, _)| inside(view, p))
        .collect();
    chart
        .draw_series(
            dots.iter()
                .map(|&(p, color)| Circle::new(p, marker, color.filled())),
        )
        .map_err(backend_err)?;
    for (p, _) in &dots {
        labels.mark(chart.backend_coord(p), marker);
    }
    if let Some(e) = plane.gf_end {
        let ring = pal.gf.stroke_width(px(style, 2.5));
        chart
            .draw_series([EmptyElement::at(e) + Circle::new((0, 0), marker + 2, ring)])
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&e), marker + 4);
        let r = px(style, 4.5) as i32;
        legend.add("gradient flow's stop", vec![Key::Circle(ring, r, r + 2)]);
    }
    if let Some(e) = plane.an_end {
        let outline = pal.an.stroke_width(px(style, 2.5));
        let m = marker + 1;
        chart
            .draw_series([EmptyElement::at(e) + Rectangle::new([(-m, -m), (m, m)], outline)])
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&e), m + 2);
        let r = px(style, 4.5) as i32;
        legend.add("annealed stop", vec![Key::Square(outline, r, r + 2)]);
    }

    playback(&mut chart, &plane, t, Runs::Both, style, &pal)?;
    names.insert(0, beta_star(&mut chart, &plane, style, &pal, &mut labels)?);
    legend.draw(&chart, &mut labels, &ANYWHERE, style, &pal)?;
    name_points(&chart, &mut labels, &names, style, &pal)
}
