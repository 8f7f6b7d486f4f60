//! What the address bar asked for and could not have: one paragraph per notice, shown above a
//! view or panel (nothing when all was used).

use leptos::prelude::*;

use crate::url::Notice;

/// The notices in a status box with test id `test_id` (`url-notice` for a view's own keys).
#[component]
pub fn Notices(
    notices: Vec<Notice>,
    #[prop(default = "url-notice")] test_id: &'static str,
) -> impl IntoView {
    (!notices.is_empty()).then(|| {
        let items = notices
            .into_iter()
            .map(|notice| view! { <p data-key=notice.key>{notice.message}</p> })
            .collect_view();
        view! { <div class="notice" role="status" data-testid=test_id>{items}</div> }
    })
}
