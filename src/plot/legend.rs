//! The legend: drawn inside standalone SVGs only (the page writes its own in HTML).

use plotters::coord::CoordTranslate;
use plotters::prelude::*;

use super::{backend_err, font, px, Palette, PlotError, Style};

/// A legend swatch: a horizontal stroke `len` pixels long in `line`.
pub(crate) fn swatch(line: ShapeStyle, len: i32) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + len, y)], line)
}

/// The series' legend at `position`, drawn only when `style.legend` is set.
pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    if !style.legend {
        return Ok(());
    }
    chart
        .configure_series_labels()
        .position(position)
        .margin(px(style, 4.0))
        .legend_area_size(px(style, 20.0))
        .label_font(font(style, 11.0, &pal.fg))
        .background_style(pal.bg.mix(0.85))
        .border_style(pal.contour)
        .draw()
        .map_err(backend_err)
}
