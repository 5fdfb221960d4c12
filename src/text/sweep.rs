//! What the sweeps write beside their charts: the tip of each point (the swept value and both
//! runs' test losses at the stop), the URL value a click on it sets, and the line that names the
//! learning rate's thresholds.

use serde::Serialize;

use crate::fmt::{fmt_num, sig3};
use crate::sweep::{Axis, Sweep};

/// A sweep's texts, one entry per swept value.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SweepText {
    /// The value, as a click on the point sets it: `η = 1.52`.
    pub values: Vec<String>,
    /// Gradient flow's test loss at the stop: `(A) 1.46 ε`, or `(A) no stop`.
    pub gradient_flow: Vec<String>,
    /// The annealed run's: `(B) 0.75 ε`.
    pub annealed: Vec<String>,
    /// What a click on the point sets the swept key to (three significant digits; whole `K`).
    pub apply: Vec<String>,
    /// The thresholds drawn on the learning rate's chart, in a sentence (empty for the others).
    pub marks: String,
}

/// The texts of `sweep` (of `axis`).
pub fn sweep_text(sweep: &Sweep, axis: Axis) -> SweepText {
    let symbol = axis.symbol();
    let run = |who: &str, v: &Option<f64>| match v {
        Some(v) => format!("{who} {} ε", fmt_num(*v)),
        None => format!("{who} no stop"),
    };
    let marks: Vec<String> = sweep
        .marks
        .iter()
        .map(|m| format!("{} = {} ({})", m.symbol, fmt_num(m.value), m.note))
        .collect();
    let apply: Vec<String> = sweep
        .values
        .iter()
        .map(|&v| match axis {
            Axis::K => format!("{}", v.round()),
            _ => format!("{}", sig3(v)),
        })
        .collect();
    SweepText {
        values: apply.iter().map(|v| format!("{symbol} = {v}")).collect(),
        gradient_flow: sweep.gradient_flow.iter().map(|v| run("(A)", v)).collect(),
        annealed: sweep.annealed.iter().map(|v| run("(B)", v)).collect(),
        apply,
        marks: if marks.is_empty() {
            String::new()
        } else {
            format!("Thresholds on η: {}.", marks.join("; "))
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Params;
    use crate::sweep::sweep;

    #[test]
    fn the_paper_lr_sweep_reads() {
        let s = sweep(&Params::default(), Axis::Lr, 50);
        let t = sweep_text(&s, Axis::Lr);
        assert_eq!(t.values.len(), 50);
        assert!(t.values[0].starts_with("η = "));
        assert!(t.gradient_flow[0].starts_with("(A) ") && t.gradient_flow[0].ends_with(" ε"));
        assert_eq!(
            t.marks,
            "Thresholds on η: 1/γₘₐₓ = 1.5 (the top direction stops decaying); 1/γ₂ = 3 \
             (direction 2 becomes unstable)."
        );
        let k = sweep_text(&sweep(&Params::default(), Axis::K, 50), Axis::K);
        assert_eq!(k.apply[3], "3");
        assert_eq!(k.marks, "");
    }
}
