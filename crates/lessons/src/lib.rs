//! Lessons: a Markdown file read as a sequence of steps, each setting one view of the app (its full
//! address-bar state) with a short text. Plain Rust, no browser; the format is `docs/lessons.md`.
//!
//! ```markdown
//! # Why ReLU?
//! ## Sigmoid saturates
//! ?view=activations&fn=sigmoid&deriv=1
//! Look at f′ far from 0: it is almost 0, so the gradient vanishes.
//! > **Question:** What is the largest value f′ takes?
//! > **Answer:** 1/4, at x = 0.
//! ```
//!
//! `#` is the title, each `##` a step, the step's first line its state link, the rest its text
//! (Markdown, raw HTML such as MathML passed through for the app to sanitise). A blockquote that
//! starts with **Question:** is the step's question, **Answer:** at the start of a later line or
//! paragraph of it the answer. [`parse`] never fails: what it cannot use becomes a [`Problem`]
//! naming the step, and every other step still works.

use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The largest lesson file read; a longer one is read up to its last line break before the limit.
pub const MAX_BYTES: usize = 256 * 1024;
/// The most steps a lesson has; later ones are dropped.
pub const MAX_STEPS: usize = 100;

/// A lesson: its title, its steps in order, and what could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lesson {
    /// The text of the `#` heading; empty if there is none.
    pub title: String,
    pub steps: Vec<Step>,
    pub problems: Vec<Problem>,
}

/// One step: a state of the app and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Step {
    /// The text of its `##` heading.
    pub title: String,
    /// The state: a query string without its `?`, e.g. `view=activations&fn=relu`; `None` if the
    /// step has no usable state link.
    pub query: Option<String>,
    /// Its text as HTML (without the state link and the question).
    pub html: String,
    pub question: Option<Question>,
}

/// A question with its answer, each as HTML without its bold label.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Question {
    pub question_html: String,
    pub answer_html: String,
}

/// Something in the file that could not be used, said for the lecturer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The step it is about, counted from 1 (an index into `steps` plus one); `None`: the lesson
    /// as a whole.
    pub step: Option<usize>,
    /// A sentence that names the step (`Step 3 “ReLU does not”: …`) and says what to write.
    pub message: String,
}

/// The lesson `markdown` describes, with a [`Problem`] for everything it could not use. Never
/// panics, for any input.
pub fn parse(markdown: &str) -> Lesson {
    let mut problems = Vec::new();
    let text = within_limit(markdown, &mut problems);
    let mut title: Option<String> = None;
    let mut sections: Vec<(String, Vec<Block>)> = Vec::new();
    let mut text_before_steps = false;
    let mut extra_steps = 0;

    for block in blocks(text) {
        let level = heading(&block);
        if extra_steps > 0 {
            extra_steps += usize::from(level == Some(2));
            continue;
        }
        match level {
            Some(1) if title.is_none() && sections.is_empty() => title = Some(plain_text(&block)),
            Some(1) => problems.push(lesson_problem(format!(
                "A second # title “{}” is ignored: a lesson has one title, at the top, and each step starts with ##.",
                plain_text(&block)
            ))),
            Some(2) if sections.len() == MAX_STEPS => extra_steps = 1,
            Some(2) => sections.push((plain_text(&block), Vec::new())),
            _ => match sections.last_mut() {
                Some((_, body)) => body.push(block),
                None if is_comment(&block) => {}
                None => text_before_steps = true,
            },
        }
    }

    if title.is_none() {
        problems.push(lesson_problem(
            "The lesson has no title: start the file with a line like # Why ReLU?",
        ));
    }
    if text_before_steps {
        problems.push(lesson_problem(
            "The text before the first step is not shown: every text belongs to a step, which starts with a line like ## Sigmoid saturates.",
        ));
    }
    if sections.is_empty() {
        problems.push(lesson_problem(
            "The lesson has no steps: start each step with a line like ## Sigmoid saturates.",
        ));
    }
    if extra_steps > 0 {
        problems.push(lesson_problem(format!(
            "The lesson has {} steps; only the first {MAX_STEPS} are shown.",
            MAX_STEPS + extra_steps
        )));
    }
    let steps = sections
        .into_iter()
        .enumerate()
        .map(|(i, (title, body))| step(text, i + 1, title, body, &mut problems))
        .collect();
    Lesson {
        title: title.unwrap_or_default(),
        steps,
        problems,
    }
}

/// The query string a state link holds, without its `?` and `#fragment`. The link is a query
/// string (`?view=activations&fn=relu`), a share link of the app (`https://host/path/?view=…`),
/// or a Markdown link or autolink to either. `Err` says why it is not a state of the app.
pub fn query_of(link: &str) -> Result<String, String> {
    let link = link.trim();
    let target = if link.starts_with(['<', '[']) {
        markdown_link(link).ok_or(NOT_A_LINK)?
    } else {
        link.to_string()
    };
    let target = target.split('#').next().unwrap_or_default();
    let query =
        match target.strip_prefix('?') {
            Some(query) => query,
            None if is_web_link(target) => match target.split_once('?') {
                Some((_, query)) => query,
                None => return Err(
                    "The link has no query string: a state of the app is a link ending in ?view=…"
                        .into(),
                ),
            },
            None => return Err(NOT_A_LINK.into()),
        };
    if query.contains(char::is_whitespace) {
        return Err("A link cannot contain spaces (write a space as %20).".into());
    }
    let names_a_view = query.split('&').any(|pair| {
        pair.split_once('=')
            .is_some_and(|(k, v)| k == "view" && !v.is_empty())
    });
    if !names_a_view {
        return Err(
            "The link has no view= key, so it names no view of the app (e.g. ?view=activations)."
                .into(),
        );
    }
    Ok(query.to_string())
}

const NOT_A_LINK: &str = "Not a link: write a query string such as ?view=activations&fn=relu, or paste a share link of the app (https://…/?view=…).";

/// An event of the document with where it is in the text.
type Located<'a> = (Event<'a>, Range<usize>);

/// A top-level block of the document (a heading, a paragraph, a blockquote…): its events.
type Block<'a> = Vec<Located<'a>>;

/// The Markdown the format reads: CommonMark with tables.
fn options() -> Options {
    Options::ENABLE_TABLES
}

/// `markdown`, or its start up to its last line break within [`MAX_BYTES`] (with a problem).
fn within_limit<'a>(markdown: &'a str, problems: &mut Vec<Problem>) -> &'a str {
    if markdown.len() <= MAX_BYTES {
        return markdown;
    }
    let mut end = MAX_BYTES;
    while !markdown.is_char_boundary(end) {
        end -= 1;
    }
    let cut = markdown[..end].rfind('\n').unwrap_or(end);
    problems.push(lesson_problem(format!(
        "The file is {} bytes; only its first {} KB are read (a lesson is at most {} KB).",
        markdown.len(),
        MAX_BYTES / 1024,
        MAX_BYTES / 1024
    )));
    &markdown[..cut]
}

/// The document's top-level blocks.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0_usize;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        current.push((event, range));
        if depth == 0 {
            blocks.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// The level of a heading block (1 for `#`).
fn heading(block: &Block) -> Option<u8> {
    match block.first() {
        Some((Event::Start(Tag::Heading { level, .. }), _)) => Some(match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            HeadingLevel::H3 => 3,
            HeadingLevel::H4 => 4,
            HeadingLevel::H5 => 5,
            HeadingLevel::H6 => 6,
        }),
        _ => None,
    }
}

/// An HTML comment on its own (allowed anywhere, even before the first step).
fn is_comment(block: &Block) -> bool {
    let html: String = block
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Html(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    matches!(block.first(), Some((Event::Start(Tag::HtmlBlock), _)))
        && html.trim_start().starts_with("<!--")
}

/// The text of the events (a heading's title, a label): markup dropped, breaks as spaces.
fn plain_text(events: &[Located]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

fn lesson_problem(message: impl Into<String>) -> Problem {
    Problem {
        step: None,
        message: message.into(),
    }
}

/// Step `number`'s problems: each message starts by naming it.
struct StepProblems<'p> {
    number: usize,
    name: String,
    problems: &'p mut Vec<Problem>,
}

impl StepProblems<'_> {
    fn push(&mut self, what: impl std::fmt::Display) {
        self.problems.push(Problem {
            step: Some(self.number),
            message: format!("{}: {what}", self.name),
        });
    }
}

/// One step from its title and the blocks under its heading.
fn step(
    text: &str,
    number: usize,
    title: String,
    body: Vec<Block>,
    problems: &mut Vec<Problem>,
) -> Step {
    let name = if title.is_empty() {
        format!("Step {number}")
    } else {
        format!("Step {number} “{title}”")
    };
    let mut problems = StepProblems {
        number,
        name,
        problems,
    };
    if title.is_empty() {
        problems.push("no title; write it after the ##.");
    }
    let body: Vec<Block> = body
        .into_iter()
        .map(|block| inert(block, &mut problems))
        .collect();
    let mut body = body.into_iter();
    let mut shown: Vec<Event> = Vec::new();
    let query = match body.next() {
        Some(first) => {
            let (query, rest) = state_line(text, first, &mut problems);
            shown.extend(rest);
            query
        }
        None => {
            problems.push(NO_STATE);
            None
        }
    };
    let mut question = None;
    for block in body {
        match classify(&block) {
            Quote::Question(q) if question.is_none() => {
                question = Some(q);
                continue;
            }
            Quote::Question(_) => problems.push(
                "a second question, shown as text: a step has one **Question:** blockquote.",
            ),
            Quote::Unanswered => problems.push(
                "a question without an answer, shown as text: end its blockquote with a line starting **Answer:**.",
            ),
            Quote::Unasked => problems.push(
                "an answer without a question, shown as text: **Answer:** goes in the same blockquote as its **Question:**, on a new line.",
            ),
            Quote::Other => {}
        }
        shown.extend(block.into_iter().map(|(event, _)| event));
    }
    Step {
        title,
        query,
        html: to_html(shown),
        question,
    }
}

/// `block` with its raw HTML shown as text if that HTML has an event handler (`onclick=`…) or
/// a `style` attribute: the page's policy would refuse them, and a browser reports them as
/// errors as soon as it parses them. (The app keeps the rest of the HTML to an allowlist.)
fn inert<'a>(block: Block<'a>, problems: &mut StepProblems) -> Block<'a> {
    let raw: String = block
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Html(text) | Event::InlineHtml(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    let Some(name) = forbidden_attribute(&raw) else {
        return block;
    };
    problems.push(format!(
        "its HTML has the attribute {name} and is shown as text: a lesson's HTML may not run scripts or set styles."
    ));
    block
        .into_iter()
        .map(|(event, at)| match event {
            Event::Html(text) | Event::InlineHtml(text) => (Event::Text(text), at),
            other => (other, at),
        })
        .collect()
}

/// The first attribute in the tags of `html` that is an event handler or `style`.
fn forbidden_attribute(html: &str) -> Option<String> {
    /// Where the scan is inside a tag.
    enum At {
        Name,
        ValueStart,
        Unquoted,
        Quoted(char),
    }
    let separator = |c: char| c.is_whitespace() || c == '/';
    let found = |name: &str| is_forbidden(name).then(|| name.to_ascii_lowercase());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        // Past the tag's name; then its attributes, up to the `>` that is not in a value.
        let start = rest
            .find(|c: char| separator(c) || c == '>')
            .unwrap_or(rest.len());
        let mut at = At::Name;
        let mut name = String::new();
        let mut end = rest.len();
        for (i, c) in rest[start..].char_indices() {
            match at {
                At::Quoted(q) => {
                    if c == q {
                        at = At::Name;
                    }
                }
                _ if c == '>' => {
                    end = start + i + 1;
                    break;
                }
                At::Name if separator(c) || c == '=' => {
                    if let Some(name) = found(&name) {
                        return Some(name);
                    }
                    name.clear();
                    if c == '=' {
                        at = At::ValueStart;
                    }
                }
                At::Name => name.push(c),
                At::ValueStart if c == '"' || c == '\'' => at = At::Quoted(c),
                At::ValueStart if c.is_whitespace() => {}
                At::ValueStart => at = At::Unquoted,
                At::Unquoted if c.is_whitespace() => at = At::Name,
                At::Unquoted => {}
            }
        }
        if let Some(name) = found(&name) {
            return Some(name);
        }
        rest = &rest[end..];
    }
    None
}

fn is_forbidden(attribute: &str) -> bool {
    let name = attribute.to_ascii_lowercase();
    name == "style" || (name.len() > 2 && name.starts_with("on"))
}

const NO_STATE: &str = "no state link; start the step with a line like ?view=activations&fn=relu";

/// The state a step's first block starts with, and the events that remain to be shown.
fn state_line<'a>(
    text: &str,
    first: Block<'a>,
    problems: &mut StepProblems,
) -> (Option<String>, Vec<Event<'a>>) {
    let all = |block: Block<'a>| block.into_iter().map(|(event, _)| event).collect();
    let Some((Event::Start(Tag::Paragraph), paragraph)) = first.first() else {
        problems.push(NO_STATE);
        return (None, all(first));
    };
    // The first line: the paragraph's events before its first line break.
    let mut depth = 0;
    let mut end = first.len().saturating_sub(1);
    let mut line_end = paragraph.end;
    for (i, (event, range)) in first.iter().enumerate().skip(1) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::SoftBreak | Event::HardBreak if depth == 0 => {
                (end, line_end) = (i, range.start);
                break;
            }
            _ => {}
        }
    }
    let line = text
        .get(paragraph.start..line_end)
        .unwrap_or_default()
        .trim();
    let line_events = &first[1..end];
    let links = line_events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::Link { .. })))
        .count();
    let link = match line_events {
        [(Event::Start(Tag::Link { dest_url, .. }), _), .., (Event::End(TagEnd::Link), _)]
            if links == 1 =>
        {
            Some(dest_url.to_string())
        }
        _ if line.starts_with('?') => Some(line.to_string()),
        _ if is_web_link(line) && !line.contains(char::is_whitespace) => Some(line.to_string()),
        _ => None,
    };
    let Some(link) = link else {
        problems.push(NO_STATE);
        return (None, all(first));
    };
    match query_of(&link) {
        Ok(query) => {
            let rest: Vec<Event> = first.into_iter().skip(end + 1).map(|(e, _)| e).collect();
            let has_text = rest.len() > 1;
            let shown = has_text
                .then(|| std::iter::once(Event::Start(Tag::Paragraph)).chain(rest))
                .into_iter()
                .flatten()
                .collect();
            (Some(query), shown)
        }
        Err(why) => {
            problems.push(format!(
                "“{}” is not a state of the app. {why}",
                shorten(&link)
            ));
            (None, all(first))
        }
    }
}

/// What a blockquote is to the format.
enum Quote {
    Question(Question),
    /// **Question:** without **Answer:**.
    Unanswered,
    /// **Answer:** without **Question:**.
    Unasked,
    Other,
}

#[derive(PartialEq)]
enum Label {
    Question,
    Answer,
}

/// The bold label starting at `events[at]` (`**Question:**`), and where the events after it start.
fn label_at(events: &[Located], at: usize) -> Option<(Label, usize)> {
    let (Event::Start(Tag::Strong), _) = events.get(at)? else {
        return None;
    };
    let close = at
        + events[at..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Strong)))?;
    let label = match plain_text(&events[at + 1..close]).as_str() {
        "Question:" => Label::Question,
        "Answer:" => Label::Answer,
        _ => return None,
    };
    Some((label, close + 1))
}

/// A blockquote as a question and answer, when it starts with **Question:**.
fn classify(block: &Block) -> Quote {
    let Some((Event::Start(Tag::BlockQuote(_)), _)) = block.first() else {
        return Quote::Other;
    };
    let inner = block.get(1..block.len() - 1).unwrap_or_default();
    let Some((Event::Start(Tag::Paragraph), _)) = inner.first() else {
        return Quote::Other;
    };
    let after_question = match label_at(inner, 1) {
        Some((Label::Question, after)) => after,
        Some((Label::Answer, _)) => return Quote::Unasked,
        None => return Quote::Other,
    };
    // **Answer:** at the start of a later line of a paragraph of the blockquote, or of a paragraph.
    let mut depth = 1;
    let mut split = None;
    for i in after_question..inner.len() {
        let line_start = matches!(
            inner[i - 1].0,
            Event::SoftBreak | Event::HardBreak | Event::Start(Tag::Paragraph)
        );
        if depth == 1 && line_start {
            if let Some((Label::Answer, after)) = label_at(inner, i) {
                split = Some((i, after));
                break;
            }
        }
        match inner[i].0 {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    let Some((at, after_answer)) = split else {
        return Quote::Unanswered;
    };
    let events = |range: &[Located<'_>]| -> Vec<Event<'static>> {
        range.iter().map(|(e, _)| e.clone().into_static()).collect()
    };
    let open = Event::Start(Tag::Paragraph);
    let close = Event::End(TagEnd::Paragraph);
    let mut question = vec![open.clone()];
    // At a paragraph's start the question's paragraphs are already closed; after a break the
    // paragraph is closed here and the answer opens one.
    let new_paragraph = matches!(inner[at - 1].0, Event::Start(Tag::Paragraph));
    let question_end = at - 1;
    question.extend(trim_start(events(&inner[after_question..question_end])));
    if !new_paragraph {
        question.push(close);
    }
    let mut answer = vec![open];
    answer.extend(trim_start(events(&inner[after_answer..])));
    if !has_content(&answer) {
        return Quote::Unanswered;
    }
    Quote::Question(Question {
        question_html: to_html(question),
        answer_html: to_html(answer),
    })
}

/// The events without the spaces and line breaks that follow a label.
fn trim_start(mut events: Vec<Event<'static>>) -> Vec<Event<'static>> {
    while let Some(first) = events.first_mut() {
        match first {
            Event::SoftBreak | Event::HardBreak => {
                events.remove(0);
            }
            Event::Text(text) if text.trim_start().is_empty() => {
                events.remove(0);
            }
            Event::Text(text) => {
                *text = CowStr::from(text.trim_start().to_string());
                break;
            }
            _ => break,
        }
    }
    events
}

/// Whether the events show anything (text, code, HTML, a rule…), not only empty paragraphs.
fn has_content(events: &[Event]) -> bool {
    events.iter().any(|e| match e {
        Event::Text(t) => !t.trim().is_empty(),
        Event::Start(_) | Event::End(_) | Event::SoftBreak | Event::HardBreak => false,
        _ => true,
    })
}

fn to_html<'a>(events: impl IntoIterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

/// The destination of `text` when it is exactly one Markdown link or autolink.
fn markdown_link(text: &str) -> Option<String> {
    let events: Vec<Event> = Parser::new_ext(text, options()).collect();
    match events.as_slice() {
        [Event::Start(Tag::Paragraph), Event::Start(Tag::Link { dest_url, .. }), .., Event::End(TagEnd::Link), Event::End(TagEnd::Paragraph)] =>
        {
            let links = events
                .iter()
                .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
                .count();
            (links == 1).then(|| dest_url.to_string())
        }
        _ => None,
    }
}

fn is_web_link(text: &str) -> bool {
    let lower = |n: usize| text.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://")
}

/// At most 60 characters of `text`, for a message.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 60;
    let mut short: String = text.chars().take(SHOWN).collect();
    if text.chars().count() > SHOWN {
        short.push('…');
    }
    short
}
