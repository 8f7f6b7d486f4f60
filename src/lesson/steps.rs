//! The lesson's keys in the address bar, pure (natively tested): which lesson file a name may
//! open, which step `step=` names, and the query of a step.

use crate::url::Notice;

/// `?lesson=<name>`: the file `lessons/<name>.md`.
pub const LESSON_KEY: &str = "lesson";
/// `&step=<n>`, counted from 1.
pub const STEP_KEY: &str = "step";
/// The shell's keys that a step's state never sets: they belong to the page, not to the step.
const SHELL_KEYS: &[&str] = &[
    LESSON_KEY,
    STEP_KEY,
    crate::embed::EMBED_KEY,
    crate::embed::CONTROLS_KEY,
    crate::theme::THEME_KEY,
    crate::present::PRESENT_KEY,
];
const MAX_NAME: usize = 64;

/// The lesson file a `lesson=` value names (a file name, never a path), or why not.
pub fn file_of(name: &str) -> Result<String, Notice> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(format!("lessons/{name}.md"))
    } else {
        Err(Notice::ignored(
            LESSON_KEY,
            name,
            "a lesson's name is its file's name in lessons/: letters, digits, - and _",
        ))
    }
}

/// The step (from 0) that `step=` names in a lesson of `count` steps: the first one, with a
/// notice, for a value that names none.
pub fn step_of(value: Option<&str>, count: usize) -> (usize, Option<Notice>) {
    let Some(text) = value else {
        return (0, None);
    };
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => (n - 1, None),
        _ => (
            0,
            Some(Notice::ignored(
                STEP_KEY,
                text,
                format!("the lesson's steps are 1 to {count}; showing step 1"),
            )),
        ),
    }
}

/// The address of step `index` (from 0): the page's own keys from `current` (the lesson, embed
/// mode, theme, presenter mode), `step=` and the step's state, without any of the page's keys the
/// step's link may carry.
pub fn step_pairs(
    current: &[(String, String)],
    index: usize,
    state: &[(String, String)],
) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = current
        .iter()
        .filter(|(k, _)| SHELL_KEYS.contains(&k.as_str()) && k != STEP_KEY)
        .cloned()
        .collect();
    pairs.push((STEP_KEY.to_string(), (index + 1).to_string()));
    pairs.extend(
        state
            .iter()
            .filter(|(k, _)| !SHELL_KEYS.contains(&k.as_str()))
            .cloned(),
    );
    pairs
}

/// Whether `key` is one of the page's own keys, kept when the view changes.
pub fn is_shell_key(key: &str) -> bool {
    SHELL_KEYS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_lesson_name_is_a_file_name() {
        assert_eq!(
            file_of("activations").ok().as_deref(),
            Some("lessons/activations.md")
        );
        assert_eq!(
            file_of("my_lesson-2").ok().as_deref(),
            Some("lessons/my_lesson-2.md")
        );
        for bad in [
            "",
            "../x",
            "a/b",
            "a.md",
            "x y",
            "é",
            &"a".repeat(65),
            "%2e%2e",
        ] {
            assert!(file_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn step_counts_from_one_and_falls_back_to_the_first() {
        assert_eq!(step_of(None, 5), (0, None));
        assert_eq!(step_of(Some("1"), 5).0, 0);
        assert_eq!(step_of(Some("5"), 5), (4, None));
        for bad in ["0", "6", "-1", "x", "", "1e3", "99999999999999999999999"] {
            let (index, notice) = step_of(Some(bad), 5);
            assert_eq!(index, 0);
            assert!(notice.is_some(), "{bad}");
        }
    }

    #[test]
    fn a_step_keeps_the_pages_keys_and_drops_its_links_own() {
        let current = pairs(&[
            ("lesson", "x"),
            ("step", "2"),
            ("view", "losses"),
            ("theme", "dark"),
            ("fn", "relu"),
        ]);
        let state = pairs(&[("view", "activations"), ("embed", "1"), ("fn", "elu")]);
        assert_eq!(
            step_pairs(&current, 2, &state),
            pairs(&[
                ("lesson", "x"),
                ("theme", "dark"),
                ("step", "3"),
                ("view", "activations"),
                ("fn", "elu"),
            ])
        );
    }
}
