//! Which view is shown: a typed enum, parsed from the `view=` query key at the edge.

/// The views of the app, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Activations,
    Losses,
    Triplet,
    Softmax,
    Training,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Activations,
        View::Losses,
        View::Triplet,
        View::Softmax,
        View::Training,
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
            View::Training => "training",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            View::Activations => "Activations",
            View::Losses => "Losses",
            View::Triplet => "Triplet",
            View::Softmax => "Softmax",
            View::Training => "Training lab",
        }
    }

    pub fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.key() == key)
    }

    /// The view the address bar asks for (Activations if none), and a notice if it named an
    /// unknown one.
    pub fn from_url() -> (View, Option<String>) {
        let (view, notice) = View::from_query(crate::url::get(View::QUERY_KEY).as_deref());
        if let Some(notice) = &notice {
            crate::dom::warn(notice);
        }
        (view, notice)
    }

    /// The view a `view=` value names; Activations, with a notice, for an unknown one.
    pub fn from_query(value: Option<&str>) -> (View, Option<String>) {
        match value {
            None => (View::Activations, None),
            Some(key) => match View::from_key(key) {
                Some(view) => (view, None),
                None => {
                    let notice = format!(
                        "Ignored view=“{key}” from the address bar (the views are {}); showing Activations.",
                        View::ALL.map(View::key).join(", ")
                    );
                    (View::Activations, Some(notice))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::View;

    #[test]
    fn known_views_parse_and_unknown_ones_give_a_notice() {
        for view in View::ALL {
            assert_eq!(View::from_query(Some(view.key())), (view, None));
        }
        assert_eq!(View::from_query(None), (View::Activations, None));
        let (view, notice) = View::from_query(Some("<b>x</b>"));
        assert_eq!(view, View::Activations);
        assert!(notice.is_some_and(|n| n.contains("view=“<b>x</b>”")));
    }
}
