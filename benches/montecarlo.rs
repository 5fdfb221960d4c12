//! Monte Carlo throughput: draws per second of the paper's setting (n = 3, d = 2), with and
//! without label noise, and one full single run with trajectories (what the page does per update).
//! `paper_draws_uncached` is the reference path that solves every draw (what `run` did before it
//! cached outcomes per count pattern): the same draws, measured in the same run.
//! `tests/bench/mc_numpy.py` is the NumPy peer of `paper_draws/0`.

// Criterion runs natively only; on wasm32 (checked by clippy --all-targets) this is empty.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{BenchmarkId, Criterion, Throughput};
    use lr_anneal::dynamics::{GdStop, Lr, Schedule};
    use lr_anneal::montecarlo::{MonteCarlo, Setup};
    use lr_anneal::Params;
    use std::hint::black_box;

    fn setup(noise: f64) -> Setup {
        Setup {
            beta_star: vec![1.0, 1.0],
            n: 3,
            noise,
            eps: 0.01,
            lr: Lr::Fixed(1.5),
            k: 4,
            gd_stop: GdStop::Check,
            schedule: Schedule::Constant,
            lr_end: 0.01,
            batch: 0,
            inputs: lr_anneal::model::Inputs::Basis,
            cov: vec![0.5, 0.5],
        }
    }

    pub fn monte_carlo(c: &mut Criterion) {
        let mut group = c.benchmark_group("monte_carlo");
        const DRAWS: u64 = 100_000;
        group.throughput(Throughput::Elements(DRAWS));
        group.sample_size(20);
        for noise in [0.0, 0.1] {
            group.bench_with_input(
                BenchmarkId::new("paper_draws", noise),
                &noise,
                |b, &noise| {
                    b.iter(|| {
                        let mut mc = MonteCarlo::new(setup(noise), 1);
                        mc.run(DRAWS);
                        black_box(mc.helped)
                    })
                },
            );
        }
        group.bench_function(BenchmarkId::new("paper_draws_uncached", 0.0), |b| {
            b.iter(|| {
                let mut mc = MonteCarlo::new(setup(0.0), 1);
                mc.run_uncached(DRAWS);
                black_box(mc.helped)
            })
        });
        group.finish();
    }

    pub fn single_run(c: &mut Criterion) {
        let params = Params::default();
        c.bench_function("run_with_trajectory/paper", |b| {
            b.iter(|| black_box(lr_anneal::run(black_box(&params), Vec::new(), true)))
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::monte_carlo, native::single_run);

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
