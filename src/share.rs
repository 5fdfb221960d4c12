//! Sharing, embedding and downloads: which view keys an embed keeps, file names that say what a
//! download holds, and the paper's table and the trajectories as CSV. Pure functions of the params
//! and the report, used by the page (through `web`) and tested natively.

use std::fmt::Write;

use crate::dynamics::Lr;
use crate::params::{spec, Aspect, Params, Role, SCHEMA};
use crate::report::{Point, Report, Trajectory};

/// `query` shown the way `from` is: its view keys (the schema's keys of [`Role::View`]: `embed`,
/// `show`, `controls`, `theme`) replaced by `from`'s, as a canonical query. Loading a preset
/// inside an embed keeps it an embed with the same parts, controls and theme.
pub fn keep_view(query: &str, from: &str) -> String {
    let from = Params::from_query(from).params;
    let mut p = Params::from_query(query).params;
    for spec in SCHEMA.iter().filter(|s| s.role == Role::View) {
        let Some(value) = spec.value(&from) else {
            continue;
        };
        // `from`'s values parsed, so they are valid: `with` cannot reject them.
        if let Ok(next) = p.with(spec.key, &value) {
            p = next;
        }
    }
    p.query()
}

/// `lr-anneal_PRESET_epsE_lrL_kK[_custom]_WHAT.EXT`, e.g. `lr-anneal_paper_eps0.01_lr1.5_k4_fig-a.svg`.
/// `_custom` marks params whose training set (beta, x, n, seed, noise) differs from the preset's,
/// so that the name never claims a preset's setup for something else. `what` and `ext` keep only
/// ASCII letters, digits and `-`.
pub fn file_name(params: &Params, what: &str, ext: &str) -> String {
    let lr = match params.lr() {
        Lr::Auto => "auto".to_string(),
        Lr::Fixed(v) => v.to_string(),
    };
    // The name spells out eps, lr and K; the preset's training set and the other numbers are
    // claimed unless a key that changes them is in the canonical query (not the header, the view
    // keys or the Monte Carlo draws, which change no figure).
    let spelled = ["eps", "lr", "k"];
    let custom = params
        .query()
        .split('&')
        .filter_map(|pair| spec(pair.split('=').next().unwrap_or("")))
        .any(|s| {
            !spelled.contains(&s.key)
                && !matches!(s.aspect, Aspect::Header | Aspect::View | Aspect::Trials)
        });
    format!(
        "lr-anneal_{}_eps{}_lr{}_k{}{}_{}.{}",
        params.preset().name,
        params.eps(),
        lr,
        params.k(),
        if custom { "_custom" } else { "" },
        clean(what),
        clean(ext),
    )
}

fn clean(s: &str) -> String {
    let out: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if out.is_empty() {
        "data".into()
    } else {
        out
    }
}

/// A CSV cell for a number: the shortest representation that reads back exactly; empty for a
/// value that does not exist (never reached, diverged).
fn num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => x.to_string(),
        _ => String::new(),
    }
}

fn header(out: &mut String, first: &[&str], d: usize, vectors: &[&str], last: &[&str]) {
    let mut cols: Vec<String> = first.iter().map(|s| s.to_string()).collect();
    for v in vectors {
        cols.extend((1..=d).map(|j| format!("{v}_{j}")));
    }
    cols.extend(last.iter().map(|s| s.to_string()));
    out.push_str(&cols.join(","));
    out.push('\n');
}

fn cells(v: Option<&[f64]>, d: usize) -> Vec<String> {
    (0..d)
        .map(|j| num(v.and_then(|v| v.get(j).copied())))
        .collect()
}

/// The page's tables as CSV, one row per point: the level set's good and bad points (the paper's
/// table) and where each optimizer stopped. Columns: `row`, `beta_j`, `residual_j` (beta - beta*),
/// `train_loss`, `test_loss`, `test_loss_over_eps`, `time` (gradient-flow time; for the annealed
/// run, after its large steps). Cells of a value that does not exist are empty.
pub fn table_csv(report: &Report) -> String {
    let d = report.samples.gamma.len();
    let eps = Some(report.params.eps);
    let mut out = String::new();
    header(
        &mut out,
        &["row"],
        d,
        &["beta", "residual"],
        &["train_loss", "test_loss", "test_loss_over_eps", "time"],
    );
    let mut row = |name: &str,
                   beta: Option<&[f64]>,
                   residual: Option<&[f64]>,
                   train: Option<f64>,
                   test: Option<f64>,
                   time: Option<f64>| {
        let mut c = vec![name.to_string()];
        c.extend(cells(beta, d));
        c.extend(cells(residual, d));
        c.push(num(train));
        c.push(num(test));
        c.push(num(match (test, eps) {
            (Some(t), Some(e)) if e > 0.0 => Some(t / e),
            _ => None,
        }));
        c.push(num(time));
        let _ = writeln!(out, "{}", c.join(","));
    };
    match &report.level_set {
        Some(ls) => {
            row(
                "level_set_good",
                Some(&ls.good_beta),
                Some(&ls.good_residual),
                eps,
                Some(ls.good_test_loss),
                None,
            );
            row(
                "level_set_bad",
                Some(&ls.bad_beta),
                Some(&ls.bad_residual),
                eps,
                Some(ls.bad_test_loss),
                None,
            );
        }
        None => {
            row("level_set_good", None, None, None, None, None);
            row("level_set_bad", None, None, None, None, None);
        }
    }
    let gf = &report.gradient_flow;
    row(
        "gradient_flow",
        gf.beta.as_deref(),
        gf.residual.as_deref(),
        gf.train_loss,
        gf.test_loss,
        gf.time,
    );
    let an = &report.annealed;
    row(
        "annealed",
        an.beta.as_deref(),
        an.residual.as_deref(),
        an.train_loss,
        an.test_loss,
        an.time,
    );
    out
}

/// The trajectories as CSV, one row per point: `run` (`gradient_flow`, `annealed_gd` for the
/// large steps, `annealed_flow` for the flow after them), `t` (a step of size lr counts as time
/// lr), `beta_j`, `train_loss`, `test_loss`. Empty (header only) without trajectories.
pub fn trajectory_csv(report: &Report) -> String {
    let d = report.samples.gamma.len();
    let mut out = String::new();
    header(
        &mut out,
        &["run", "t"],
        d,
        &["beta"],
        &["train_loss", "test_loss"],
    );
    let Some(Trajectory {
        gradient_flow,
        annealed_gd,
        annealed_flow,
        ..
    }) = &report.trajectory
    else {
        return out;
    };
    let runs: [(&str, &Vec<Point>); 3] = [
        ("gradient_flow", gradient_flow),
        ("annealed_gd", annealed_gd),
        ("annealed_flow", annealed_flow),
    ];
    for (name, points) in runs {
        for p in points {
            let mut c = vec![name.to_string(), num(Some(p.t))];
            c.extend(cells(Some(&p.beta), d));
            c.push(num(Some(p.train_loss)));
            c.push(num(Some(p.test_loss)));
            let _ = writeln!(out, "{}", c.join(","));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::run;

    fn params(q: &str) -> Params {
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        parsed.params
    }

    #[test]
    fn keep_view_keeps_how_a_state_is_shown() {
        let from = "preset=paper&eps=0.5&embed=1&show=a,table&controls=minimal&theme=dark";
        assert_eq!(
            keep_view("v=1&preset=unlucky", from),
            "v=1&preset=unlucky&embed=1&show=a,table&controls=minimal&theme=dark"
        );
        // Only the view keys move: what is computed comes from `query`.
        assert_eq!(
            keep_view("preset=large-lr&k=3&theme=light", "theme=dark"),
            "v=1&preset=large-lr&k=3&theme=dark"
        );
        assert_eq!(keep_view("preset=prop1&embed=1", ""), "v=1&preset=prop1");
        // Bad values in `query` are dropped as parsing drops them.
        assert_eq!(keep_view("k=x", "show=loss"), "v=1&preset=paper&show=loss");
    }

    #[test]
    fn file_names_say_preset_and_key_params() {
        assert_eq!(
            file_name(&params(""), "fig-a", "svg"),
            "lr-anneal_paper_eps0.01_lr1.5_k4_fig-a.svg"
        );
        assert_eq!(
            file_name(&params("preset=unlucky&eps=1e-3&k=12"), "table", "csv"),
            "lr-anneal_unlucky_eps0.001_lrauto_k12_table.csv"
        );
        // View keys and trials do not change the numbers drawn: no `_custom`.
        assert_eq!(
            file_name(
                &params("embed=1&show=a&theme=dark&trials=5"),
                "fig-b",
                "png"
            ),
            "lr-anneal_paper_eps0.01_lr1.5_k4_fig-b.png"
        );
        // A training set of one's own is marked.
        for q in [
            "x=1,2,2",
            "beta=2,1",
            "noise=0.1",
            "preset=more-samples&seed=4",
        ] {
            assert!(
                file_name(&params(q), "report", "json").contains("_custom_report.json"),
                "{q}"
            );
        }
        // Only safe characters from the caller.
        assert_eq!(
            file_name(&params(""), "../a b/", ".s/v g"),
            "lr-anneal_paper_eps0.01_lr1.5_k4_ab.svg"
        );
        assert!(file_name(&params(""), "", "").ends_with("_data.data"));
    }

    #[test]
    fn table_csv_holds_the_papers_table_and_the_stops() {
        let r = run(&params(""), Vec::new(), false);
        let csv = table_csv(&r);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "row,beta_1,beta_2,residual_1,residual_2,train_loss,test_loss,test_loss_over_eps,time"
        );
        assert_eq!(lines.len(), 5);
        let row = |name: &str| -> Vec<String> {
            let line = lines.iter().find(|l| l.starts_with(&format!("{name},")));
            line.unwrap().split(',').map(String::from).collect()
        };
        let f = |cells: &[String], i: usize| cells[i].parse::<f64>().unwrap();
        let ls = r.level_set.as_ref().unwrap();
        let good = row("level_set_good");
        assert_eq!(f(&good, 6), ls.good_test_loss);
        assert_eq!(f(&good, 5), 0.01);
        assert!((f(&good, 7) - 0.75).abs() < 1e-12);
        assert_eq!(good[8], "");
        let bad = row("level_set_bad");
        assert!((f(&bad, 7) - 1.5).abs() < 1e-12);
        let gf = row("gradient_flow");
        assert_eq!(f(&gf, 6), r.gradient_flow.test_loss.unwrap());
        assert_eq!(f(&gf, 8), r.gradient_flow.time.unwrap());
        let an = row("annealed");
        assert_eq!(f(&an, 1), r.annealed.beta.as_ref().unwrap()[0]);
        assert_eq!(f(&an, 6), r.annealed.test_loss.unwrap());
    }

    #[test]
    fn table_csv_leaves_missing_values_empty() {
        // Below the reachable train loss: no level set, neither run stops.
        let r = run(&params("noise=0.3&eps=0.000001"), Vec::new(), false);
        assert!(r.level_set.is_none());
        let csv = table_csv(&r);
        assert!(csv.contains("\nlevel_set_good,,,,,,,,\n"), "{csv}");
        assert!(!csv.contains("NaN") && !csv.contains("inf"), "{csv}");
        for line in csv.lines() {
            assert_eq!(line.split(',').count(), 9, "{line}");
        }
    }

    #[test]
    fn trajectory_csv_has_every_point_of_every_run() {
        let r = run(&params("beta=1,2,3&x=1,2,3,3"), Vec::new(), true);
        let csv = trajectory_csv(&r);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "run,t,beta_1,beta_2,beta_3,train_loss,test_loss");
        let t = r.trajectory.as_ref().unwrap();
        let total = t.gradient_flow.len() + t.annealed_gd.len() + t.annealed_flow.len();
        assert_eq!(lines.len(), 1 + total);
        assert!(lines.iter().all(|l| l.split(',').count() == 7));
        let first_gd = lines
            .iter()
            .find(|l| l.starts_with("annealed_gd,"))
            .unwrap();
        let p = &t.annealed_gd[0];
        assert_eq!(
            *first_gd,
            format!(
                "annealed_gd,{},{},{},{},{},{}",
                p.t, p.beta[0], p.beta[1], p.beta[2], p.train_loss, p.test_loss
            )
        );
        // Without trajectories: the header only.
        let r = run(&params(""), Vec::new(), false);
        assert_eq!(trajectory_csv(&r).lines().count(), 1);
    }
}
