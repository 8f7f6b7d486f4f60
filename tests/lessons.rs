//! The built-in lessons (`lessons/*.md`, beside index.html): each parses without a problem, has
//! 10–16 steps with a **Try this:** prompt, and every step's state is one the view it names takes
//! exactly as written: a known view, only that view's keys, and no notice from its own URL codec.
#![cfg(not(target_arch = "wasm32"))]

use explorer::route::{View, VIEW_KEY};
use explorer::url::{Notice, UrlState};
use explorer::views::activations::gradient_flow::FlowSettings;
use explorer::views::activations::state::ActivationState;
use explorer::views::losses::state::LossState;
use explorer::views::softmax::state::SoftmaxState;
use explorer::views::training::state::TrainingState;
use explorer::views::triplet::state::Settings as TripletSettings;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");
const BUILT_IN: [&str; 2] = ["activations", "losses"];

/// The query's pairs as written (the lessons' queries need no percent-decoding: checked).
fn pairs(query: &str) -> Vec<(String, String)> {
    assert!(
        !query.contains(['%', '+']),
        "{query}: write the state without escapes"
    );
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (pair.to_string(), String::new()),
        })
        .collect()
}

/// What the view's own codecs say about the pairs (`view` names a registered view).
fn notices(view: &str, pairs: &[(String, String)]) -> Vec<Notice> {
    match view {
        "activations" => {
            let mut notices = ActivationState::from_pairs(pairs).1;
            notices.extend(FlowSettings::from_pairs(pairs).1);
            notices
        }
        "losses" => LossState::from_pairs(pairs).1,
        "triplet" => TripletSettings::from_pairs(pairs).1,
        "softmax" => SoftmaxState::from_pairs(pairs).1,
        "training" => TrainingState::from_pairs(pairs).1,
        other => panic!("view {other} has no codec in this test: add it"),
    }
}

#[test]
fn every_registered_view_has_a_codec_here() {
    for view in View::all() {
        let _ = notices(view.key(), &[]);
    }
}

#[test]
fn the_built_in_lessons_are_valid_states_of_the_app() {
    for name in BUILT_IN {
        let path = format!("{DIR}/{name}.md");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let lesson = lessons::parse(&text);
        assert!(lesson.problems.is_empty(), "{name}: {:#?}", lesson.problems);
        assert!(!lesson.title.is_empty(), "{name}");
        assert!(
            (10..=16).contains(&lesson.steps.len()),
            "{name}: {} steps",
            lesson.steps.len()
        );
        for (i, step) in lesson.steps.iter().enumerate() {
            let at = format!("{name} step {} “{}”", i + 1, step.title);
            assert!(
                step.html.contains("<strong>Try this:</strong>"),
                "{at}: no **Try this:** line"
            );
            let Some(query) = &step.query else {
                panic!("{at}: no state");
            };
            let pairs = pairs(query);
            let key = pairs
                .iter()
                .find(|(k, _)| k == VIEW_KEY)
                .map(|(_, v)| v.as_str());
            let (view, notice) = View::from_query(key);
            assert_eq!(notice, None, "{at}");
            for (key, _) in &pairs {
                assert!(
                    key == VIEW_KEY || (view.spec().owns)(key),
                    "{at}: {key} is not a key of the {} view",
                    view.key()
                );
            }
            let notices = notices(view.key(), &pairs);
            assert!(notices.is_empty(), "{at}: {notices:#?}");
        }
    }
}
