//! `lectern.json`: optional workspace settings (DESIGN.md §7). Every field has a default, so a
//! workspace without the file works; unknown fields are errors like everywhere else.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{location_of, Error, Origin, Result};
use crate::library::Lang;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Organisation name, printed in document properties and footers.
    pub organisation: String,
    /// Default author of drafts (document properties) and of redline changes.
    pub author: String,
    /// Speaking rate, words per minute, per language.
    pub speaking_rates: BTreeMap<Lang, f64>,
    /// A fact whose `as_of` is older than this many days is stale.
    pub stale_after_days: i64,
    /// Phrases `lectern check` reports wherever they appear in message text.
    pub banned_phrases: Vec<String>,
    /// Where drafts and their history are written, relative to the workspace.
    pub output: String,
    /// Who must sign a version off before it counts as cleared (`lectern clear`). Not part of
    /// a draft's fingerprint: a policy decides a version's stage, never its content.
    #[serde(skip_serializing_if = "crate::clearance::Policy::not_in_fingerprint")]
    pub clearance: crate::clearance::Policy,
    /// The office's Word file (.docx or .dotx) whose styles, page setup, headers and footers
    /// drafts take: one path, or one per language, e.g.
    /// {"default": "style/house.docx", "ar": "style/house-ar.docx"}.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_style: Option<HouseStyle>,
}

/// `house_style`: one file for every language, or files by language (`default` for the rest).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum HouseStyle {
    One(String),
    ByLanguage(BTreeMap<String, String>),
}

impl HouseStyle {
    /// The file for `lang`, if any.
    pub fn for_lang(&self, lang: Lang) -> Option<&str> {
        match self {
            HouseStyle::One(p) => Some(p),
            HouseStyle::ByLanguage(m) => m
                .get(lang.code())
                .or_else(|| m.get("default"))
                .map(String::as_str),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            organisation: "International Criminal Police Organization".into(),
            author: "Communications Office".into(),
            speaking_rates: BTreeMap::new(),
            stale_after_days: 1095,
            banned_phrases: Vec::new(),
            output: "output".into(),
            clearance: crate::clearance::Policy::default(),
            house_style: None,
        }
    }
}

impl Settings {
    pub const FILE: &'static str = "lectern.json";

    /// Read `lectern.json` from the workspace root, or the defaults when it is absent. The
    /// file is read through the capped reader (`capped::SETTINGS`).
    pub fn load(root: &Path) -> Result<Settings> {
        let path = root.join(Self::FILE);
        let display = path.strip_prefix(".").unwrap_or(&path).to_path_buf();
        match crate::capped::read_text_opt(&path, &display, crate::capped::SETTINGS)? {
            Some(text) => Settings::parse(&display, &text),
            None => Ok(Settings::default()),
        }
    }

    /// Parse and check the text of `lectern.json` (shown as `path` in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Settings> {
        // Every problem is located; the first is reported (the rest follow once it is fixed).
        // A bound `settings_check` knows better (speaking rates) keeps its own message.
        let settings: Settings = match crate::content::read_one(path, text) {
            Ok(s) => s,
            Err(errors) => {
                if let Ok(s) = serde_json::from_str::<Settings>(text) {
                    crate::settings_check::check(&s, path, text)?;
                }
                return Err(errors.into_iter().next().expect("at least one problem"));
            }
        };
        if settings.stale_after_days < 1 {
            return Err(
                Error::input("`stale_after_days` must be at least 1").at(locate_key(
                    path,
                    text,
                    "stale_after_days",
                )),
            );
        }
        crate::settings_check::check(&settings, path, text)?;
        settings.clearance.check(path, text)?;
        if let Some(HouseStyle::ByLanguage(m)) = &settings.house_style {
            const KEYS: [&str; 5] = ["default", "en", "fr", "es", "ar"];
            if let Some(bad) = m.keys().find(|k| !KEYS.contains(&k.as_str())) {
                return Err(Error::input(format!(
                    "`house_style` has `{bad}`, which is neither `default` nor a language"
                ))
                .at(locate_key(path, text, bad))
                .hint("keys are `default`, `en`, `fr`, `es` and `ar`"));
            }
        }
        Ok(settings)
    }

    /// Where `"key"` or the string `"value"` is written in `lectern.json` under `root`: to
    /// locate errors about a setting found after loading (a house style that cannot be read).
    pub fn locate(root: &Path, needle: &str) -> Origin {
        let path = root.join(Self::FILE);
        let path = path
            .strip_prefix(".")
            .map(Path::to_path_buf)
            .unwrap_or(path);
        match crate::capped::read_text(&path, &path, crate::capped::SETTINGS) {
            Ok(text) => {
                let quoted = serde_json::to_string(needle).unwrap_or_default();
                // After the `house_style` key when there is one: another setting may hold
                // the same text.
                let from = text.find("\"house_style\"").unwrap_or(0);
                match text[from..].find(&quoted).map(|at| from + at) {
                    Some(at) => {
                        let loc = location_of(&text, at);
                        Origin::at(&path, loc.line, loc.column)
                    }
                    None => Origin::file(&path),
                }
            }
            Err(_) => Origin::file(&path),
        }
    }

    /// Words per minute for `lang`: the setting, or the organisation's defaults
    /// (en 130, fr 150, es 150, ar 110).
    pub fn speaking_rate(&self, lang: Lang) -> f64 {
        self.speaking_rates
            .get(&lang)
            .copied()
            .unwrap_or(match lang {
                Lang::En => 130.0,
                Lang::Fr | Lang::Es => 150.0,
                Lang::Ar => 110.0,
            })
    }
}

/// The output folder must stay inside the workspace: lectern writes there without asking, so a
/// setting that climbs out (`../x`, `/tmp/x`) could write anywhere the user can.
pub(crate) fn check_output(output: &str) -> std::result::Result<(), &'static str> {
    use std::path::Component;
    if output.trim().is_empty() {
        return Err("it must name a folder");
    }
    let mut depth = 0;
    for c in Path::new(output).components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err("it must be a relative path inside the workspace, without `..`")
            }
        }
    }
    if depth == 0 {
        return Err("it must be a folder below the workspace, not the workspace itself");
    }
    Ok(())
}

/// Where `"key":` is written in `text`, or just the file.
pub(crate) fn locate_key(path: &Path, text: &str, key: &str) -> Origin {
    match text.find(&format!("\"{key}\"")) {
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
    fn the_output_folder_stays_inside_the_workspace() {
        for ok in ["output", "drafts/out", "./out"] {
            assert!(check_output(ok).is_ok(), "{ok}");
        }
        for bad in ["../out", "/tmp/x", "out/../../x", "", ".", "./"] {
            assert!(check_output(bad).is_err(), "{bad}");
        }
    }
}
