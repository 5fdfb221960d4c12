//! The named states of the schema, as data written in its own language: the presets
//! (`preset=`), and beside them the guided walk's steps (`step=`), each a state and a title. Both
//! are read by `query` (which turns a preset into params) and by the key table (for the names it
//! accepts); nothing here depends on them.

/// A named starting point.
#[derive(Debug, PartialEq)]
pub struct Preset {
    /// Its name in URLs (`preset=`).
    pub name: &'static str,
    /// One line: what it is.
    pub description: &'static str,
    /// One line: what to look at.
    pub look_for: &'static str,
    /// Its values, written in the schema's own language (every key but `v` and `preset`).
    pub query: &'static str,
}

/// The presets; the first is the default.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "paper",
        description: "Figure 1 of the paper: samples e₁, e₁, e₂ and the large step η = 1.5 = 1/γ_max.",
        look_for: "Gradient flow stops near the bad point (test loss about 1.5 ε); the annealed run near the good one (0.75 ε).",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=1.5&k=4&noise=0&trials=10000",
    },
    Preset {
        name: "prop1",
        description: "Proposition 1's construction: β* = 100 α^(−1/2) (1, 1) with α = 0.1.",
        look_for: "Both of Proposition 1's bounds hold: gradient flow at least 1.5 ε (1 − α), annealed at most 0.75 ε plus a vanishing term.",
        query: "beta=316.22776601683796,316.22776601683796&x=1,1,2&seed=1&eps=0.5&lr=1.5&k=4&noise=0&trials=10000",
    },
    Preset {
        name: "unlucky",
        description: "The 1/4 case: all three samples are e₁, so the problem is one-dimensional.",
        look_for: "Both optimizers end with the same test loss: there is only one direction to fit.",
        query: "beta=1,1&x=1,1,1&seed=1&eps=0.01&lr=auto&k=4&noise=0&trials=10000",
    },
    Preset {
        name: "small-lr",
        description: "A learning rate too small to matter: 20 steps of η = 0.05 behave like gradient flow.",
        look_for: "The two runs nearly coincide and the test-loss ratio is close to 1.",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=0.05&k=20&noise=0&trials=10000",
    },
    Preset {
        name: "large-lr",
        description: "A step of 2, beyond the stable range 1/γ_max = 1.5 along the top direction.",
        look_for: "The top coordinate grows for 10 steps while the other one is fitted; the flow afterwards still lands on the good point.",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=2&k=10&noise=0&trials=10000",
    },
    Preset {
        name: "more-samples",
        description: "1000 random samples: the empirical covariance is close to the population's.",
        look_for: "The distortion fades: the level set's good and bad test losses, and the two optimizers, nearly agree.",
        query: "beta=1,1&n=1000&seed=3&eps=0.01&lr=auto&k=20&noise=0&trials=10000",
    },
    Preset {
        name: "lemma2-3d",
        description: "Lemma 2 in three dimensions: samples e₁ ×3, e₂ ×2, e₃, so γ = (1/2, 1/3, 1/6).",
        look_for: "Lemma 2's conditions and both bounds, for each split of the spectrum into large and small blocks.",
        query: "beta=1,1,1&x=1,1,1,2,2,3&seed=1&eps=0.01&lr=auto&k=10&noise=0&trials=10000",
    },
    Preset {
        name: "cosine",
        description: "Beyond the paper: K = 8 large steps on a cosine schedule from η = 1.5 towards 0.01, the step that would cross ε cut to land on it.",
        look_for: "β₂ is still fitted in the first step while β₁'s bounce shrinks with the rate, so (B) still stops at the good point (0.75 ε); compare the schedules side by side, and gd_stop=check, which stops far below ε.",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=1.5&k=8&gd_stop=cut&schedule=cosine&lr_end=0.01&noise=0&trials=10000",
    },
    Preset {
        name: "sgd",
        description: "Beyond the paper: the paper's samples, but each of the K = 8 large steps (η = 1.5) follows the gradient of 2 of the 3 samples, drawn at random; the step that would cross ε is cut to land on it.",
        look_for: "A batch of the two e₁ samples multiplies β₁'s residual by 1 − 2η = −2 (it grows) and leaves β₂; a batch of an e₁ and the e₂ multiplies both by 1 − η = −0.5. This seed's run still stops at a better point than the flow's; Monte Carlo over draws (and their batches) counts how often annealing is at least 1.5× better.",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=1.5&k=8&gd_stop=cut&batch=2&noise=0&trials=10000",
    },
    Preset {
        name: "gaussian",
        description: "Beyond the paper: 3 inputs drawn from N(0, diag(0.8, 0.2)), so the train loss's ellipses are tilted against the test loss's axes and Lemma 2 does not apply; η = 1/γ_max, K = 4, the last step cut to land on ε.",
        look_for: "The large steps still bounce along the steepest eigenvector and shrink the other: this draw's (B) stops with a test loss 1.9× lower than the flow's. Over draws, Monte Carlo counts how often annealing is at least 1.5× better: far less often than Proposition 1's 3/4.",
        query: "beta=1,1&n=3&seed=4&eps=0.01&lr=auto&k=4&gd_stop=cut&inputs=gaussian&cov=0.8,0.2&noise=0&trials=10000",
    },
];

/// Finds a preset by name.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// One step of the guided walk: its title and the state it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// A few words.
    pub title: &'static str,
    /// The state, as a query of the schema (without `step`).
    pub query: &'static str,
    /// The panel of Figure 1 its sentence speaks of (`a`, `b` or `c`): the page brings it on
    /// screen beside the sentence.
    pub figure: &'static str,
}

/// The guided walk through the paper's argument, in order (`step=1` is the first). Each step's
/// sentence is written by `crate::text` from the numbers of the state shown.
pub const STEPS: [Step; 6] = [
    Step {
        title: "The level set",
        query: "preset=paper",
        figure: "c",
    },
    Step {
        title: "Gradient flow",
        query: "preset=paper",
        figure: "a",
    },
    Step {
        title: "A large step bounces",
        query: "preset=paper&lr=1.4&k=8",
        figure: "b",
    },
    Step {
        title: "Annealing",
        query: "preset=paper",
        figure: "c",
    },
    Step {
        title: "How often",
        query: "preset=unlucky",
        figure: "c",
    },
    Step {
        title: "How large a step",
        query: "preset=paper&lr=0.5",
        figure: "b",
    },
];
