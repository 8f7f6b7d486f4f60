//! The training lab's address-bar codec: every key read, the round trip, older spellings, and a
//! notice plus the default for every refused value.

use super::*;
use crate::elementwise::functions;
use crate::url::codec::literal::query as pairs;

fn parse(pairs: &Pairs) -> (TrainingState, Vec<Notice>) {
    TrainingState::from_pairs(pairs)
}

#[track_caller]
fn check_refused(query: &str, key: &str) -> TrainingState {
    let (state, notices) = parse(&pairs(query));
    assert!(
        notices.iter().any(|n| n.key == key
            && n.message.starts_with(&format!("Ignored {key}=“"))
            && n.message.contains("from the address bar: ")
            && n.message.ends_with('.')),
        "{query}: no notice for {key}: {notices:?}"
    );
    assert!(state.config().validate().is_ok(), "{query}: {state:?}");
    state
}

fn names(state: &TrainingState) -> Vec<&'static str> {
    state.functions.iter().map(|p| p.spec.name).collect()
}

#[test]
fn no_keys_give_the_default_run() {
    let (state, notices) = parse(&[]);
    assert_eq!(state, TrainingState::default());
    assert!(notices.is_empty());
    assert!(state.config().validate().is_ok());
    assert_eq!(state.config(), LabConfig::defaults(DEFAULT_TASK));
}

#[test]
fn every_task_defaults_to_its_own_config() {
    for task in Task::ALL {
        let (state, notices) = parse(&pairs(&format!("task={}", task.name())));
        assert!(notices.is_empty());
        assert_eq!(state.config(), LabConfig::defaults(task));
    }
}

#[test]
fn reads_every_key() {
    let (state, notices) = parse(&pairs(
        "task=image&fn=sine,relu&sine.omega_0=20&layers=3&width=48&lr=0.002&optimizer=sgd&momentum=0.5&batch=512&seed=7&loss=mse&until=100&other=x",
    ));
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(state.momentum, 0.5);
    assert_eq!(state.config().momentum, 0.5);
    assert_eq!(state.task, Task::Image);
    assert_eq!(names(&state), ["sine", "relu"]);
    assert_eq!(state.functions[0].real("omega_0"), 20.0);
    assert_eq!(
        (
            state.hidden_layers,
            state.width,
            state.batch_size,
            state.seed
        ),
        (3, 48, 512, 7)
    );
    assert_eq!(state.learning_rate, 0.002);
    assert_eq!(state.optimizer, Optimizer::Sgd);
    assert_eq!(state.loss, LossKind::Mse);
    assert_eq!(state.until, Some(100));
}

#[test]
fn round_trips_through_the_query() {
    let (state, _) = parse(&pairs(
        "task=blobs&fn=prelu,leaky_relu,elu,tanh&leaky_relu.negative_slope=0.2&prelu.weight=0.1&lr=0.0004&loss=mse&until=5",
    ));
    let (again, notices) = parse(&state.to_pairs());
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(again, state);
    // SGD's momentum: written with SGD (and with Adam only when not the default).
    for query in [
        "optimizer=sgd&momentum=0",
        "optimizer=sgd",
        "optimizer=adam&momentum=0.25",
    ] {
        let (state, notices) = parse(&pairs(query));
        assert!(notices.is_empty(), "{query}: {notices:?}");
        let written = state.to_pairs();
        assert!(
            written.iter().any(|(k, _)| k == MOMENTUM_KEY),
            "{query}: {written:?}"
        );
        assert_eq!(parse(&written).0, state, "{query}");
    }
    let (adam, _) = parse(&pairs("optimizer=adam"));
    assert!(!adam.to_pairs().iter().any(|(k, _)| k == MOMENTUM_KEY));
    assert_eq!(again.learning_rate, 0.0004);
    for (key, _) in state.to_pairs() {
        assert!(TrainingState::owns(&key), "{key}");
    }
    assert!(
        !TrainingState::owns("view")
            && !TrainingState::owns("deriv")
            && !TrainingState::owns("sine.nope")
    );
}

#[test]
fn refuses_garbage_with_a_notice_naming_the_key() {
    for bad in [
        "NaN",
        "Infinity",
        "-Infinity",
        "",
        "1e999",
        "99999999999999999999999999",
        "-1",
        "0",
        "1.5",
        "ünï©ødé",
        "<script>alert(1)</script>",
        "0x10",
    ] {
        let defaults = TrainingState::default();
        for key in [LAYERS_KEY, WIDTH_KEY, BATCH_KEY, UNTIL_KEY] {
            let state = check_refused(&format!("{key}={bad}"), key);
            assert_eq!(state.hidden_layers, defaults.hidden_layers);
            assert_eq!(state.width, defaults.width);
            assert_eq!(state.batch_size, defaults.batch_size);
            assert_eq!(state.until, None);
        }
        if bad != "0" && bad != "1.5" {
            // 0 is a valid seed, 1.5 a valid learning rate.
            let state = check_refused(&format!("{SEED_KEY}={bad}"), SEED_KEY);
            assert_eq!(state.seed, defaults.seed);
        }
        if !matches!(bad, "1.5") {
            let state = check_refused(&format!("{LEARNING_RATE_KEY}={bad}"), LEARNING_RATE_KEY);
            assert_eq!(state.learning_rate, defaults.learning_rate);
        }
        if !matches!(bad, "0") {
            let state = check_refused(&format!("{MOMENTUM_KEY}={bad}"), MOMENTUM_KEY);
            assert_eq!(state.momentum, defaults.momentum);
        }
        for key in [TASK_KEY, OPTIMIZER_KEY, LOSS_KEY, FUNCTIONS_KEY] {
            check_refused(&format!("{key}={bad}"), key);
        }
        // Any finite ω₀ other than 0 is a valid frequency.
        if !matches!(bad, "-1" | "1.5" | "99999999999999999999999999") {
            check_refused(&format!("task=image&sine.omega_0={bad}"), "sine.omega_0");
        }
    }
}

#[test]
fn refuses_values_outside_the_labs_limits() {
    check_refused("layers=6", LAYERS_KEY);
    check_refused("width=257", WIDTH_KEY);
    check_refused("batch=4097", BATCH_KEY);
    check_refused("lr=10.5", LEARNING_RATE_KEY);
    check_refused("seed=9007199254740992", SEED_KEY);
    check_refused("momentum=1", MOMENTUM_KEY);
    check_refused("momentum=-0.1", MOMENTUM_KEY);
    // Cross-entropy is for classification only.
    let state = check_refused("task=sine&loss=cross_entropy", LOSS_KEY);
    assert_eq!(state.loss, LossKind::Mse);
    // SIREN's ω₀ = 0 is accepted by the catalogue but not by a network.
    let state = check_refused("task=image&sine.omega_0=0", "sine.omega_0");
    assert_eq!(state.functions[2].real("omega_0"), 30.0);
    // Accepted edges.
    let (state, notices) = parse(&pairs(
        "layers=5&width=256&batch=4096&lr=10&seed=9007199254740991",
    ));
    assert!(notices.is_empty(), "{notices:?}");
    assert!(state.config().validate().is_ok());
}

#[test]
fn the_function_list_keeps_what_it_can() {
    let (state, notices) = parse(&pairs("fn=relu,softmax,nope,relu,tanh,elu,gelu,selu"));
    assert_eq!(names(&state), ["relu", "tanh", "elu", "gelu"]);
    let refused: Vec<&str> = notices.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(refused.len(), 4, "{refused:?}");
    assert!(refused.iter().all(|m| m.starts_with("Ignored fn=“")));
    assert!(refused[0].contains("softmax") || refused[0].contains("Softmax"));
    // Nothing usable: the task's defaults.
    let (state, notices) = parse(&pairs("task=image&fn=mse_loss,,"));
    assert_eq!(names(&state), ["relu", "tanh", "sine"]);
    assert_eq!(notices.len(), 2);
    // Spaces and empty entries are tolerated.
    let (state, notices) = parse(&pairs("fn= tanh ,,relu"));
    assert_eq!(names(&state), ["tanh", "relu"]);
    assert!(notices.is_empty());
}

#[test]
fn notices_shorten_huge_values_and_keep_markup_as_text() {
    let huge = "9".repeat(100_000);
    let state = check_refused(&format!("width={huge}"), WIDTH_KEY);
    assert_eq!(state.width, TrainingState::default().width);
    let (_, notices) = parse(&pairs(&format!("width={huge}")));
    assert!(notices[0].message.chars().count() < 200);
    let (_, notices) = parse(&pairs("task=<b>x</b>"));
    assert!(notices[0].message.contains("task=“<b>x</b>”"));
}

#[test]
fn a_new_task_brings_its_defaults_and_keeps_the_seed() {
    let (state, _) = parse(&pairs("task=sine&seed=3&width=8&until=9"));
    let image = state.with_task(Task::Image);
    assert_eq!(image.seed, 3);
    assert_eq!(image.until, Some(9));
    assert_eq!(image.width, TrainingState::defaults(Task::Image).width);
    assert_eq!(image.loss, LossKind::Mse);
    assert!(image.config().validate().is_ok());
}

#[test]
fn every_trainable_function_builds_a_lab_config() {
    for spec in functions().filter(|s| is_trainable(s)) {
        let state = TrainingState {
            functions: vec![Params::defaults(spec)],
            ..TrainingState::default()
        };
        assert!(state.config().validate().is_ok(), "{}", spec.name);
    }
}

#[test]
fn every_state_round_trips() {
    let mut states = Vec::new();
    for task in Task::ALL {
        let defaults = TrainingState::defaults(task);
        states.push(defaults.clone());
        states.push(TrainingState {
            optimizer: Optimizer::Sgd,
            momentum: 0.9,
            learning_rate: 0.1 + 0.2,
            seed: MAX_SEED,
            until: Some(MAX_UNTIL),
            ..defaults.clone()
        });
        states.push(TrainingState {
            optimizer: Optimizer::Adam,
            momentum: 0.3,
            ..defaults
        });
    }
    for spec in functions().filter(|s| is_trainable(s)) {
        states.push(TrainingState {
            functions: vec![Params::defaults(spec)],
            ..TrainingState::default()
        });
    }
    for state in states {
        let written = state.to_pairs();
        let (again, notices) = parse(&written);
        assert!(notices.is_empty(), "{written:?}: {notices:?}");
        assert_eq!(again, state, "{written:?}");
        assert!(
            written.iter().all(|(k, _)| TrainingState::owns(k)),
            "{written:?}"
        );
    }
}

#[test]
fn older_spellings_still_parse() {
    // Spaces around values, other spellings of the same number, a leading plus sign.
    let (state, notices) = parse(&pairs(
        "task= image &fn=sine, relu&sine.omega_0=2e1&layers= 3&width=+48&lr=2e-3&optimizer= sgd &momentum=0.50&batch=0512&seed=07&loss= mse&until=100",
    ));
    assert!(notices.is_empty(), "{notices:?}");
    let (want, _) = parse(&pairs(
        "task=image&fn=sine,relu&sine.omega_0=20&layers=3&width=48&lr=0.002&optimizer=sgd&momentum=0.5&batch=512&seed=7&loss=mse&until=100",
    ));
    assert_eq!(state, want);
    // What the lab writes today is the shortest spelling.
    let written = state.to_pairs();
    assert!(
        written.contains(&("lr".to_string(), "0.002".to_string())),
        "{written:?}"
    );
    assert!(
        written.contains(&("momentum".to_string(), "0.5".to_string())),
        "{written:?}"
    );
}

#[test]
fn a_refused_value_keeps_its_default_and_the_rest_is_read() {
    let (state, notices) = parse(&pairs("task=xor&width=wide&seed=5&optimizer=rmsprop"));
    let keys: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, [WIDTH_KEY, OPTIMIZER_KEY]);
    let defaults = TrainingState::defaults(Task::Xor);
    assert_eq!(state.width, defaults.width);
    assert_eq!(state.optimizer, defaults.optimizer);
    assert_eq!((state.task, state.seed), (Task::Xor, 5));
}

#[test]
fn own_points_travel_in_the_link_while_they_fit() {
    let drawn = vec![
        OwnPoint::new(-0.5, 0.25, 0),
        OwnPoint::new(0.125, -1.0, 2),
        OwnPoint::new(1.0, 0.0, 1),
    ];
    let state = TrainingState {
        own: drawn.clone(),
        ..TrainingState::defaults(Task::OwnPoints)
    };
    let written = state.to_pairs();
    assert!(written.contains(&(DATA_KEY.to_string(), "H0Ti0RlAA2fQPo1".to_string())));
    assert_eq!(parse(&written), (state.clone(), Vec::new()));
    // Too many for a link: no `data=`, and the page offers the CSV file instead.
    let many = TrainingState {
        own: vec![drawn[0]; 301],
        ..state
    };
    assert_eq!(many.link_data(), None);
    assert!(many.to_pairs().iter().all(|(k, _)| k != DATA_KEY));
    // Absent: the starter points.
    let (state, notices) = parse(&pairs("task=own_curve"));
    assert_eq!(state.own, nnfunc::train::own::starter(Task::OwnCurve));
    assert!(notices.is_empty());
}

#[test]
fn a_hand_typed_or_cut_data_value_is_refused_with_the_starter_points() {
    for query in [
        "task=own_points&data=H0Ti0RlAA",
        "task=own_points&data=H0Ti9",
        "task=own_points&data=%F0%9F%92%A5x",
        "task=own_curve&data=____",
        "task=spirals&data=H0Ti0",
    ] {
        let state = check_refused(query, DATA_KEY);
        assert_eq!(
            state.own,
            nnfunc::train::own::starter(state.task),
            "{query}"
        );
    }
}
