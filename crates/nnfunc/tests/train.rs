//! The training lab: gradients against central differences for every hidden activation and both
//! losses, the fused losses against `loss::evaluate`, the optimisers against hand-computed steps,
//! determinism, every task learning, SIREN beating ReLU on the image, and no panic or NaN from any
//! configuration.

use nnfunc::activation::{Activation, Elementwise};
use nnfunc::catalogue::{self, Kind};
use nnfunc::loss::{self, Inputs};
use nnfunc::train::init::{stream_rng, symmetric, InitScheme, Stream};
use nnfunc::train::mlp::{cross_entropy, mse, Mlp, Workspace};
use nnfunc::train::optim::OptimizerState;
use nnfunc::train::*;
use nnfunc::{FnId, Params, Tensor, Value};
use proptest::prelude::*;

/// Every elementwise activation of the catalogue with its default parameters.
fn elementwise_activations() -> Vec<(&'static str, Params, Elementwise)> {
    catalogue::of_kind(Kind::Activation)
        .filter_map(|spec| {
            let params = Params::defaults(spec);
            match Activation::from_params(&params) {
                Ok(Activation::Elementwise(e)) => Some((spec.name, params, e)),
                _ => None,
            }
        })
        .collect()
}

fn params_of(name: &str) -> Params {
    match catalogue::find(name) {
        Some(spec) => Params::defaults(spec),
        None => panic!("{name} is not in the catalogue"),
    }
}

fn config(task: Task, activations: &[&str]) -> LabConfig {
    LabConfig {
        activations: activations.iter().map(|a| params_of(a)).collect(),
        ..LabConfig::defaults(task)
    }
}

struct Problem {
    x: Vec<f64>,
    targets: Vec<f64>,
    labels: Vec<usize>,
    rows: usize,
}

/// A small batch: 6 rows of 2 inputs in [−1, 1], 3 outputs.
fn problem(seed: u64) -> Problem {
    let mut rng = stream_rng(seed, Stream::Data);
    let rows = 6;
    let x = (0..rows * 2).map(|_| symmetric(&mut rng)).collect();
    let targets = (0..rows * 3).map(|_| symmetric(&mut rng)).collect();
    let labels = (0..rows).map(|r| r % 3).collect();
    Problem {
        x,
        targets,
        labels,
        rows,
    }
}

fn loss_of(mlp: &Mlp, p: &Problem, loss: LossKind) -> (f64, Vec<f64>) {
    let mut ws = Workspace::new(mlp, p.rows);
    let mut grads = vec![0.0; mlp.params().len()];
    let value = mlp.loss_and_gradient(
        &p.x, &p.targets, &p.labels, p.rows, loss, &mut ws, &mut grads,
    );
    (value, grads)
}

/// The smallest distance of any hidden pre-activation to a kink of the activation.
fn distance_to_kinks(mlp: &Mlp, p: &Problem) -> f64 {
    let mut ws = Workspace::new(mlp, p.rows);
    mlp.forward(&p.x, p.rows, &mut ws);
    let kinks = mlp.activation().kinks();
    let mut d = f64::INFINITY;
    for l in 0..mlp.layers() - 1 {
        for &z in ws.pre_activation(l) {
            for &k in &kinks {
                d = d.min((z - k).abs());
            }
        }
    }
    d
}

#[test]
fn gradients_match_central_differences_for_every_activation_and_loss() {
    let mut checked = Vec::new();
    for (name, params, e) in elementwise_activations() {
        let act = HiddenActivation::from_params(&params).expect("elementwise");
        for loss in LossKind::ALL {
            // A seed whose pre-activations keep away from the kinks (a step of h cannot cross one).
            let found = (0..50).find_map(|seed| {
                let mut mlp = Mlp::new(2, 2, 5, 3, e);
                mlp.initialise(InitScheme::for_activation(&act), seed);
                let p = problem(seed);
                (distance_to_kinks(&mlp, &p) > 1e-3).then_some((mlp, p))
            });
            let Some((mut mlp, p)) = found else {
                panic!("{name}: no seed keeps the pre-activations away from the kinks");
            };
            let (_, grads) = loss_of(&mlp, &p, loss);
            for (i, &analytic) in grads.iter().enumerate() {
                let base = mlp.params()[i];
                let h = 1e-6 * base.abs().max(1.0);
                mlp.params_mut()[i] = base + h;
                let (up, _) = loss_of(&mlp, &p, loss);
                mlp.params_mut()[i] = base - h;
                let (down, _) = loss_of(&mlp, &p, loss);
                mlp.params_mut()[i] = base;
                let numeric = (up - down) / (2.0 * h);
                let tolerance = 1e-7 + 1e-5 * analytic.abs().max(numeric.abs());
                assert!(
                    (numeric - analytic).abs() <= tolerance,
                    "{name}, {loss:?}, parameter {i}: analytic {analytic}, numeric {numeric}"
                );
            }
            checked.push((name, loss));
        }
    }
    // Every elementwise activation of the catalogue, both losses.
    assert!(checked.len() >= 2 * 20, "{checked:?}");
}

#[test]
fn fused_losses_equal_the_crates_losses() {
    let p = problem(7);
    let out: Vec<f64> = p.targets.iter().map(|t| 0.7 * t + 0.3).collect();
    let shape = vec![p.rows, 3];

    let mut grad = vec![0.0; out.len()];
    let value = mse(&out, &p.targets, &mut grad);
    let inputs = Inputs::default()
        .with(
            "input",
            Tensor::new(shape.clone(), out.clone()).expect("shape"),
        )
        .with(
            "target",
            Tensor::new(shape.clone(), p.targets.clone()).expect("shape"),
        );
    let want = loss::evaluate(&params_of("mse_loss"), &inputs, None).expect("mse");
    assert!((value - want.output.data[0]).abs() < 1e-15);
    for (a, b) in grad.iter().zip(&want.grad("input").expect("grad").data) {
        assert!((a - b).abs() < 1e-15, "{a} vs {b}");
    }

    let mut grad = vec![0.0; out.len()];
    let value = cross_entropy(&out, &p.labels, 3, &mut grad);
    let labels: Vec<f64> = p.labels.iter().map(|&c| c as f64).collect();
    let inputs = Inputs::default()
        .with("input", Tensor::new(shape, out.clone()).expect("shape"))
        .with("target", Tensor::new(vec![p.rows], labels).expect("shape"));
    let want = loss::evaluate(&params_of("cross_entropy"), &inputs, None).expect("ce");
    assert!((value - want.output.data[0]).abs() < 1e-14);
    for (a, b) in grad.iter().zip(&want.grad("input").expect("grad").data) {
        assert!((a - b).abs() < 1e-15, "{a} vs {b}");
    }
}

#[test]
fn adam_matches_hand_computed_steps() {
    // torch.optim.Adam(lr=0.1): m = β1 m + (1 − β1) g, v = β2 v + (1 − β2) g²,
    // p −= lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε); computed by hand in Python.
    let mut params = vec![1.0, -2.0];
    let mut adam = OptimizerState::new(Optimizer::Adam, 0.0, 2);
    assert!(adam.step(&mut params, &[0.5, -3.0], 0.1));
    assert!((params[0] - 0.900000002).abs() < 1e-12, "{params:?}");
    assert!(
        (params[1] - -1.9000000003333333).abs() < 1e-12,
        "{params:?}"
    );
    assert!(adam.step(&mut params, &[-0.2, 1.0], 0.1));
    assert!((params[0] - 0.8654394181165108).abs() < 1e-12, "{params:?}");
    assert!(
        (params[1] - -1.8599781433169098).abs() < 1e-12,
        "{params:?}"
    );
    assert_eq!(adam.steps(), 2);
}

#[test]
fn sgd_with_momentum_matches_torch() {
    // torch.optim.SGD(lr=0.1, momentum=0.9): buf = g at first, then buf = 0.9 buf + g; p −= lr buf.
    let mut params = vec![1.0];
    let mut sgd = OptimizerState::new(Optimizer::Sgd, 0.9, 1);
    assert!(sgd.step(&mut params, &[0.5], 0.1));
    assert!((params[0] - 0.95).abs() < 1e-15);
    assert!(sgd.step(&mut params, &[-0.2], 0.1));
    assert!((params[0] - 0.925).abs() < 1e-15);
    let mut plain = OptimizerState::new(Optimizer::Sgd, 0.0, 1);
    let mut p = vec![1.0];
    assert!(plain.step(&mut p, &[0.5], 0.1));
    assert!(plain.step(&mut p, &[0.5], 0.1));
    assert!((p[0] - 0.9).abs() < 1e-15);
}

#[test]
fn an_update_to_non_finite_parameters_is_refused() {
    let mut params = vec![1.0, 2.0];
    let mut sgd = OptimizerState::new(Optimizer::Sgd, 0.0, 2);
    assert!(!sgd.step(&mut params, &[f64::NAN, 0.0], 0.1));
    assert!(!sgd.step(&mut params, &[1e308, 0.0], 10.0));
    assert_eq!(params, vec![1.0, 2.0]);
}

fn histories(lab: &Lab) -> Vec<Vec<(u64, f64)>> {
    lab.networks()
        .iter()
        .map(|n| n.history().points().to_vec())
        .collect()
}

#[test]
fn same_seed_gives_bit_identical_runs_and_another_seed_another_run() {
    let cfg = LabConfig {
        batch_size: 32,
        ..config(Task::Spirals, &["relu", "tanh"])
    };
    let mut a = Lab::new(cfg.clone()).expect("valid");
    let mut b = Lab::new(cfg.clone()).expect("valid");
    a.step_n(60);
    b.step_n(60);
    let (ha, hb) = (histories(&a), histories(&b));
    assert_eq!(ha.len(), 2);
    for (x, y) in ha.iter().zip(&hb) {
        assert_eq!(x.len(), 60);
        for (p, q) in x.iter().zip(y) {
            assert_eq!(p.0, q.0);
            assert_eq!(p.1.to_bits(), q.1.to_bits());
        }
    }
    let mut c = Lab::new(LabConfig { seed: 1, ..cfg }).expect("valid");
    c.step_n(60);
    assert_ne!(histories(&c), ha);
}

#[test]
fn a_network_does_not_depend_on_the_other_networks() {
    let alone = config(Task::Circles, &["relu"]);
    let with_others = config(Task::Circles, &["tanh", "sine", "relu"]);
    let mut a = Lab::new(alone).expect("valid");
    let mut b = Lab::new(with_others).expect("valid");
    a.step_n(40);
    b.step_n(40);
    assert_eq!(
        a.networks()[0].mlp().params(),
        b.networks()[2].mlp().params()
    );
    assert_eq!(histories(&a)[0], histories(&b)[2]);
}

#[test]
fn reset_replays_the_same_run() {
    let mut lab = Lab::new(config(Task::Xor, &["leaky_relu"])).expect("valid");
    lab.step_n(30);
    let first = histories(&lab);
    lab.reset();
    assert_eq!(lab.steps(), 0);
    lab.step_n(30);
    assert_eq!(histories(&lab), first);
}

#[test]
fn same_seed_same_draws_scaled_by_each_scheme() {
    let act = |name: &str| HiddenActivation::from_params(&params_of(name)).expect("elementwise");
    let (relu, tanh, sine) = (act("relu"), act("tanh"), act("sine"));
    let build = |a: &HiddenActivation| {
        let mut m = Mlp::new(2, 2, 16, 1, a.function);
        m.initialise(InitScheme::for_activation(a), 3);
        m
    };
    let (r, t, s) = (build(&relu), build(&tanh), build(&sine));
    assert_eq!(
        InitScheme::for_activation(&relu),
        InitScheme::Kaiming {
            negative_slope: 0.0
        }
    );
    assert_eq!(InitScheme::for_activation(&tanh), InitScheme::Xavier);
    assert_eq!(
        InitScheme::for_activation(&sine),
        InitScheme::Siren { omega_0: 30.0 }
    );
    // Layer 1 (16 → 16): Kaiming √(6/16), Xavier √(6/32), SIREN √(6/16)/30, the same draws.
    let (wr, _) = r.layer(1).expect("layer");
    let (wt, _) = t.layer(1).expect("layer");
    let (ws, _) = s.layer(1).expect("layer");
    let (kr, kt, ks) = (
        (6.0f64 / 16.0).sqrt(),
        (6.0f64 / 32.0).sqrt(),
        (6.0f64 / 16.0).sqrt() / 30.0,
    );
    for ((a, b), c) in wr.iter().zip(wt).zip(ws) {
        assert!(a.abs() <= kr && b.abs() <= kt && c.abs() <= ks);
        assert!((a / kr - b / kt).abs() < 1e-12 && (a / kr - c / ks).abs() < 1e-12);
    }
    // SIREN's first layer: U(−1/n, 1/n) with n = 2 inputs.
    let (w0, _) = s.layer(0).expect("layer");
    assert!(w0.iter().all(|w| w.abs() <= 0.5));
    assert!(w0.iter().any(|w| w.abs() > 0.25));
}

/// The loss over the whole data set falls below half its initial value within `steps` steps.
#[track_caller]
fn check_learns(task: Task, activation: &str, steps: u32) {
    let Ok(mut lab) = Lab::new(config(task, &[activation])) else {
        panic!("the default config of {} is refused", task.name());
    };
    let before = lab.dataset_losses()[0];
    lab.step_n(steps);
    let after = lab.dataset_losses()[0];
    assert!(
        after < 0.5 * before,
        "{} with {activation}: loss {before} → {after} after {steps} steps",
        task.name()
    );
    assert!(lab.networks()[0].diverged_at().is_none());
}

#[test]
fn every_task_learns() {
    for task in [Task::Sine, Task::Step, Task::Sawtooth, Task::Noisy] {
        check_learns(task, "tanh", 300);
        check_learns(task, "relu", 300);
    }
    for task in [Task::Spirals, Task::Circles, Task::Xor, Task::Blobs] {
        check_learns(task, "relu", 300);
    }
}

#[test]
fn mse_on_one_hot_targets_also_learns_classification() {
    let mut lab = Lab::new(LabConfig {
        loss: LossKind::Mse,
        ..config(Task::Blobs, &["relu"])
    })
    .expect("valid");
    let before = lab.dataset_losses()[0];
    lab.step_n(200);
    assert!(lab.dataset_losses()[0] < 0.5 * before);
    let map = lab.networks()[0]
        .decision_map(8, 8)
        .expect("classification");
    for p in map.probabilities.chunks_exact(3) {
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}

#[test]
fn siren_beats_relu_on_the_image() {
    // The default image run (2 × 32, Adam 1e-3, batch 1024, seed 0): SIREN ends several times lower.
    let mut lab = Lab::new(config(Task::Image, &["relu", "sine"])).expect("valid");
    let initial = lab.dataset_losses()[1];
    lab.step_n(IMAGE_COMPARISON_STEPS);
    let losses = lab.dataset_losses();
    let (relu, sine) = (losses[0], losses[1]);
    assert!(sine < 0.5 * relu, "relu {relu}, sine {sine}");
    assert!(sine < 0.1 * initial, "sine {initial} → {sine}");
    let image = lab.networks()[1].reconstruct(64, 64);
    assert_eq!(image.len(), 64 * 64);
    assert!(image.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn the_read_outs_have_the_promised_shapes() {
    let mut lab = Lab::new(config(Task::Sine, &["relu", "tanh"])).expect("valid");
    lab.step_n(5);
    let net = &lab.networks()[0];
    assert_eq!(net.predict_curve(200).len(), 200);
    assert!(net.decision_map(4, 4).is_none());
    assert!(net.reconstruct(4, 4).is_empty());
    assert_eq!(lab.dead_fractions().len(), 2);
    assert_eq!(lab.dead_fractions()[1], 0.0, "tanh has no dead units");
    assert_eq!(net.last_loss(), Some(net.history().points()[4].1));

    let lab = Lab::new(config(Task::Spirals, &["relu"])).expect("valid");
    let map = lab.networks()[0]
        .decision_map(30, 20)
        .expect("classification");
    assert_eq!((map.width, map.height, map.classes), (30, 20, 2));
    assert_eq!(map.probabilities.len(), 30 * 20 * 2);
    assert_eq!(map.class.len(), 600);
    assert!(map.confidence.iter().all(|c| (0.5..=1.0).contains(c)));
    assert!(lab.networks()[0].predict_curve(10).is_empty());
}

#[test]
fn dead_units_are_counted() {
    let relu = HiddenActivation::from_params(&params_of("relu")).expect("relu");
    let mut mlp = Mlp::new(1, 2, 4, 1, relu.function);
    let probe = [-1.0, -0.5, 0.0, 0.5, 1.0];
    // Every weight and bias −1: layer 0 gives z = −x − 1 ≤ 0 on [−1, 1], layer 1 z = −1: all dead.
    mlp.params_mut().iter_mut().for_each(|p| *p = -1.0);
    assert_eq!(mlp.dead_fraction(&probe), 1.0);
    // Every one +1: z = x + 1 > 0 except at x = −1: every unit lives.
    mlp.params_mut().iter_mut().for_each(|p| *p = 1.0);
    assert_eq!(mlp.dead_fraction(&probe), 0.0);
    // Only layer 0's first unit dead (its weight 0, bias −1): 1 of 8 units.
    let (w0, b0) = (0, 4);
    mlp.params_mut()[w0] = 0.0;
    mlp.params_mut()[b0] = -1.0;
    assert_eq!(mlp.dead_fraction(&probe), 1.0 / 8.0);
    assert_eq!(mlp.dead_fraction(&[]), 0.0);

    let mut lab = Lab::new(config(Task::Sine, &["relu", "leaky_relu"])).expect("valid");
    lab.step_n(3);
    let dead = lab.dead_fractions();
    assert!((0.0..1.0).contains(&dead[0]));
    assert_eq!(dead[1], 0.0, "leaky ReLU's derivative is never 0");
}

#[test]
fn divergence_stops_the_network_and_keeps_predictions_finite() {
    let mut lab = Lab::new(LabConfig {
        optimizer: Optimizer::Sgd,
        learning_rate: MAX_LEARNING_RATE,
        momentum: 0.99,
        width: 128,
        hidden_layers: 5,
        ..config(Task::Sawtooth, &["relu", "selu"])
    })
    .expect("valid");
    lab.step_n(100);
    assert!(lab.networks().iter().any(|n| n.diverged_at().is_some()));
    for net in lab.networks() {
        assert!(net.predict_curve(50).iter().all(|v| v.is_finite()));
        assert!(net.history().points().iter().all(|p| p.1.is_finite()));
        assert!(net.mlp().params().iter().all(|p| p.is_finite()));
    }
}

#[test]
fn names_round_trip() {
    for task in Task::ALL {
        assert_eq!(Task::from_name(task.name()), Some(task));
    }
    for o in Optimizer::ALL {
        assert_eq!(Optimizer::from_name(o.name()), Some(o));
    }
    for l in LossKind::ALL {
        assert_eq!(LossKind::from_name(l.name()), Some(l));
    }
    assert_eq!(Task::from_name("Spirals"), None);
    let names: Vec<_> = Task::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(
        names,
        [
            "sine",
            "step",
            "sawtooth",
            "noisy",
            "own_curve",
            "spirals",
            "circles",
            "xor",
            "blobs",
            "own_points",
            "image"
        ]
    );
}

#[test]
fn bad_configurations_are_refused_with_a_reason() {
    let good = config(Task::Sine, &["relu"]);
    let check = |cfg: LabConfig, want: fn(&LabError) -> bool| {
        let err = Lab::new(cfg).expect_err("refused");
        assert!(want(&err), "{err:?}");
        assert!(!err.to_string().is_empty());
    };
    check(
        LabConfig {
            activations: vec![],
            ..good.clone()
        },
        |e| matches!(e, LabError::NetworkCount(0)),
    );
    check(
        LabConfig {
            activations: vec![params_of("relu"); 5],
            ..good.clone()
        },
        |e| matches!(e, LabError::NetworkCount(5)),
    );
    check(
        LabConfig {
            activations: vec![params_of("softmax")],
            ..good.clone()
        },
        |e| matches!(e, LabError::NotElementwise("softmax")),
    );
    check(
        LabConfig {
            activations: vec![params_of("mse_loss")],
            ..good.clone()
        },
        |e| matches!(e, LabError::Activation(..)),
    );
    let mut sine = params_of("sine");
    sine.set("omega_0", Value::Real(0.0))
        .expect("in the domain");
    check(
        LabConfig {
            activations: vec![sine],
            ..good.clone()
        },
        |e| matches!(e, LabError::Activation(..)),
    );
    check(
        LabConfig {
            hidden_layers: 0,
            ..good.clone()
        },
        |e| matches!(e, LabError::HiddenLayers(0)),
    );
    check(
        LabConfig {
            hidden_layers: 6,
            ..good.clone()
        },
        |e| matches!(e, LabError::HiddenLayers(6)),
    );
    check(
        LabConfig {
            width: 0,
            ..good.clone()
        },
        |e| matches!(e, LabError::Width(0)),
    );
    for lr in [f64::NAN, 0.0, -1.0, f64::INFINITY, 11.0] {
        check(
            LabConfig {
                learning_rate: lr,
                ..good.clone()
            },
            |e| matches!(e, LabError::LearningRate(_)),
        );
    }
    check(
        LabConfig {
            momentum: 1.0,
            ..good.clone()
        },
        |e| matches!(e, LabError::Momentum(_)),
    );
    check(
        LabConfig {
            momentum: f64::NAN,
            ..good.clone()
        },
        |e| matches!(e, LabError::Momentum(_)),
    );
    check(
        LabConfig {
            batch_size: 0,
            ..good.clone()
        },
        |e| matches!(e, LabError::BatchSize(0)),
    );
    check(
        LabConfig {
            loss: LossKind::CrossEntropy,
            ..good.clone()
        },
        |e| matches!(e, LabError::LossForTask(..)),
    );
    let mut lab = Lab::new(good).expect("valid");
    assert!(lab.set_learning_rate(f64::NAN).is_err());
    assert!(lab.set_learning_rate(0.5).is_ok());
    assert_eq!(lab.config().learning_rate, 0.5);
}

#[test]
fn every_task_has_a_valid_default_config_and_data_in_range() {
    for task in Task::ALL {
        let cfg = LabConfig::defaults(task);
        cfg.validate().expect("defaults are valid");
        let lab = Lab::new(cfg).expect("valid");
        let data = lab.dataset();
        assert_eq!(data.inputs.len(), data.len * task.input_dim());
        assert_eq!(data.targets.len(), data.len * data.target_dim);
        assert!(data.inputs.iter().all(|v| (-1.0..=1.0).contains(v)));
        if task.kind() == TaskKind::Classification {
            assert_eq!(data.labels.len(), data.len);
            for c in 0..task.classes() {
                assert!(data.labels.iter().filter(|&&l| l == c).count() >= data.len / 4);
            }
        }
    }
    assert_eq!(
        Dataset::generate(Task::Noisy, 1),
        Dataset::generate(Task::Noisy, 1)
    );
    assert_ne!(
        Dataset::generate(Task::Noisy, 1),
        Dataset::generate(Task::Noisy, 2)
    );
}

#[test]
fn the_bench_workload_is_the_documented_one() {
    let cfg = bench::workload();
    assert_eq!((cfg.hidden_layers, cfg.width, cfg.batch_size), (2, 64, 256));
    assert_eq!((cfg.task, cfg.optimizer), (Task::Spirals, Optimizer::Adam));
    assert_eq!(cfg.activations.len(), 1);
    assert_eq!(cfg.activations[0].spec.id, FnId::Relu);
    let mut lab = bench::workload_lab().expect("valid");
    assert_eq!(lab.batch_rows(), 256);
    lab.step_n(10);
    assert_eq!(lab.steps(), u64::from(bench::WARMUP_STEPS) + 10);
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(1e308),
        -2.0..2.0f64,
        any::<f64>(),
    ]
}

fn any_size(usual: std::ops::Range<usize>) -> impl Strategy<Value = usize> {
    prop_oneof![Just(0usize), Just(usize::MAX), Just(257usize), usual]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_configuration_panics_or_leaks_nan(
        task in 0..Task::ALL.len(),
        fns in proptest::collection::vec(0..catalogue::CATALOGUE.len(), 0..6),
        param_value in any_f64(),
        hidden_layers in any_size(1..6),
        width in any_size(1..12),
        learning_rate in any_f64(),
        sgd in any::<bool>(),
        momentum in any_f64(),
        batch_size in any_size(1..600),
        seed in any::<u64>(),
        cross_entropy in any::<bool>(),
        own in proptest::collection::vec((any_f64(), any_f64(), 0..5usize), 0..9),
    ) {
        let task = Task::ALL[task];
        // Any points, the drawn-looking ones mostly: a refused set is an error, never a panic.
        let own = own
            .into_iter()
            .map(|(x, y, class)| OwnPoint::new(x.clamp(-2.0, 2.0), y, class))
            .collect();
        let activations = fns
            .iter()
            .map(|&i| {
                let spec = &catalogue::CATALOGUE[i];
                let mut params = Params::defaults(spec);
                if let Some(p) = spec.params.first() {
                    let _ = params.set(p.name, Value::Real(param_value));
                }
                params
            })
            .collect();
        let cfg = LabConfig {
            task,
            activations,
            hidden_layers,
            width,
            learning_rate,
            optimizer: if sgd { Optimizer::Sgd } else { Optimizer::Adam },
            momentum,
            batch_size,
            seed,
            loss: if cross_entropy { LossKind::CrossEntropy } else { LossKind::Mse },
            own,
        };
        let Ok(mut lab) = Lab::new(cfg) else {
            return Ok(());
        };
        lab.step_n(3);
        for net in lab.networks() {
            prop_assert!(net.history().points().iter().all(|p| p.1.is_finite()));
            prop_assert!(net.predict_curve(17).iter().all(|v| v.is_finite()));
            prop_assert!(net.reconstruct(5, 3).iter().all(|v| v.is_finite()));
            if let Some(map) = net.decision_map(6, 4) {
                prop_assert!(map.probabilities.iter().all(|v| v.is_finite()));
                prop_assert!(map.confidence.iter().all(|v| v.is_finite()));
            }
        }
        prop_assert!(lab.dead_fractions().iter().all(|d| (0.0..=1.0).contains(d)));
        prop_assert!(lab.dataset_losses().iter().all(|l| l.is_finite() || l.is_nan()));
    }
}
