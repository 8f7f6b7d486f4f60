//! The gradient-flow panel's settings (μ, σ, L and the seed: `nnfunc`'s [`FlowSettings`]) in the
//! address bar as `flow.mu`, `flow.sigma`, `flow.layers`, `flow.seed`, and as the panel's controls
//! type them: one [`Setting`] per key says how its text reads, how it is written and what a refused
//! value is told. Pure: no browser, natively tested.

use nnfunc::gradient_flow::{MAX_ABS_MEAN, MAX_LAYERS, MAX_STD_DEV};

pub use nnfunc::gradient_flow::FlowSettings;

use crate::url::{first, format_number, Notice, Pairs, UrlState};

/// The query keys of the panel.
pub const MEAN_KEY: &str = "flow.mu";
pub const STD_DEV_KEY: &str = "flow.sigma";
pub const LAYERS_KEY: &str = "flow.layers";
pub const SEED_KEY: &str = "flow.seed";

/// The largest seed a number box holds exactly (2^53 − 1).
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// One of the panel's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Mean,
    StdDev,
    Layers,
    Seed,
}

impl Setting {
    pub const ALL: [Setting; 4] = [
        Setting::Mean,
        Setting::StdDev,
        Setting::Layers,
        Setting::Seed,
    ];

    /// Its query key, also the controls' `name`.
    pub const fn key(self) -> &'static str {
        match self {
            Setting::Mean => MEAN_KEY,
            Setting::StdDev => STD_DEV_KEY,
            Setting::Layers => LAYERS_KEY,
            Setting::Seed => SEED_KEY,
        }
    }

    /// Set it in `settings` from `text` (trimmed); `false`, and `settings` unchanged, if `text` is
    /// not an allowed value.
    pub fn apply(self, settings: &mut FlowSettings, text: &str) -> bool {
        let text = text.trim();
        let real = || crate::url::parse_number(text).filter(|v| v.is_finite());
        match self {
            Setting::Mean => real()
                .filter(|v| v.abs() <= MAX_ABS_MEAN)
                .map(|v| settings.mean = v),
            Setting::StdDev => real()
                .filter(|v| (0.0..=MAX_STD_DEV).contains(v))
                .map(|v| settings.std_dev = v),
            Setting::Layers => text
                .parse::<u32>()
                .ok()
                .filter(|v| (1..=MAX_LAYERS).contains(v))
                .map(|v| settings.layers = v),
            Setting::Seed => text
                .parse::<u64>()
                .ok()
                .filter(|v| *v <= MAX_SEED)
                .map(|v| settings.seed = v),
        }
        .is_some()
    }

    /// Its value in `settings` as the address bar and the number boxes show it.
    pub fn text(self, settings: &FlowSettings) -> String {
        match self {
            Setting::Mean => format_number(settings.mean),
            Setting::StdDev => format_number(settings.std_dev),
            Setting::Layers => settings.layers.to_string(),
            Setting::Seed => settings.seed.to_string(),
        }
    }

    /// What a control says when it refuses a value.
    pub fn refusal(self) -> String {
        match self {
            Setting::Mean => {
                format!("μ must be a number between −{MAX_ABS_MEAN} and {MAX_ABS_MEAN}.")
            }
            Setting::StdDev => format!("σ must be a number between 0 and {MAX_STD_DEV}."),
            Setting::Layers => format!("L must be a whole number from 1 to {MAX_LAYERS}."),
            Setting::Seed => format!("The seed must be a whole number from 0 to {MAX_SEED}."),
        }
    }
}

impl UrlState for FlowSettings {
    fn owns(key: &str) -> bool {
        Setting::ALL.iter().any(|s| s.key() == key)
    }

    /// The settings the pairs ask for; a value that cannot be used keeps its default, with a
    /// notice. Never panics.
    fn from_pairs(pairs: &Pairs) -> (FlowSettings, Vec<Notice>) {
        let mut settings = FlowSettings::default();
        let mut notices = Vec::new();
        for setting in Setting::ALL {
            let key = setting.key();
            if let Some(text) = first(pairs, key) {
                if !setting.apply(&mut settings, text) {
                    notices.push(Notice::ignored(key, text, "using the default"));
                }
            }
        }
        (settings, notices)
    }

    /// The settings that differ from the defaults (a share link of the activations stays short).
    fn to_pairs(&self) -> Vec<(String, String)> {
        let defaults = FlowSettings::default();
        Setting::ALL
            .iter()
            .filter(|s| s.text(self) != s.text(&defaults))
            .map(|s| (s.key().to_string(), s.text(self)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::codec::literal::pairs;

    #[track_caller]
    fn check(query: &[(&str, &str)], want: FlowSettings, notices_about: &[&str]) {
        let (settings, notices) = FlowSettings::from_pairs(&pairs(query));
        assert_eq!(settings, want, "{query:?}");
        let keys: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, notices_about, "{query:?}: {notices:?}");
        let (again, none) = FlowSettings::from_pairs(&settings.to_pairs());
        assert_eq!(again, settings, "{query:?}: round trip");
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn defaults_without_keys() {
        check(&[], FlowSettings::default(), &[]);
        assert!(
            FlowSettings::default().to_pairs().is_empty(),
            "defaults are not written"
        );
        check(
            &[("view", "activations"), ("fn", "relu")],
            FlowSettings::default(),
            &[],
        );
    }

    #[test]
    fn every_setting_round_trips() {
        let want = FlowSettings {
            mean: -1.25,
            std_dev: 0.3,
            layers: 7,
            seed: 42,
        };
        check(
            &[
                (MEAN_KEY, "-1.25"),
                (STD_DEV_KEY, " 0.3 "),
                (LAYERS_KEY, "7"),
                (SEED_KEY, "42"),
            ],
            want,
            &[],
        );
        let edges = FlowSettings {
            mean: MAX_ABS_MEAN,
            std_dev: 0.0,
            layers: MAX_LAYERS,
            seed: MAX_SEED,
        };
        let (again, none) = FlowSettings::from_pairs(&edges.to_pairs());
        assert_eq!((again, none), (edges, vec![]));
    }

    #[test]
    fn bad_values_keep_their_default_with_a_notice() {
        check(
            &[
                (MEAN_KEY, "NaN"),
                (STD_DEV_KEY, "-1"),
                (LAYERS_KEY, "0"),
                (SEED_KEY, "9007199254740992"),
            ],
            FlowSettings::default(),
            &[MEAN_KEY, STD_DEV_KEY, LAYERS_KEY, SEED_KEY],
        );
        let too_far = format!("{}", MAX_ABS_MEAN * 2.0);
        check(
            &[(MEAN_KEY, too_far.as_str()), (LAYERS_KEY, "2.5")],
            FlowSettings::default(),
            &[MEAN_KEY, LAYERS_KEY],
        );
        let (_, notices) = FlowSettings::from_pairs(&pairs(&[(MEAN_KEY, "abc")]));
        assert!(notices[0].message.contains("flow.mu=“abc”"), "{notices:?}");
    }

    #[test]
    fn the_first_value_wins_and_keys_are_owned() {
        let (s, _) = FlowSettings::from_pairs(&pairs(&[(LAYERS_KEY, "3"), (LAYERS_KEY, "4")]));
        assert_eq!(s.layers, 3);
        for setting in Setting::ALL {
            assert!(FlowSettings::owns(setting.key()));
        }
        assert!(!FlowSettings::owns("flow"));
        assert!(!FlowSettings::owns("fn"));
    }

    #[test]
    fn controls_refuse_what_the_address_bar_refuses() {
        let mut s = FlowSettings::default();
        assert!(!Setting::StdDev.apply(&mut s, "1e3"));
        assert!(!Setting::Seed.apply(&mut s, "-1"));
        assert_eq!(s, FlowSettings::default());
        assert!(Setting::Mean.apply(&mut s, "2"));
        assert_eq!(s.mean, 2.0);
        assert!(Setting::Layers.refusal().contains("L must"));
    }
}
