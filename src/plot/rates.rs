//! The rates chart (beyond the paper): the learning rate `eta_t` of each large step against `t`,
//! as the schedule in use sets it, with `1/gamma_max` (above it the steep direction bounces
//! without shrinking, or grows) for reference. Steps the run did not take (it stopped first) are
//! hollow.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::labels::{Around, Labels};
use super::markers::LABEL_SIZE;
use super::{backend_err, font, mesh_style, px, tick, Palette, PlotError, Scale, Style};
use crate::outcome::Outcome;

/// Draws the rates chart onto `area` (over its background).
pub fn draw_rates<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Outcome,
    style: &Style,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    area.fill(&pal.bg).map_err(backend_err)?;
    let a = &report.annealed;
    let lr_auto = report.stability.lr_auto;
    let k = a.rates.len();
    let top = a
        .rates
        .iter()
        .copied()
        .chain([lr_auto])
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let y_hi = if top > 0.0 { top * 1.2 } else { 1.0 };
    let x_hi = (k.max(2) - 1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(px(style, 8.0))
        .margin_right(px(style, 16.0))
        .x_label_area_size(px(style, 40.0))
        .y_label_area_size(px(style, 44.0))
        .build_cartesian_2d(Scale::linear(-0.5..x_hi + 0.5), Scale::linear(0.0..y_hi))
        .map_err(backend_err)?;
    mesh_style(&mut chart.configure_mesh(), &pal, style)
        .x_labels(k.clamp(2, 8))
        .y_labels(4)
        .x_label_formatter(&|v| {
            if v.fract() == 0.0 && *v >= 0.0 {
                format!("{v}")
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| tick(*v))
        .x_desc("large step t")
        .y_desc("rate η of step t")
        .draw()
        .map_err(backend_err)?;
    let mut labels = Labels::in_chart(&chart, px(style, 2.0) as f64);
    // 1/gamma_max, dashed and labelled.
    if lr_auto.is_finite() && lr_auto <= y_hi {
        let line = [(-0.5, lr_auto), (x_hi + 0.5, lr_auto)];
        chart
            .draw_series(DashedLineSeries::new(
                line,
                px(style, 5.0),
                px(style, 4.0),
                pal.fg.mix(0.55).stroke_width(px(style, 1.0)),
            ))
            .map_err(backend_err)?;
        labels.chart_path(&chart, line);
    }
    let points: Vec<(f64, f64)> = a
        .rates
        .iter()
        .enumerate()
        .map(|(t, &r)| (t as f64, r))
        .collect();
    let line = pal.an.stroke_width(px(style, 1.5));
    chart
        .draw_series(LineSeries::new(points.iter().copied(), line))
        .map_err(backend_err)?;
    labels.chart_path(&chart, points.iter().copied());
    let r = px(style, 3.0) as i32;
    for (t, &p) in points.iter().enumerate() {
        let taken = t < a.gd_steps;
        let shape = if taken {
            Circle::new((0, 0), r, pal.an.filled())
        } else {
            Circle::new((0, 0), r, pal.an.stroke_width(px(style, 1.5)))
        };
        chart
            .draw_series([EmptyElement::at(p) + shape])
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&p), r + 1);
    }
    if lr_auto.is_finite() && lr_auto <= y_hi {
        let plot = chart.plotting_area().strip_coord_spec();
        labels.draw(
            &plot,
            chart.backend_coord(&(x_hi + 0.5, lr_auto)),
            0,
            "1/γₘₐₓ",
            font(style, LABEL_SIZE, &pal.fg),
            LABEL_SIZE * style.scale,
            Around::Point,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{run, Params};

    fn svg(query: &str) -> String {
        let r = run(&Params::from_query(query).params, Vec::new(), false);
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (400, 250)).into_drawing_area();
            draw_rates(&root, &r, &Style::default()).unwrap();
            root.present().unwrap();
        }
        out
    }

    #[test]
    fn a_dot_per_step_hollow_where_the_run_had_stopped() {
        // The cosine preset stops in step 5 of 8 (cut to land on eps): 5 taken, 3 not.
        let s = svg("preset=cosine");
        let circles: Vec<&str> = s.split("<circle").skip(1).collect();
        assert_eq!(circles.len(), 8, "{s}");
        let hollow = circles
            .iter()
            .filter(|c| c.contains("fill=\"none\""))
            .count();
        assert_eq!(hollow, 3);
        assert!(s.contains("1/γₘₐₓ"));
        // The paper's 4 steps are all taken.
        let s = svg("");
        let circles: Vec<&str> = s.split("<circle").skip(1).collect();
        assert_eq!(circles.len(), 4);
        assert!(circles.iter().all(|c| !c.contains("fill=\"none\"")), "{s}");
    }
}
