//! The checks on `lectern.json` beyond its shape: where drafts may be written, sane speaking
//! rates, a bounded list of banned phrases. Each failure is a located settings error.

use std::path::{Component, Path};

use crate::error::{location_of, Error, Origin, Result};
use crate::settings::{check_output, locate_key, Settings};
use crate::workspace::{EVENTS_DIR, FACTS_DIR, MESSAGES_DIR, TEMPLATES_DIR};

/// Speaking rates lectern accepts, in words per minute. Real speakers range from about 100 to
/// 200; outside these bounds the estimates (and the times printed from them) are meaningless.
pub const MIN_RATE: f64 = 40.0;
pub const MAX_RATE: f64 = 400.0;

/// The most banned phrases, and the longest one, `check` looks for (every phrase is searched
/// for in every text, so the list bounds the check's time).
pub const MAX_BANNED_PHRASES: usize = 1000;
pub const MAX_BANNED_PHRASE_CHARS: usize = 200;

pub(crate) fn check(settings: &Settings, path: &Path, text: &str) -> Result<()> {
    for (lang, rate) in &settings.speaking_rates {
        if !(MIN_RATE..=MAX_RATE).contains(rate) {
            // 1e-300 as written, not as three hundred zeros.
            let shown = if *rate == 0.0 || (1e-3..1e6).contains(&rate.abs()) {
                rate.to_string()
            } else {
                format!("{rate:e}")
            };
            return Err(Error::input(format!(
                "speaking rate for `{lang}` is {shown} words a minute; it must be between {MIN_RATE} and {MAX_RATE}"
            ))
            .at(locate_path(path, text, &["speaking_rates", lang.code()]))
            .hint("speakers deliver 100 to 200 words a minute; 130 is typical in English"));
        }
    }
    let phrases = &settings.banned_phrases;
    if phrases.len() > MAX_BANNED_PHRASES {
        return Err(Error::input(format!(
            "`banned_phrases` lists {} phrases; lectern checks at most {MAX_BANNED_PHRASES}",
            phrases.len()
        ))
        .at(locate_key(path, text, "banned_phrases"))
        .hint("keep the phrases the office actually bans; merge variants into one phrase"));
    }
    if let Some(long) = phrases
        .iter()
        .find(|p| p.chars().count() > MAX_BANNED_PHRASE_CHARS)
    {
        let start: String = long.chars().take(30).collect();
        return Err(Error::input(format!(
            "a banned phrase (\"{start}…\") is longer than {MAX_BANNED_PHRASE_CHARS} characters"
        ))
        .at(locate_key(path, text, "banned_phrases"))
        .hint("a banned phrase is a few words, matched anywhere in the text"));
    }
    let output = &settings.output;
    let why = check_output(output)
        .map_err(str::to_string)
        .and_then(|()| check_output_apart(output));
    if let Err(why) = why {
        return Err(Error::input(format!("`output` is `{output}`: {why}"))
            .at(locate_key(path, text, "output"))
            .hint(
                "`output` is a folder inside the workspace, such as \"output\" or \"drafts/out\"",
            ));
    }
    Ok(())
}

/// The output folder must be apart from the content folders: inside one, drafts would be
/// loaded as content (every manifest is a `.json` file); containing one, a version folder
/// could be named like it. Compared by name, case-insensitively (as on macOS and Windows).
fn check_output_apart(output: &str) -> std::result::Result<(), String> {
    if output.chars().any(char::is_control) {
        return Err("it must not contain control characters".into());
    }
    let parts = |p: &str| -> Vec<String> {
        Path::new(p)
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n.to_string_lossy().to_lowercase()),
                _ => None,
            })
            .collect()
    };
    let out = parts(output);
    for content in [
        EVENTS_DIR,
        MESSAGES_DIR,
        FACTS_DIR,
        TEMPLATES_DIR,
        "snippets",
    ] {
        let c = parts(content);
        if out.starts_with(&c) {
            return Err(format!(
                "it is inside the content folder {content}/, where drafts would be read as content"
            ));
        }
        if c.starts_with(&out) {
            return Err(format!(
                "it contains the content folder {content}/; drafts and content must be apart"
            ));
        }
    }
    Ok(())
}

/// Where the nested key `keys[0].keys[1]…` is written in `text`, as far as it can be found.
fn locate_path(path: &Path, text: &str, keys: &[&str]) -> Origin {
    let mut at = None;
    for key in keys {
        let from = at.unwrap_or(0);
        match text[from..].find(&format!("\"{key}\"")) {
            Some(i) => at = Some(from + i),
            None => break,
        }
    }
    match at {
        Some(at) => {
            let loc = location_of(text, at);
            Origin::at(path, loc.line, loc.column)
        }
        None => Origin::file(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_apart_from_content() {
        for ok in ["output", "drafts/out", "out/events", "snippetsx", "./out"] {
            assert!(check_output_apart(ok).is_ok(), "{ok}");
        }
        for bad in [
            "events",
            "./events/x",
            "snippets/facts",
            "Snippets/Messages/x",
            "snippets",
            "templates/out",
            "out\u{0}put",
            "out\nput",
        ] {
            assert!(check_output_apart(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rates_are_bounded_and_located() {
        let text = "{\n  \"speaking_rates\": { \"en\": 130, \"fr\": 1e-300 }\n}";
        let e = Settings::parse(Path::new("lectern.json"), text).unwrap_err();
        assert_eq!(
            e.message(),
            "speaking rate for `fr` is 1e-300 words a minute; it must be between 40 and 400"
        );
        assert_eq!(e.origin().unwrap().to_string(), "lectern.json:2:34");
        for bad in ["0", "-5", "401", "1e308"] {
            let text = format!("{{\"speaking_rates\": {{\"en\": {bad}}}}}");
            assert!(Settings::parse(Path::new("l"), &text).is_err(), "{bad}");
        }
        assert!(Settings::parse(Path::new("l"), "{\"speaking_rates\": {\"en\": 40}}").is_ok());
    }
}
