//! `house_style` as `lectern check` sees it: each file it names is opened and prepared exactly
//! as a draft would (through the capped reader), so a missing, unreadable or broken house style
//! is the same located error `draft` gives; a house style none of whose styles lectern uses,
//! and languages of events that have no entry, are warnings.

use std::collections::BTreeMap;

use super::{load_finding, Finding};
use crate::settings::{locate_key, HouseStyle, Settings};
use crate::workspace::Workspace;

pub(super) fn check(ws: &Workspace, findings: &mut Vec<Finding>) {
    let Some(setting) = &ws.settings.house_style else {
        return;
    };
    let mut paths: Vec<&str> = match setting {
        HouseStyle::One(p) => vec![p.as_str()],
        HouseStyle::ByLanguage(m) => m.values().map(String::as_str).collect(),
    };
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        match crate::draft::house_style_at(&ws.root, path) {
            Err(e) => findings.push(load_finding(&e, "house-style")),
            Ok(h) if !h.roles().iter().any(|r| r.from_house) => findings.push(
                Finding::warning(
                    "house-style",
                    format!(
                        "house_style: {path} has no style lectern uses: every role takes the built-in look"
                    ),
                )
                .at(&Settings::locate(&ws.root, path))
                .hint("lectern finds styles by name (Normal, Title, Heading 1 ...); `lectern style show` lists what it looks for"),
            ),
            Ok(_) => {}
        }
    }
    if let HouseStyle::ByLanguage(m) = setting {
        if m.contains_key("default") {
            return;
        }
        // Languages drafted without an entry, with their events.
        let mut missing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for e in ws.events.values() {
            let code = e.item.language.code();
            if !m.contains_key(code) {
                missing
                    .entry(code)
                    .or_default()
                    .push(format!("`{}`", e.item.id));
            }
        }
        let file = ws.root.join(Settings::FILE);
        let file = file.strip_prefix(".").unwrap_or(&file).to_path_buf();
        let text =
            crate::capped::read_text(&file, &file, crate::capped::SETTINGS).unwrap_or_default();
        for (code, events) in missing {
            let shown = if events.len() > 3 {
                format!("{} and {} more", events[..3].join(", "), events.len() - 3)
            } else {
                events.join(", ")
            };
            findings.push(
                Finding::warning(
                    "house-style",
                    format!(
                        "house_style has no `{code}` and no `default` entry: drafts in `{code}` ({shown}) take the built-in look"
                    ),
                )
                .at(&locate_key(&file, &text, "house_style"))
                .hint(format!(
                    "add \"{code}\": \"style/house-{code}.docx\" (or a \"default\") to house_style"
                )),
            );
        }
    }
}
