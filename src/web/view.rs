//! The schema, parsing and setting values, the text hooks, and [`View`]: one simulation kept for
//! everything the page shows of it (its report, its figures, the parameter panel's sliders,
//! playback, the sweeps, the "beyond" section and the downloads), so that nothing simulates one
//! state twice and every number the page writes is written here.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use plotters::prelude::{IntoDrawingArea, SVGBackend};

use super::{canvas_area, js_err, to_js, WebBackend};
use crate::controls::controls;
use crate::hooks::{Hook, Value};
use crate::params::{schema_json, Params, ParamsJson, Warning};
use crate::plot::{self, draw_sweep, Figure, Style, SweepRefs};
use crate::report::{run, Report};
use crate::share;
use crate::sweep::{sweep, Axis, Sweep, SWEEP_POINTS};
use crate::text::{beyond_text, lemma2_text, playhead_text, sweep_text, SweepText};

/// The URL schema and presets (`lr-anneal schema`): keys, ranges, presets, view choices.
#[wasm_bindgen(unchecked_return_type = "Schema")]
pub fn schema() -> Result<JsValue, JsError> {
    to_js(&schema_json())
}

/// What [`parse`] returns.
#[derive(Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
struct ParseOut {
    params: ParamsJson,
    warnings: Vec<Warning>,
}

/// Reads a query string (never fails): `{params: {..., query: the canonical query}, warnings}`.
#[wasm_bindgen(unchecked_return_type = "ParseOut")]
pub fn parse(query: &str) -> Result<JsValue, JsError> {
    let parsed = Params::from_query(query);
    to_js(&ParseOut {
        params: parsed.params.to_json(),
        warnings: parsed.warnings,
    })
}

/// Sets one key of a query through the schema and returns the new canonical query string; a
/// rejected value is an `Error` whose message names the key, the value and the reason.
#[wasm_bindgen]
pub fn set_param(query: &str, key: &str, value: &str) -> Result<String, JsError> {
    Params::from_query(query)
        .params
        .with(key, value)
        .map(|p| p.query())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `query` without the comma-separated `keys` (reset to the preset's values), canonical: how the
/// page goes back from given spectra to the samples (`drop_keys(q, "gamma,lambda")`).
#[wasm_bindgen]
pub fn drop_keys(query: &str, keys: &str) -> String {
    let keys: Vec<&str> = keys.split(',').collect();
    Params::from_query(query).params.without(&keys).query()
}

/// `query` with the view keys (`embed`, `show`, `controls`, `theme`) of `from`, canonical: what a
/// preset loaded inside an embed (or a themed page) keeps.
#[wasm_bindgen]
pub fn keep_view(query: &str, from: &str) -> String {
    share::keep_view(query, from)
}

/// The URL value of slider `key` at `position` (slider units, see `View.controls`), or
/// `undefined` for a key without a slider.
#[wasm_bindgen]
pub fn slider_value(key: &str, position: f64) -> Option<String> {
    crate::controls::slider_value(key, position)
}

/// Slider `key`'s URL value in the state of `query` after the key `press` (`ArrowRight`,
/// `PageUp`, `Home`, ...), or `undefined` when that key does not move it. (From a query, not a
/// View: key presses queued between two frames each step from the one before.)
#[wasm_bindgen]
pub fn slider_key(query: &str, key: &str, press: &str) -> Option<String> {
    let params = Params::from_query(query).params;
    crate::controls::slider_key(&crate::outcome::simulate(&params, false), key, press)
}

/// The texts of the page's hooks (see `crate::hooks`): `specs[i]` is a hook as its element
/// declares it (`kind`, `data-fmt`, `data-yes`, `data-no`, `data-null`, joined by `\u{1f}`; a
/// null word given as `\u{0}` when the element has none), `values[i]` its value (a number,
/// boolean, string or `null`; a list's length for a `len` hook). Returns three strings per hook:
/// its text, its `data-value` (`\u{0}` when it has none) and its class.
#[wasm_bindgen]
pub fn hook_texts(specs: Vec<String>, values: js_sys::Array, eps: f64) -> Vec<String> {
    let mut out = Vec::with_capacity(3 * specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let mut f = spec.split('\u{1f}');
        let mut next = || f.next().unwrap_or("");
        let (kind, format, yes, no, null) = (next(), next(), next(), next(), next());
        let null = (null != "\u{0}").then_some(null);
        let hook = Hook::new(kind, format, yes, no, null);
        let v = values.get(i as u32);
        let text = v.as_string();
        let value = if v.is_null() || v.is_undefined() {
            Value::Null
        } else if let Some(b) = v.as_bool() {
            Value::Bool(b)
        } else if let Some(n) = v.as_f64() {
            if kind == "len" {
                Value::List(n as usize)
            } else {
                Value::Num(n)
            }
        } else if let Some(s) = text.as_deref() {
            Value::Text(s)
        } else {
            Value::Null
        };
        let filled = hook.fill(value, eps);
        out.push(filled.text);
        out.push(filled.value.unwrap_or_else(|| "\u{0}".into()));
        out.push(filled.class.into());
    }
    out
}

/// The CSS size `[width, height]` of a figure as a download has it (title, legend and caption
/// line included): the document `lr-anneal svg --show FIGURE` writes.
#[wasm_bindgen]
pub fn export_size(figure: &str) -> Result<Box<[u32]>, JsError> {
    let figures = parse_figures(figure)?;
    let (w, h) = plot::composed_size(&figures);
    Ok(Box::new([w, h]))
}

/// A figure's title (`a`, `b`, `c`, `loss`), as exports draw it and the page writes it above the
/// canvas.
#[wasm_bindgen]
pub fn figure_title(figure: &str) -> Result<String, JsError> {
    Ok(Figure::parse(figure).map_err(js_err)?.title().into())
}

fn parse_figures(list: &str) -> Result<Vec<Figure>, JsError> {
    list.split(',')
        .map(|f| Figure::parse(f.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(js_err)
}

fn parse_axis(axis: &str) -> Result<Axis, JsError> {
    Axis::parse(axis).ok_or_else(|| JsError::new("axis must be lr, k or eps"))
}

/// A sweep as the page receives it: the numbers and what it writes beside them.
#[derive(Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
struct SweepView<'a> {
    sweep: &'a Sweep,
    text: &'a SweepText,
}

/// One simulation, kept for drawing its figures and reading its numbers.
#[wasm_bindgen]
pub struct View {
    params: Params,
    report: Report,
    /// The sweeps of this state, computed on first use (in `Axis` order: lr, k, eps).
    sweeps: [Option<(Sweep, SweepText)>; 3],
}

#[wasm_bindgen]
impl View {
    /// Parses `query` (never fails: see `warnings` in the report) and runs both optimizers with
    /// trajectories.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> View {
        let parsed = Params::from_query(query);
        let report = run(&parsed.params, parsed.warnings, true);
        View {
            params: parsed.params,
            report,
            sweeps: [None, None, None],
        }
    }

    /// The report as `lr-anneal run` prints it (without trajectories).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn report(&mut self) -> Result<JsValue, JsError> {
        let trajectory = self.report.trajectory.take();
        let value = to_js(&self.report);
        self.report.trajectory = trajectory;
        value
    }

    /// The aspects of the state (`data`, `eps`, `steps`, `flow_lr`, `plane`, `small`, `trials`,
    /// `view`, `step`, `preset`: the key table's) in which this view differs from `before`: what
    /// a part of the page that shows only some of them needs to redraw.
    pub fn changed(&self, before: &View) -> Vec<String> {
        self.params
            .changed(&before.params)
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// The paths (`lr-anneal run --trajectory`'s `trajectory`).
    #[wasm_bindgen(unchecked_return_type = "Trajectory")]
    pub fn trajectory(&self) -> Result<JsValue, JsError> {
        to_js(&self.report.trajectory)
    }

    /// Draws figure `a`, `b`, `c` or `loss` on a canvas whose pixel size is already set (CSS size
    /// times `scale`, the device pixel ratio), with playback markers where both runs are at time
    /// `t` (none when `t` is `undefined`).
    pub fn draw(
        &self,
        figure: &str,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
        t: Option<f64>,
    ) -> Result<(), JsError> {
        let figure = Figure::parse(figure).map_err(js_err)?;
        let (area, style) = canvas_area(canvas, dark, scale)?;
        plot::draw_at(&area, figure, &self.report, &style, t).map_err(js_err)?;
        area.present().map_err(js_err)
    }

    /// The parameter panel's sliders for this state (`crate::controls::Controls`).
    #[wasm_bindgen(unchecked_return_type = "Controls")]
    pub fn controls(&self) -> Result<JsValue, JsError> {
        to_js(&controls(&self.report))
    }

    /// The time at which the later run stops (the end of playback).
    pub fn duration(&self) -> f64 {
        self.report.duration()
    }

    /// Where playback's steps stop, ascending (see `Outcome::playback_stops`).
    pub fn stops(&self) -> Vec<f64> {
        self.report.playback_stops()
    }

    /// Both runs' points at time `t` (clamped to the runs): `{t, gradient_flow, annealed}`, each
    /// with `t`, `beta`, `train_loss`, `test_loss`; `null` without paths.
    #[wasm_bindgen(unchecked_return_type = "Playhead | null")]
    pub fn playhead(&self, t: f64) -> Result<JsValue, JsError> {
        to_js(&self.report.at(t))
    }

    /// Playback's readout at time `t`, written for reading (`crate::text::PlayheadText`).
    #[wasm_bindgen(unchecked_return_type = "PlayheadText")]
    pub fn playhead_text(&self, t: f64) -> Result<JsValue, JsError> {
        to_js(&playhead_text(
            self.report.at(t).as_ref(),
            self.report.duration(),
        ))
    }

    /// The sweep of `lr`, `k` or `eps` around this state and its texts (computed once per state:
    /// a redraw reuses it).
    #[wasm_bindgen(unchecked_return_type = "SweepView")]
    pub fn sweep(&mut self, axis: &str) -> Result<JsValue, JsError> {
        let axis = parse_axis(axis)?;
        let (s, t) = self.computed(axis);
        to_js(&SweepView { sweep: s, text: t })
    }

    /// Draws the sweep of `axis` (computing it first if need be) on a canvas whose pixel size is
    /// already set; returns where its points are, in CSS pixels (`crate::plot::SweepHit`).
    #[wasm_bindgen(unchecked_return_type = "SweepHit")]
    pub fn draw_sweep(
        &mut self,
        axis: &str,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<JsValue, JsError> {
        let axis = parse_axis(axis)?;
        let (area, style) = canvas_area(canvas, dark, scale)?;
        let refs = SweepRefs::of(&self.report);
        let (s, _) = self.computed(axis);
        let hit = draw_sweep(&area, s, &refs, &style).map_err(js_err)?;
        area.present().map_err(js_err)?;
        to_js(&hit)
    }

    /// The comparison of "Beyond the paper": gradient flow's row, then every schedule's run of
    /// this state, in `schedule`'s order (each what `lr-anneal run` prints for the state with that
    /// schedule).
    #[wasm_bindgen(unchecked_return_type = "ScheduleTable")]
    pub fn schedules(&self) -> Result<JsValue, JsError> {
        to_js(&crate::beyond::schedule_table(&self.params, &self.report))
    }

    /// The "beyond the paper" section's lines (`crate::text::BeyondText`).
    #[wasm_bindgen(unchecked_return_type = "BeyondText")]
    pub fn beyond_text(&self) -> Result<JsValue, JsError> {
        to_js(&beyond_text(&self.report))
    }

    /// The Lemma 2 explorer's texts (`crate::text::Lemma2Text`).
    #[wasm_bindgen(unchecked_return_type = "Lemma2Text")]
    pub fn lemma2_text(&self) -> Result<JsValue, JsError> {
        to_js(&lemma2_text(&self.report))
    }

    /// Draws the rate of each large step against its step on a canvas whose pixel size is
    /// already set (CSS size times `scale`).
    pub fn draw_rates(
        &self,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        let (area, style) = canvas_area(canvas, dark, scale)?;
        plot::draw_rates(&area, &self.report, &style).map_err(js_err)?;
        area.present().map_err(js_err)
    }

    /// Draws `figures` (`a,b,c,loss`, comma-separated) as a download has them (titles, legend and
    /// caption line: the SVG export's drawing) on a canvas of `export_size(figures)` times
    /// `scale` pixels.
    pub fn draw_export(
        &self,
        figures: &str,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        let figures = parse_figures(figures)?;
        let (area, _) = canvas_area(canvas, dark, scale)?;
        let style = Style {
            dark,
            scale,
            ..Style::default()
        };
        plot::compose(&area, &figures, &self.report, &style).map_err(js_err)
    }

    /// The given figures (`a,b,c,loss`) as one SVG document, as `lr-anneal svg` writes them
    /// (drawn through the same backend type as the canvases: see `WebBackend`).
    pub fn svg(&self, figures: &str, dark: bool) -> Result<String, JsError> {
        let figures = parse_figures(figures)?;
        let mut out = String::new();
        {
            let svg = SVGBackend::with_string(&mut out, plot::composed_size(&figures));
            let root = WebBackend::Svg(svg).into_drawing_area();
            let style = Style {
                dark,
                ..Style::default()
            };
            plot::compose(&root, &figures, &self.report, &style).map_err(js_err)?;
        }
        Ok(out)
    }

    /// The paper's table and both stops as CSV (see `share::table_csv`).
    pub fn table_csv(&self) -> String {
        share::table_csv(&self.report)
    }

    /// The trajectories as CSV (see `share::trajectory_csv`).
    pub fn trajectory_csv(&self) -> String {
        share::trajectory_csv(&self.report)
    }

    /// A download's file name saying what it holds: preset, eps, lr, K, then `what` and `ext`
    /// (see `share::file_name`).
    pub fn file_name(&self, what: &str, ext: &str) -> String {
        share::file_name(&self.params, what, ext)
    }
}

impl View {
    /// The sweep of `axis` and its texts, computed on first use.
    fn computed(&mut self, axis: Axis) -> &(Sweep, SweepText) {
        let i = axis as usize;
        let params = &self.params;
        self.sweeps[i].get_or_insert_with(|| {
            let s = sweep(params, axis, SWEEP_POINTS);
            let t = sweep_text(&s, axis);
            (s, t)
        })
    }
}
