//! Lemma 2 with spectra given directly (the `gamma`, `lambda` and `small` keys), against values
//! derived by hand from Appendix A.2.

use crate::common::{close, report};
use lr_anneal::{run, Params};

const Q: &str = "beta=1,1,1&gamma=1,0.5,0.25&lambda=0.2,0.3,0.5&lr=1&k=10";

#[test]
fn both_splits_of_a_three_level_spectrum() {
    // delta(0) = -beta* = -(1, 1, 1), so the loads gamma_j delta_j^2 are (1, 0.5, 0.25).
    let r = report(&format!("{Q}&eps=0.01"));
    assert_eq!(r.samples.gamma, vec![1.0, 0.5, 0.25]);
    assert_eq!(r.samples.lambda, vec![0.2, 0.3, 0.5]);
    let splits = &r.bounds.lemma2;
    assert_eq!(splits.len(), 2);
    // S = {2, 3}: p = 1/0.5 - 1 = 1; j* = 3, |S| gamma_3 delta_3^2 = 0.5; alpha = 0.01 * 1 / 0.5^2
    // = 0.04; lower bound 0.01 * 0.96 * min(0.3/0.5, 0.5/0.25) = 0.00576.
    let s23 = splits.iter().find(|l| l.small == [2, 3]).unwrap();
    assert!(close(s23.p, 1.0, 1e-12) && close(s23.alpha.unwrap(), 0.04, 1e-12));
    assert!(close(s23.gradient_flow_lower.unwrap(), 0.00576, 1e-12));
    // S = {3}: p = 0.5/0.25 - 1 = 1; A = 1 + 0.5; B = 0.25; alpha = 0.01 * 1.5 / 0.0625 = 0.24;
    // lower bound 0.01 * 0.76 * 0.5/0.25 = 0.0152.
    let s3 = splits.iter().find(|l| l.small == [3]).unwrap();
    assert!(close(s3.alpha.unwrap(), 0.24, 1e-12));
    assert!(close(s3.gradient_flow_lower.unwrap(), 0.0152, 1e-12));
    // Annealed, lr = 1/gamma_1 = 1: eps lambda_1/gamma_1 + c^K (lambda_2 + lambda_3), with
    // c = max((1 - 2 * 0.5)^2, (1 - 2 * 0.25)^2) = 0.25: 0.002 + 0.25^10 * 0.8.
    let upper = 0.002 + 0.25f64.powi(10) * 0.8;
    for l in splits {
        assert!(l.condition1 && l.condition2 && l.lr_is_inverse_gamma_max);
        assert!(close(l.annealed_upper, upper, 1e-12));
        assert!(l.gradient_flow_lower_holds && l.annealed_upper_holds);
    }
    // The simulated runs respect them.
    assert!(r.gradient_flow.test_loss.unwrap() >= 0.0152);
    assert!(r.annealed.test_loss.unwrap() <= upper * (1.0 + 1e-12));
}

#[test]
fn conditions_fail_when_eps_is_large() {
    // eps = 0.6: condition 1 holds (1 > 0.6) but alpha = 0.6 / 0.25 = 2.4 and 0.6 * 1.5 / 0.0625
    // = 14.4, so condition 2 fails for both splits and conclusion 1 is not proven.
    let r = run(
        &Params::from_query(&format!("{Q}&eps=0.6")).params,
        Vec::new(),
        false,
    );
    for l in &r.bounds.lemma2 {
        assert!(l.condition1 && !l.condition2 && !l.gradient_flow_lower_applies);
    }
    let alphas: Vec<f64> = r.bounds.lemma2.iter().map(|l| l.alpha.unwrap()).collect();
    assert!(
        alphas.iter().any(|&a| close(a, 2.4, 1e-12))
            && alphas.iter().any(|&a| close(a, 14.4, 1e-12))
    );
    // eps = 2: condition 1 fails too (1 < 2): the train loss starts below eps.
    let r = run(
        &Params::from_query(&format!("{Q}&eps=2")).params,
        Vec::new(),
        false,
    );
    assert!(r
        .bounds
        .lemma2
        .iter()
        .all(|l| !l.condition1 && !l.annealed_upper_applies));
}

#[test]
fn choosing_the_small_block() {
    let r = run(
        &Params::from_query(&format!("{Q}&eps=0.01&small=3")).params,
        Vec::new(),
        false,
    );
    assert_eq!(r.bounds.lemma2.len(), 1);
    assert_eq!(r.bounds.lemma2[0].small, [3]);
    assert!(r.bounds.small_note.is_none());
    // {1} is not a block of the smallest eigenvalues: a note, and every split.
    let r = run(
        &Params::from_query(&format!("{Q}&eps=0.01&small=1")).params,
        Vec::new(),
        false,
    );
    assert_eq!(r.bounds.lemma2.len(), 2);
    assert!(r.bounds.small_note.as_deref().unwrap().contains("S = {1}"));
}

#[test]
fn spectrum_keys_are_validated_and_round_trip() {
    let p = Params::from_query(&format!("{Q}&small=2,3&plane=1,3")).params;
    assert_eq!(Params::from_query(&p.query()).params, p);
    assert!(Params::from_query("gamma=1,2").warnings.is_empty());
    for (query, key) in [
        ("gamma=1,0", "gamma"),            // not positive
        ("beta=1,1,1&gamma=1,1", "gamma"), // wrong length
        ("lambda=1,1", "lambda"),          // without gamma
        ("small=3", "small"),              // beyond d = 2
        ("plane=1,1", "plane"),            // not distinct
        ("beta=1,1,1&plane=1,4", "plane"), // beyond d
    ] {
        let parsed = Params::from_query(query);
        assert!(
            parsed.warnings.iter().any(|w| w.key == key),
            "{query}: {:?}",
            parsed.warnings
        );
    }
    // A gamma that no longer fits after beta changes d falls back to the samples.
    let p = Params::from_query("beta=1,1,1&gamma=1,1,1").params;
    let p = p.with("beta", "1,1").unwrap_or_else(|w| panic!("{w:?}"));
    assert!(p.spectrum().is_none());
}
