//! The lines the page's panels write beside the figures: the "beyond the paper" section's
//! mini-batches, inputs and why Lemma 2 applies ([`beyond_text`]), the Lemma 2 explorer's
//! spectra and notes ([`lemma2_text`]), and playback's readout ([`playhead_text`]).

use serde::Serialize;

use crate::fmt::{fmt_num, int, sig3, vector};
use crate::outcome::{Outcome, Playhead};

/// The "beyond the paper" section's lines for a state.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct BeyondText {
    /// Which mini-batches the large steps used.
    pub batches: String,
    /// The inputs and the empirical covariance's spectrum.
    pub inputs: String,
    /// Whether Lemma 2's setting holds, and why not when it does not.
    pub bounds: String,
}

/// The "beyond the paper" lines of `o`.
pub fn beyond_text(o: &Outcome) -> BeyondText {
    let p = &o.params;
    let n = o.samples.labels.len();
    let batches = &o.annealed.batches;
    let batches = if p.batch == 0 {
        format!(
            "Full batch: every large step uses all n = {} samples.",
            int(n as u64)
        )
    } else if p.batch >= n {
        format!(
            "A mini-batch of all n = {} samples is the full batch: the same steps as batch=0.",
            int(n as u64)
        )
    } else if batches.is_empty() {
        "No large step was taken, so no mini-batch was drawn.".into()
    } else {
        let shown: Vec<String> = batches
            .iter()
            .take(12)
            .map(|b| {
                let items: Vec<String> = b.iter().map(|i| i.to_string()).collect();
                format!("{{{}}}", items.join(", "))
            })
            .collect();
        let more = if batches.len() > 12 {
            format!(", … ({} steps)", int(batches.len() as u64))
        } else {
            String::new()
        };
        format!(
            "Mini-batches drawn (sample numbers, one per large step taken): {}{more}.",
            shown.join(", ")
        )
    };
    let inputs = match &o.samples.eigenvectors {
        Some(v) => format!(
            "Gaussian inputs, n = {}: the empirical covariance's eigenvalues γ = {} along the \
             eigenvectors {}; the population variances are {}.",
            int(n as u64),
            vector(&o.samples.gamma),
            v.iter().map(|x| vector(x)).collect::<Vec<_>>().join(", "),
            vector(p.cov.as_deref().unwrap_or(&[]))
        ),
        None => format!(
            "Basis inputs: the empirical covariance is diagonal, γ = {}.",
            vector(&o.samples.gamma)
        ),
    };
    let bounds = match &o.bounds.does_not_apply {
        Some(why) => format!("{why}."),
        None => "The two covariances share their eigenvectors, the setting of Lemma 2: its \
                 conditions and bounds for this state are under “Go deeper” below the figures."
            .into(),
    };
    BeyondText {
        batches,
        inputs,
        bounds,
    }
}

/// The Lemma 2 explorer's texts for a state.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Lemma2Text {
    /// The train spectrum as its typed fields hold it (ASCII minus, for editing).
    pub gamma: Vec<String>,
    /// The test spectrum, likewise.
    pub lambda: Vec<String>,
    /// What the spectra are and how to set them.
    pub hint: String,
    /// The spectrum "Set the spectra" starts from (the samples', with a small positive value for
    /// unobserved coordinates): a `gamma` value for the URL.
    pub start: String,
    /// Why no split is listed, or why a chosen one is not used (empty when all is well).
    pub splits_note: String,
    /// Why the table of bounds is empty (empty when it is not).
    pub table_note: String,
}

/// The Lemma 2 explorer's texts of `o`.
pub fn lemma2_text(o: &Outcome) -> Lemma2Text {
    let field = |v: &f64| fmt_num(*v).replace('−', "-");
    let given = o.params.gamma.is_some();
    let gaussian = o.samples.eigenvectors.is_some();
    let hint = if given {
        "Type a value and press Enter. Each must be positive; the largest γ is the top direction."
    } else if gaussian {
        "Gaussian inputs: γ are the empirical covariance's eigenvalues and λ the population \
         variance along each of its eigenvectors. Switch to “Set the spectra” to type your own \
         (back to basis inputs)."
    } else {
        "γ counts how often each coordinate was sampled (count / n); λ is the uniform population. \
         Switch to “Set the spectra” to type your own."
    };
    let gamma = &o.samples.gamma;
    // Unobserved coordinates (γ = 0) start at a quarter of the smallest observed value.
    let low = gamma
        .iter()
        .copied()
        .filter(|g| *g > 0.0)
        .fold(1.0f64, f64::min);
    let start: Vec<String> = gamma
        .iter()
        .map(|&g| format!("{}", sig3(if g > 0.0 { g } else { low / 4.0 })))
        .collect();
    let b = &o.bounds;
    let splits_note = match (&b.small_note, b.splits.is_empty(), &b.does_not_apply) {
        (Some(note), _, _) => note.clone(),
        (None, true, Some(why)) => format!("No split: {why}."),
        (None, true, None) => "No split: the spectrum needs at least two distinct values.".into(),
        (None, false, _) => String::new(),
    };
    let table_note = if !b.lemma2.is_empty() {
        String::new()
    } else {
        match &b.does_not_apply {
            Some(why) => format!("No split applies: {why}."),
            None => "No split applies: Lemma 2 needs at least two distinct observed eigenvalues \
                     and no label noise."
                .into(),
        }
    };
    Lemma2Text {
        gamma: gamma.iter().map(field).collect(),
        lambda: o.samples.lambda.iter().map(field).collect(),
        hint: hint.into(),
        start: start.join(","),
        splits_note,
        table_note,
    }
}

/// Playback's readout at one time.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlayheadText {
    /// The time shown.
    pub t: String,
    /// When the later run stops.
    pub end: String,
    /// Gradient flow's train loss there.
    pub gf_train: String,
    /// Its test loss.
    pub gf_test: String,
    /// The annealed run's train loss.
    pub an_train: String,
    /// Its test loss.
    pub an_test: String,
    /// The scrubber's value in words: `t = 1.2 of 2.671`.
    pub valuetext: String,
}

/// The readout for `at` (both runs at one time; `None` without paths) of a run that ends at
/// `end`.
pub fn playhead_text(at: Option<&Playhead>, end: f64) -> PlayheadText {
    let num = |v: Option<f64>| v.map_or("—".into(), fmt_num);
    let t = at.map(|a| a.t);
    PlayheadText {
        t: num(t),
        end: num(Some(end)),
        gf_train: num(at.map(|a| a.gradient_flow.train_loss)),
        gf_test: num(at.map(|a| a.gradient_flow.test_loss)),
        an_train: num(at.map(|a| a.annealed.train_loss)),
        an_test: num(at.map(|a| a.annealed.test_loss)),
        valuetext: format!("t = {} of {}", num(t.or(Some(end))), num(Some(end))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::simulate;
    use crate::params::Params;

    fn outcome(q: &str) -> Outcome {
        simulate(&Params::from_query(q).params, true)
    }

    #[test]
    fn beyond_lines_follow_the_state() {
        let paper = beyond_text(&outcome(""));
        assert_eq!(
            paper.batches,
            "Full batch: every large step uses all n = 3 samples."
        );
        assert_eq!(
            paper.inputs,
            "Basis inputs: the empirical covariance is diagonal, γ = (0.6667, 0.3333)."
        );
        assert!(paper.bounds.starts_with("The two covariances share"));
        let sgd = beyond_text(&outcome("preset=sgd"));
        assert!(
            sgd.batches.starts_with("Mini-batches drawn"),
            "{}",
            sgd.batches
        );
        assert!(sgd
            .bounds
            .starts_with("Lemma 2 and Proposition 1 do not apply"));
        let g = beyond_text(&outcome("preset=gaussian"));
        assert!(
            g.inputs.starts_with("Gaussian inputs, n = 3"),
            "{}",
            g.inputs
        );
    }

    #[test]
    fn lemma2_starts_unobserved_coordinates_low() {
        let t = lemma2_text(&outcome("beta=1,1,1&x=1,1,2"));
        assert_eq!(t.start, "0.667,0.333,0.0833");
        assert_eq!(t.gamma, ["0.6667", "0.3333", "0"]);
        assert_eq!(t.table_note, "");
        let noisy = lemma2_text(&outcome("noise=0.1"));
        assert!(noisy.table_note.starts_with("No split applies"));
    }

    #[test]
    fn playback_reads_both_runs() {
        let o = outcome("");
        let end = o.duration();
        let at = o.at(end / 2.0);
        let t = playhead_text(at.as_ref(), end);
        assert_eq!(t.end, fmt_num(end));
        assert_eq!(
            t.valuetext,
            format!("t = {} of {}", fmt_num(end / 2.0), fmt_num(end))
        );
        assert_eq!(playhead_text(None, 0.0).gf_train, "—");
    }
}
