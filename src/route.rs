//! Which view is shown: a handle to its entry in [`crate::views::REGISTRY`], parsed from the
//! `view=` query key at the edge.

use std::fmt;

use leptos::prelude::AnyView;

use crate::url::Notice;
use crate::views::{ViewSpec, REGISTRY};

/// The query key holding the view.
pub const VIEW_KEY: &str = "view";

/// One of the registered views.
#[derive(Clone, Copy)]
pub struct View(&'static ViewSpec);

impl PartialEq for View {
    fn eq(&self, other: &View) -> bool {
        self.0.key == other.0.key
    }
}

impl Eq for View {}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "View({})", self.0.key)
    }
}

impl Default for View {
    /// The first registered view (shown when the address names none).
    fn default() -> View {
        View(&REGISTRY[0])
    }
}

impl View {
    /// Every view, in navigation order.
    pub fn all() -> impl Iterator<Item = View> {
        REGISTRY.iter().map(View)
    }

    /// The value of `view=` (also used in test ids).
    pub fn key(self) -> &'static str {
        self.0.key
    }

    pub fn label(self) -> &'static str {
        self.0.label
    }

    pub fn spec(self) -> &'static ViewSpec {
        self.0
    }

    /// The view, mounted.
    pub fn mount(self) -> AnyView {
        (self.0.mount)()
    }

    pub fn from_key(key: &str) -> Option<View> {
        View::all().find(|v| v.key() == key)
    }

    /// The view the address bar asks for (the first if none), and a notice if it named an
    /// unknown one.
    pub fn from_url() -> (View, Option<String>) {
        let (view, notice) = View::from_query(crate::url::get(VIEW_KEY).as_deref());
        if let Some(notice) = &notice {
            crate::dom::warn(notice);
        }
        (view, notice)
    }

    /// The view a `view=` value names; the first, with a notice, for an unknown one.
    pub fn from_query(value: Option<&str>) -> (View, Option<String>) {
        match value {
            None => (View::default(), None),
            Some(key) => match View::from_key(key) {
                Some(view) => (view, None),
                None => {
                    let why = format!(
                        "the views are {}; showing {}",
                        View::all().map(View::key).collect::<Vec<_>>().join(", "),
                        View::default().label(),
                    );
                    (
                        View::default(),
                        Some(Notice::ignored(VIEW_KEY, key, why).message),
                    )
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
        for view in View::all() {
            assert_eq!(View::from_query(Some(view.key())), (view, None));
        }
        assert_eq!(View::from_query(None), (View::default(), None));
        let (view, notice) = View::from_query(Some("<b>x</b>"));
        assert_eq!(view, View::default());
        assert!(notice.is_some_and(|n| n.contains("view=“<b>x</b>”")));
    }

    #[test]
    fn keys_and_page_names_are_unique() {
        let keys: Vec<_> = View::all().map(View::key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(keys.len(), unique.len(), "{keys:?}");
        for view in View::all() {
            for page in view.spec().pages {
                assert!(
                    page.query.starts_with(&format!("?view={}", view.key())),
                    "{}",
                    page.query
                );
            }
        }
    }
}
