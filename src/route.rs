//! Which view is shown: a typed enum, parsed from the `view=` query key at the edge.

/// The views of the app, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Activations,
    Losses,
    Triplet,
    Softmax,
}

impl View {
    pub const ALL: [View; 4] = [
        View::Activations,
        View::Losses,
        View::Triplet,
        View::Softmax,
    ];

    /// The query key holding the view.
    pub const QUERY_KEY: &'static str = "view";

    /// The value of `view=` (also used in test ids).
    pub const fn key(self) -> &'static str {
        match self {
            View::Activations => "activations",
            View::Losses => "losses",
            View::Triplet => "triplet",
            View::Softmax => "softmax",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            View::Activations => "Activations",
            View::Losses => "Losses",
            View::Triplet => "Triplet",
            View::Softmax => "Softmax",
        }
    }

    pub fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.key() == key)
    }

    /// The view the address bar asks for (Activations if none or an unknown one).
    pub fn from_url() -> View {
        match crate::url::get(View::QUERY_KEY) {
            None => View::Activations,
            Some(key) => View::from_key(&key).unwrap_or_else(|| {
                crate::dom::warn(&format!(
                    "unknown view {key:?} in the address bar; showing Activations"
                ));
                View::Activations
            }),
        }
    }
}
