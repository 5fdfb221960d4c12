//! Figure (c): the test loss landscape. Its contours (circles around beta*) zoomed on the level
//! set `train loss = eps`, with both runs' stops on it and the level set's best and worst points.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, test_contours};
use super::frame::Plane;
use super::legend::legend;
use super::markers::{beta_star, marker, playback, Runs};
use super::{backend_err, font, px, Figure, Palette, PlotError, Style};
use crate::report::Report;

/// Draws figure (c) onto `area` (over its background); with `t`, marks where both runs are at
/// that time (playback).
pub(crate) fn draw_c<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    style: &Style,
    t: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    let plane = Plane::new(report)?;
    // The view: the level set's bounding box, where the end points are.
    let (c, g) = plane.train_loss();
    let half = |g: f64| {
        if g > 0.0 {
            (plane.level() / g).sqrt()
        } else {
            0.0
        }
    };
    let (hx, hy) = (half(g.0), half(g.1));
    let mut shown = vec![plane.star, (c.0 - hx, c.1 - hy), (c.0 + hx, c.1 + hy)];
    shown.extend(plane.marks());
    let mut chart = plane.chart(area, Figure::C.title(), &shown, 0.3, style, &pal)?;
    test_contours(&mut chart, &plane, style, &pal)?;
    level_set(&mut chart, &plane, style, &pal)?;

    let marker = marker(style);
    let label = |text: &'static str, p: (f64, f64), color: RGBColor| {
        EmptyElement::at(p)
            + Circle::new((0, 0), marker, color.filled())
            + Text::new(text, (marker + 3, -marker), font(style, 11.0, &pal.fg))
    };
    if let (Some(gp), Some(bp)) = (plane.good, plane.bad) {
        chart
            .draw_series([label("good", gp, pal.good), label("bad", bp, pal.bad)])
            .map_err(backend_err)?;
        if report.quadratic.noise_var == 0.0 {
            // Without noise the level set is symmetric about beta*: the mirror images are
            // equally good and bad.
            let star = plane.star;
            let mirror = |p: (f64, f64)| (2.0 * star.0 - p.0, 2.0 * star.1 - p.1);
            chart
                .draw_series([
                    Circle::new(mirror(gp), marker, pal.good.filled()),
                    Circle::new(mirror(bp), marker, pal.bad.filled()),
                ])
                .map_err(backend_err)?;
        }
    }
    let gf_style = pal.gf.stroke_width(px(style, 3.0));
    if let Some(e) = plane.gf_end {
        chart
            .draw_series([EmptyElement::at(e)
                + Circle::new((0, 0), marker + 2, pal.gf.stroke_width(px(style, 2.5)))])
            .map_err(backend_err)?
            .label("gradient flow's stop")
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, gf_style));
    }
    let an_style = pal.an.stroke_width(px(style, 2.5));
    if let Some(e) = plane.an_end {
        let m = marker + 1;
        chart
            .draw_series([EmptyElement::at(e) + Rectangle::new([(-m, -m), (m, m)], an_style)])
            .map_err(backend_err)?
            .label("annealed stop")
            .legend(move |(x, y)| Rectangle::new([(x + 4, y - 4), (x + 12, y + 4)], an_style));
    }

    playback(&mut chart, &plane, t, Runs::Both, style, &pal)?;
    beta_star(&mut chart, &plane, style, &pal)?;
    legend(&mut chart, SeriesLabelPosition::UpperLeft, style, &pal)
}
