//! The format, case by case: what a lesson file gives (steps, states, HTML, questions) and the
//! message each malformed part gets, the rest still working; and, for random text, no panic.

use lessons::{parse, query_of, Lesson, Problem, Question, Step, MAX_BYTES, MAX_STEPS};
use proptest::prelude::*;

/// The example of `docs/lessons.md`.
const EXAMPLE: &str = "# Why ReLU?
## Sigmoid saturates
?view=activations&fn=sigmoid&deriv=1
Look at f′ far from 0: it is almost 0, so the gradient vanishes.
> **Question:** What is the largest value f′ takes?
> **Answer:** 1/4, at x = 0.
## ReLU does not
?view=activations&fn=relu,sigmoid&deriv=1
For x > 0 the slope is exactly 1.
";

/// A step as expected: title, query, HTML and question (question HTML, answer HTML).
fn step(title: &str, query: Option<&str>, html: &str, question: Option<(&str, &str)>) -> Step {
    Step {
        title: title.into(),
        query: query.map(String::from),
        html: html.into(),
        question: question.map(|(q, a)| Question {
            question_html: q.into(),
            answer_html: a.into(),
        }),
    }
}

/// Parse `markdown`; check its steps and that the problems are exactly `problems` (each a step
/// number, or `None` for the lesson, and a part of its message).
#[track_caller]
fn check(markdown: &str, steps: &[Step], problems: &[(Option<usize>, &str)]) -> Lesson {
    let lesson = parse(markdown);
    assert_eq!(lesson.steps, steps, "{markdown}");
    let got: Vec<(Option<usize>, &str)> = lesson
        .problems
        .iter()
        .map(|p| (p.step, p.message.as_str()))
        .collect();
    assert_eq!(got.len(), problems.len(), "{markdown}\n{got:#?}");
    for ((step, message), (want_step, want)) in got.iter().zip(problems) {
        assert_eq!(step, want_step, "{message}");
        assert!(
            message.contains(want),
            "{message:?} should contain {want:?}"
        );
    }
    lesson
}

#[test]
fn the_docs_show_this_example() {
    let docs = include_str!("../../../docs/lessons.md");
    assert!(docs.contains(&format!("```markdown\n{EXAMPLE}```")));
}

#[test]
fn the_documented_example() {
    let lesson = check(
        EXAMPLE,
        &[
            step(
                "Sigmoid saturates",
                Some("view=activations&fn=sigmoid&deriv=1"),
                "<p>Look at f′ far from 0: it is almost 0, so the gradient vanishes.</p>\n",
                Some((
                    "<p>What is the largest value f′ takes?</p>\n",
                    "<p>1/4, at x = 0.</p>\n",
                )),
            ),
            step(
                "ReLU does not",
                Some("view=activations&fn=relu,sigmoid&deriv=1"),
                "<p>For x &gt; 0 the slope is exactly 1.</p>\n",
                None,
            ),
        ],
        &[],
    );
    assert_eq!(lesson.title, "Why ReLU?");
}

#[test]
fn state_links_in_every_form() {
    let want = Some("view=activations&fn=relu");
    for line in [
        "?view=activations&fn=relu",
        "  ?view=activations&fn=relu  ",
        "?view=activations&fn=relu#step",
        "https://example.org/course/explorer/?view=activations&fn=relu",
        "HTTP://127.0.0.1:8080/?view=activations&fn=relu",
        "<https://example.org/?view=activations&fn=relu>",
        "[open the view](https://example.org/x/?view=activations&fn=relu#top)",
        "[open the view](?view=activations&fn=relu)",
    ] {
        let markdown = format!("# T\n## S\n{line}\nText.\n");
        check(&markdown, &[step("S", want, "<p>Text.</p>\n", None)], &[]);
        assert_eq!(query_of(line).ok().as_deref(), want, "{line}");
    }
    // A reference link resolves through its definition.
    check(
        "# T\n## S\n[the view][v]\n\n[v]: ?view=softmax&tau=2\n",
        &[step("S", Some("view=softmax&tau=2"), "", None)],
        &[],
    );
    // The line alone, then text in a paragraph of its own.
    check(
        "# T\n## S\n?view=softmax\n\nText.\n",
        &[step("S", Some("view=softmax"), "<p>Text.</p>\n", None)],
        &[],
    );
}

#[test]
fn query_of_says_why_not() {
    for (link, why) in [
        ("", "Not a link"),
        ("relu", "Not a link"),
        ("view=activations", "Not a link"),
        ("ftp://example.org/?view=activations", "Not a link"),
        ("[a](?view=x) and [b](?view=y)", "Not a link"),
        ("https://pytorch.org/docs/stable/nn.html", "no query string"),
        ("https://example.org/#?view=activations", "no query string"),
        ("?fn=relu", "no view= key"),
        ("?view=&fn=relu", "no view= key"),
        ("?view=activations fn=relu", "spaces"),
    ] {
        match query_of(link) {
            Err(message) => assert!(message.contains(why), "{link}: {message}"),
            Ok(query) => panic!("{link} gave {query}"),
        }
    }
}

#[test]
fn text_is_markdown_with_raw_html_passed_through() {
    check(
        "# T\n## S\n?view=softmax\nThe *sum* is <math><mi>x</mi></math>.\n\n- one\n- two\n\n### More\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        &[step(
            "S",
            Some("view=softmax"),
            "<p>The <em>sum</em> is <math><mi>x</mi></math>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<h3>More</h3>\n<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n",
            None,
        )],
        &[],
    );
}

#[test]
fn questions_and_answers() {
    let q = |body: &str| format!("# T\n## S\n?view=softmax\n{body}");
    // The answer in a paragraph of its own, and more than one paragraph each.
    check(
        &q("> **Question:** Why?\n>\n> Think of 0.\n>\n> **Answer:** Because *so*.\n>\n> And more.\n"),
        &[step(
            "S",
            Some("view=softmax"),
            "",
            Some((
                "<p>Why?</p>\n<p>Think of 0.</p>\n",
                "<p>Because <em>so</em>.</p>\n<p>And more.</p>\n",
            )),
        )],
        &[],
    );
    // Labels on lines of their own.
    check(
        &q("> **Question:**\n> Why?\n> **Answer:**\n> So.\n"),
        &[step(
            "S",
            Some("view=softmax"),
            "",
            Some(("<p>Why?</p>\n", "<p>So.</p>\n")),
        )],
        &[],
    );
    // An ordinary blockquote stays text; text around the question stays in order.
    check(
        &q("Before.\n\n> A quote.\n\n> **Question:** Q?\n> **Answer:** A.\n\nAfter.\n"),
        &[step(
            "S",
            Some("view=softmax"),
            "<p>Before.</p>\n<blockquote>\n<p>A quote.</p>\n</blockquote>\n<p>After.</p>\n",
            Some(("<p>Q?</p>\n", "<p>A.</p>\n")),
        )],
        &[],
    );
}

const NO_STATE: &str = "no state link; start the step with a line like ?view=activations&fn=relu";

#[test]
fn malformed_steps_give_their_message_and_the_rest_still_works() {
    let good = "## Good\n?view=softmax\nFine.\n";
    let good_step = step("Good", Some("view=softmax"), "<p>Fine.</p>\n", None);
    for (body, html, question, problem) in [
        (
            "## ReLU does not\nFor x > 0 the slope is exactly 1.\n",
            "<p>For x &gt; 0 the slope is exactly 1.</p>\n",
            None,
            format!("Step 2 “ReLU does not”: {NO_STATE}"),
        ),
        (
            "## ReLU does not\n",
            "",
            None,
            format!("Step 2 “ReLU does not”: {NO_STATE}"),
        ),
        (
            "## ReLU does not\n- a list first\n",
            "<ul>\n<li>a list first</li>\n</ul>\n",
            None,
            format!("Step 2 “ReLU does not”: {NO_STATE}"),
        ),
        (
            "## ReLU does not\nhttps://pytorch.org/docs/stable/nn.html\nText.\n",
            "<p>https://pytorch.org/docs/stable/nn.html\nText.</p>\n",
            None,
            "Step 2 “ReLU does not”: “https://pytorch.org/docs/stable/nn.html” is not a state of the app. The link has no query string".into(),
        ),
        (
            "## ReLU does not\n?fn=relu\n",
            "<p>?fn=relu</p>\n",
            None,
            "Step 2 “ReLU does not”: “?fn=relu” is not a state of the app. The link has no view= key".into(),
        ),
        (
            "## ReLU does not\n?view=softmax\n> **Question:** Why?\n",
            "<blockquote>\n<p><strong>Question:</strong> Why?</p>\n</blockquote>\n",
            None,
            "Step 2 “ReLU does not”: a question without an answer".into(),
        ),
        (
            "## ReLU does not\n?view=softmax\n> **Question:** Why? **Answer:** mid-line.\n",
            "<blockquote>\n<p><strong>Question:</strong> Why? <strong>Answer:</strong> mid-line.</p>\n</blockquote>\n",
            None,
            "Step 2 “ReLU does not”: a question without an answer".into(),
        ),
        (
            "## ReLU does not\n?view=softmax\n> **Question:** Why?\n> **Answer:**\n",
            "<blockquote>\n<p><strong>Question:</strong> Why?\n<strong>Answer:</strong></p>\n</blockquote>\n",
            None,
            "Step 2 “ReLU does not”: a question without an answer".into(),
        ),
        (
            "## ReLU does not\n?view=softmax\n> **Answer:** 4.\n",
            "<blockquote>\n<p><strong>Answer:</strong> 4.</p>\n</blockquote>\n",
            None,
            "Step 2 “ReLU does not”: an answer without a question".into(),
        ),
        (
            "## ReLU does not\n?view=softmax\n> **Question:** Q?\n> **Answer:** A.\n\n> **Question:** R?\n> **Answer:** B.\n",
            "<blockquote>\n<p><strong>Question:</strong> R?\n<strong>Answer:</strong> B.</p>\n</blockquote>\n",
            Some(("<p>Q?</p>\n", "<p>A.</p>\n")),
            "Step 2 “ReLU does not”: a second question".into(),
        ),
        (
            "##\n?view=softmax\n",
            "",
            None,
            "Step 2: no title".into(),
        ),
    ] {
        let markdown = format!("# T\n{good}{body}{good}");
        let title = if body.starts_with("##\n") { "" } else { "ReLU does not" };
        // A step keeps its state whatever else is wrong with it.
        let query = (!problem.contains("state")).then_some("view=softmax");
        let middle = step(title, query, html, question);
        check(
            &markdown,
            &[good_step.clone(), middle, good_step.clone()],
            &[(Some(2), problem.as_str())],
        );
    }
}

#[test]
fn an_answer_in_a_blockquote_of_its_own_is_both_unanswered_and_unasked() {
    check(
        "# T\n## S\n?view=softmax\n> **Question:** Q?\n\n> **Answer:** A.\n",
        &[step(
            "S",
            Some("view=softmax"),
            "<blockquote>\n<p><strong>Question:</strong> Q?</p>\n</blockquote>\n<blockquote>\n<p><strong>Answer:</strong> A.</p>\n</blockquote>\n",
            None,
        )],
        &[
            (Some(1), "Step 1 “S”: a question without an answer"),
            (Some(1), "Step 1 “S”: an answer without a question"),
        ],
    );
}

#[test]
fn malformed_lessons_give_their_message() {
    let one_step = "## S\n?view=softmax\n";
    let s = || step("S", Some("view=softmax"), "", None);
    check("", &[], &[(None, "no title"), (None, "no steps")]);
    check(
        one_step,
        &[s()],
        &[(
            None,
            "The lesson has no title: start the file with a line like # Why ReLU?",
        )],
    );
    check(
        "# T\nJust text.\n",
        &[],
        &[(None, "text before the first step"), (None, "no steps")],
    );
    check(
        &format!("# T\nIntro.\n{one_step}"),
        &[s()],
        &[(None, "The text before the first step is not shown")],
    );
    check(
        &format!("# T\n<!-- a note for the lecturer -->\n{one_step}"),
        &[s()],
        &[],
    );
    check(
        &format!("# T\n# U\n{one_step}# V\n"),
        &[s()],
        &[
            (None, "A second # title “U” is ignored"),
            (None, "A second # title “V” is ignored"),
        ],
    );
    let many = format!("# T\n{}", one_step.repeat(MAX_STEPS + 3));
    let lesson = check(
        &many,
        &vec![s(); MAX_STEPS],
        &[(
            None,
            &format!(
                "The lesson has {} steps; only the first {MAX_STEPS} are shown.",
                MAX_STEPS + 3
            ),
        )],
    );
    assert_eq!(lesson.title, "T");
    // Too long: read up to the last line break within the limit, the steps there kept.
    let long = format!("# T\n{one_step}{}", "x".repeat(MAX_BYTES));
    check(&long, &[s()], &[(None, "only its first 256 KB are read")]);
    let long = format!("# T\n{one_step}{}", "é".repeat(MAX_BYTES));
    check(&long, &[s()], &[(None, "only its first 256 KB are read")]);
}

/// The format's lines, for random lessons.
const LINES: &[&str] = &[
    "# Title",
    "## Step",
    "##",
    "#",
    "?view=activations&fn=relu",
    "?fn=relu",
    "?",
    "https://example.org/?view=softmax#x",
    "<https://example.org/?view=losses>",
    "[open](?view=triplet)",
    "Some *text* with <math><mi>x</mi></math>.",
    "> **Question:** Why?",
    "> **Answer:** So.",
    "> **Answer:**",
    "> **Question:**",
    ">",
    "> quoted",
    "**Question:** outside",
    "- item",
    "  - nested > **Question:** x",
    "```",
    "<div>",
    "<!--",
    "",
    "---",
    "| a | b |",
    "|---|---|",
    "\\",
    "[v]: ?view=softmax",
];

fn lesson_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => prop::sample::select(LINES).prop_map(String::from),
        1 => "\\PC{0,30}",
        1 => "[#>?*_\\[\\]()<>`!\\\\ \t-]{0,12}",
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

#[track_caller]
fn problems_within_steps(lesson: &Lesson) {
    for Problem { step, message } in &lesson.problems {
        assert!(!message.is_empty());
        if let Some(step) = step {
            assert!((1..=lesson.steps.len()).contains(step), "{step}: {message}");
            assert!(message.starts_with(&format!("Step {step}")), "{message}");
        }
    }
    assert!(lesson.steps.len() <= MAX_STEPS);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn random_lessons_parse_without_panic(text in lesson_text()) {
        let lesson = parse(&text);
        problems_within_steps(&lesson);
        for step in &lesson.steps {
            if let Some(query) = &step.query {
                let again = query_of(&format!("?{query}"));
                prop_assert_eq!(again.as_ref(), Ok(query));
            }
        }
    }

    #[test]
    fn random_text_parses_without_panic(text in "\\PC{0,300}") {
        problems_within_steps(&parse(&text));
        let _ = query_of(&text);
    }
}

/// Every message the docs' table shows is the parser's, word for word.
#[test]
fn the_docs_quote_the_messages() {
    let docs = include_str!("../../../docs/lessons.md");
    let two_steps = "## A\n?view=softmax\n## B\n?view=softmax\n";
    let third = |body: &str| format!("# T\n{two_steps}## ReLU does not\n{body}");
    let mut cases = vec![
        String::new(),
        "# T\nIntro.\n".to_string(),
        format!("# T\n# …\n{two_steps}"),
        "# T\n## A\n?view=softmax\n## B\n?view=softmax\n##\n?view=softmax\n".to_string(),
    ];
    for body in [
        "For x > 0 the slope is exactly 1.\n",
        "https://pytorch.org/docs\n",
        "?fn=relu\n",
        "?view=softmax\n> **Question:** Why?\n",
        "?view=softmax\n> **Answer:** So.\n",
        "?view=softmax\n> **Question:** Q?\n> **Answer:** A.\n\n> **Question:** R?\n> **Answer:** B.\n",
        "?view=softmax\n<img src=x onerror=alert(1)>\n",
    ] {
        cases.push(third(body));
    }
    for case in cases {
        for problem in parse(&case).problems {
            let message = problem.message;
            assert!(docs.contains(&message), "docs/lessons.md lacks: {message}");
        }
    }
}

#[test]
fn html_that_would_run_a_script_or_set_a_style_is_shown_as_text() {
    for (html, attribute) in [
        ("<img src=x onerror=alert(1)>", "onerror"),
        ("<p ONCLICK='x'>a</p>", "onclick"),
        (
            "<span title=\"a > b\" onmouseover=\"x\">a</span>",
            "onmouseover",
        ),
        ("<mi style=\"color:red\">x</mi>", "style"),
    ] {
        let markdown = format!("# T\n## S\n?view=softmax\nText {html} here.\n");
        let lesson = parse(&markdown);
        assert_eq!(lesson.problems.len(), 1, "{html}: {:?}", lesson.problems);
        let problem = &lesson.problems[0];
        assert_eq!(problem.step, Some(1));
        assert!(
            problem
                .message
                .contains(&format!("the attribute {attribute} ")),
            "{}",
            problem.message
        );
        assert!(
            !lesson.steps[0].html.contains(&format!("<{}", &html[1..4])),
            "{}",
            lesson.steps[0].html
        );
    }
    // Not a tag to Markdown (no space before the attribute): text, escaped.
    let lesson = parse("# T\n## S\n?view=softmax\nText <img/onerror=alert(1) src=x> here.\n");
    assert!(
        lesson.steps[0].html.contains("&lt;img/onerror"),
        "{}",
        lesson.steps[0].html
    );
    // An attribute's value may say anything; MathML stays HTML.
    for fine in [
        "<a title=\"online onerror=x\" href=\"?view=softmax\">x</a>",
        "<a title=online>x</a>",
        "<math><mi>σ</mi><mo>(</mo><mi>z</mi><mo>)</mo></math>",
    ] {
        let lesson = parse(&format!("# T\n## S\n?view=softmax\nText {fine} here.\n"));
        assert_eq!(lesson.problems, vec![], "{fine}");
        assert!(
            lesson.steps[0].html.contains(&fine[..5]),
            "{}",
            lesson.steps[0].html
        );
    }
}
