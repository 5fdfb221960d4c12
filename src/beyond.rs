//! Beyond the paper: the same state run with every learning-rate schedule of the large steps
//! ([`compare_schedules`]), for the page's comparison table. Each row is exactly what
//! `lr-anneal run` prints for the state with `schedule` set to that schedule.

use serde::Serialize;

use crate::dynamics::Schedule;
use crate::fmt::{fmt_num, fmt_times_eps};
use crate::params::{label, Params};
use crate::report::{run, Report};

/// One schedule's run of a state.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ScheduleRow {
    /// The schedule's name.
    pub schedule: &'static str,
    /// What the page calls it.
    pub label: &'static str,
    /// The query of the state with this schedule (canonical): a link to it.
    pub query: String,
    /// The first and the last large step's rate (`None` without large steps).
    pub rates: Option<[f64; 2]>,
    /// The annealed run's test loss over eps at its stop (`None`: no stop).
    pub test_loss_over_eps: Option<f64>,
    /// Where it stops, in a few words (see [`crate::text::where_annealed_stops`]).
    pub stop: String,
    /// Whether both runs stop at train loss eps (the report's `comparable`).
    pub comparable: bool,
    /// The rates as the table writes them: `1.5 → 0.01`, or `no large step`.
    pub rates_text: String,
    /// The test loss as the table writes it: `0.75 ε`, or `no stop`.
    pub test_loss_text: String,
}

/// Gradient flow's row of the comparison: the state's own flow, which no schedule changes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FlowRow {
    /// Gradient flow's test loss over eps at its stop (`None`: it never reaches eps).
    pub test_loss_over_eps: Option<f64>,
    /// The same as the table writes it: `1.46 ε`, or `no stop`.
    pub test_loss_text: String,
    /// Where it stops, in a few words.
    pub stop: String,
}

/// The comparison of "Beyond the paper": gradient flow's row, then every schedule's.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ScheduleTable {
    /// Gradient flow (optimizer A).
    pub gradient_flow: FlowRow,
    /// Every schedule's run of the state, in [`Schedule::ALL`]'s order.
    pub rows: Vec<ScheduleRow>,
}

/// The comparison for the state `params`, whose own run is `r`.
pub fn schedule_table(params: &Params, r: &Report) -> ScheduleTable {
    let eps = r.params.eps;
    let gf = &r.gradient_flow;
    ScheduleTable {
        gradient_flow: FlowRow {
            test_loss_over_eps: gf.test_loss.map(|v| v / eps),
            test_loss_text: gf
                .test_loss
                .map_or("no stop".into(), |v| fmt_times_eps(v, eps)),
            stop: if gf.reached {
                "at the end of the flow".into()
            } else {
                "never reaches ε".into()
            },
        },
        rows: compare_schedules(params),
    }
}

/// Every schedule's run of `params` (the state's own schedule among them), in
/// [`Schedule::ALL`]'s order. A schedule the state cannot take (never: every name is valid) is
/// left out.
pub fn compare_schedules(params: &Params) -> Vec<ScheduleRow> {
    Schedule::ALL
        .iter()
        .filter_map(|s| params.with("schedule", s.name()).ok())
        .map(|p| row(&p, &run(&p, Vec::new(), false)))
        .collect()
}

fn row(p: &Params, r: &Report) -> ScheduleRow {
    let eps = r.params.eps;
    let a = &r.annealed;
    let name = p.schedule().name();
    let rates = match (a.rates.first(), a.rates.last()) {
        (Some(&first), Some(&last)) => Some([first, last]),
        _ => None,
    };
    let test_loss_over_eps = a.test_loss.map(|v| v / eps);
    ScheduleRow {
        schedule: name,
        label: label("schedule", name).unwrap_or(name),
        query: p.query(),
        rates_text: rates.map_or("no large step".into(), |[a, b]| {
            format!("{} → {}", fmt_num(a), fmt_num(b))
        }),
        test_loss_text: a
            .test_loss
            .map_or("no stop".into(), |v| fmt_times_eps(v, eps)),
        rates,
        test_loss_over_eps,
        stop: crate::text::where_annealed_stops(r),
        comparable: r.comparable,
    }
}
