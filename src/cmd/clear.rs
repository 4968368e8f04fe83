//! `lectern clear`, `lectern release` and `lectern status` (DESIGN.md §11).

use serde::Serialize;

use super::{kind_of, lang_of, CmdResult, Context};
use crate::clearance::{self, Stage};
use crate::cli::{ClearArgs, Format, ReleaseArgs};
use crate::error::{Error, Origin};
use crate::output::Paint;

/// `a/b` shown relative to the workspace.
fn rel(ctx: &Context, p: &std::path::Path) -> String {
    p.strip_prefix(&ctx.root).unwrap_or(p).display().to_string()
}

pub(super) fn clear(ctx: &Context, args: ClearArgs) -> CmdResult {
    let ws = ctx.workspace()?;
    let event = ws.event(&args.event)?;
    let id = event.item.id.as_str();
    let kind = kind_of(args.kind);
    let by = args.by.trim();
    if by.is_empty() {
        return Err(Error::input("--by: name who signs off").into());
    }
    let lang = crate::languages::one(event, lang_of(args.lang), kind, "clear")?;
    let store = crate::languages::store_in_workspace(
        &ws.root,
        &ws.settings.output,
        &event.item,
        kind,
        lang,
    );
    // "speech", or "speech.fr" for a translation (DESIGN.md §12).
    let shown = crate::languages::label(kind, lang, event.item.language);
    let v = clearance::pick(&store, id, kind, args.version.map(|v| v.0))?;
    let m = v.read_manifest()?;
    clearance::refusal(&ws, Some(event), &v, &m, ctx.today())?;
    let hashes = clearance::verified_hashes(&v, &m)?;
    let policy = &ws.settings.clearance;
    let required = policy.required(kind);
    if !required.is_empty()
        && !required
            .iter()
            .any(|r| r.trim().to_lowercase() == by.to_lowercase())
    {
        ctx.out.warning(&format!(
            "{id}/{shown}: `{by}` is not in the clearance policy for {kind} ({}): the sign-off is recorded but does not count toward clearance",
            required.join(", ")
        ));
    }
    let (path, _) = clearance::record(
        &ws.root,
        &ws.settings.output,
        id,
        kind,
        &v,
        hashes,
        by,
        args.note.as_deref(),
        chrono::Utc::now(),
    )?;
    let json = clearance::manifest_json(&v);
    let state = clearance::state(&v, json.as_ref(), policy, kind)?;
    if !ctx.out.quiet {
        println!(
            "{id}/{shown}: v{:03} signed off by {by} ({})",
            v.number,
            rel(ctx, &path)
        );
        match state.stage {
            Stage::Draft => println!(
                "{id}/{shown}: v{:03} still needs {}",
                v.number,
                state.missing.join(", ")
            ),
            stage => println!("{id}/{shown}: v{:03} is {stage}", v.number),
        }
    }
    Ok(())
}

pub(super) fn release(ctx: &Context, args: ReleaseArgs) -> CmdResult {
    let ws = ctx.workspace()?;
    let event = ws.event(&args.event)?;
    let id = event.item.id.as_str();
    let kind = kind_of(args.kind);
    let lang = crate::languages::one(event, lang_of(args.lang), kind, "release")?;
    let store = crate::languages::store_in_workspace(
        &ws.root,
        &ws.settings.output,
        &event.item,
        kind,
        lang,
    );
    let shown = crate::languages::label(kind, lang, event.item.language);
    let flag = if lang == event.item.language {
        String::new()
    } else {
        format!(" --lang {lang}")
    };
    let v = clearance::pick(&store, id, kind, args.version.map(|v| v.0))?;
    let m = v.read_manifest()?;
    clearance::refusal(&ws, Some(event), &v, &m, ctx.today())?;
    let hashes = clearance::verified_hashes(&v, &m)?;
    let json = clearance::manifest_json(&v);
    let state = clearance::state(&v, json.as_ref(), &ws.settings.clearance, kind)?;
    // Only sign-offs of the files as they are now count.
    let stale = state
        .records
        .signoffs
        .iter()
        .any(|s| s.docx_sha256 != hashes.0 || s.markdown_sha256 != hashes.1);
    if state.stage == Stage::Draft || stale {
        let missing = if state.missing.is_empty() {
            "one sign-off".to_string()
        } else {
            state.missing.join(", ")
        };
        let mut e = Error::refused(format!("v{:03} is not cleared", v.number))
            .at(Origin::file(&v.manifest));
        if stale {
            e = e.hint("a sign-off was given to other file contents than the version has now");
        }
        return Err(e
            .hint(format!(
                "it still needs {missing}: `lectern clear {id} --kind {kind}{flag} --version {} --by NAME`",
                v.number
            ))
            .into());
    }
    let path = clearance::release(&ws, event, &v, &m, chrono::Utc::now())?;
    if !ctx.out.quiet {
        println!(
            "{id}/{shown}: released v{:03} → {}",
            v.number,
            rel(ctx, &path)
        );
    }
    Ok(())
}

#[derive(Debug, Serialize)]
struct Row {
    event: String,
    kind: crate::library::Kind,
    lang: crate::library::Lang,
    /// "speech", or "speech.fr" for a translation.
    #[serde(skip)]
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<Stage>,
    missing: Vec<String>,
    damaged_signoffs: usize,
    days_left: i64,
    /// Speeches and blog posts: the speaking time, estimated (at the speaker's calibrated rate
    /// when `calibrated_on` is set) or, for a text as delivered, how long it took.
    #[serde(skip_serializing_if = "Option::is_none")]
    speaking_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calibrated_on: Option<usize>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    delivered: bool,
}

pub(super) fn status(
    ctx: &Context,
    event: Option<&str>,
    lang: Option<crate::library::Lang>,
    format: Format,
) -> CmdResult {
    let ws = ctx.workspace()?;
    let events: Vec<_> = match event {
        Some(e) => {
            let ev = ws.event(e)?;
            if let Some(l) = lang {
                crate::languages::check_has(ev, l)?;
            }
            vec![ev]
        }
        None => ws.events.values().collect(),
    };
    let today = ctx.today();
    let mut rows = Vec::new();
    // Speakers whose times are calibrated, for the line under the table.
    let mut calibrated: Vec<(String, crate::library::Lang, f64, usize)> = Vec::new();
    for ev in events {
        let id = ev.item.id.as_str();
        let pairs = ev.item.outputs.iter().flat_map(|&kind| {
            crate::languages::of(&ev.item)
                .into_iter()
                .filter(|l| lang.map_or(true, |want| want == *l))
                .map(move |l| (kind, l))
        });
        for (kind, l) in pairs {
            let store = crate::languages::store_in_workspace(
                &ws.root,
                &ws.settings.output,
                &ev.item,
                kind,
                l,
            );
            let latest = store.versions()?.pop();
            let mut spoken = (None, None, false);
            let (stage, missing, damaged) = match &latest {
                Some(v) => {
                    let json = clearance::manifest_json(v);
                    spoken = speaking_time(&ws, ev, kind, json.as_ref(), &mut calibrated);
                    let st = clearance::state(v, json.as_ref(), &ws.settings.clearance, kind)?;
                    let missing = if st.stage == Stage::Draft && st.missing.is_empty() {
                        vec!["one sign-off".to_string()]
                    } else if st.stage == Stage::Draft {
                        st.missing
                    } else {
                        Vec::new()
                    };
                    (Some(st.stage), missing, st.records.damaged.len())
                }
                None => (None, Vec::new(), 0),
            };
            rows.push(Row {
                event: id.to_string(),
                kind,
                lang: l,
                label: crate::languages::label(kind, l, ev.item.language),
                latest: latest.map(|v| v.number),
                stage,
                missing,
                damaged_signoffs: damaged,
                days_left: (ev.item.date() - today).num_days(),
                speaking_seconds: spoken.0,
                calibrated_on: spoken.1,
                delivered: spoken.2,
            });
        }
    }
    let text = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Human => {
            let o = &ctx.out;
            let w = rows.iter().map(|r| r.event.len()).max().unwrap_or(5).max(5);
            let kw = rows
                .iter()
                .map(|r| r.label.len())
                .max()
                .unwrap_or(14)
                .max(14);
            let mut s = format!(
                "{}\n",
                o.out(
                    Paint::Bold,
                    &format!(
                        "{:<w$}  {:<kw$}  {:<6}  {:<9}  {:>5}  {:>6}  MISSING",
                        "EVENT", "KIND", "LATEST", "STAGE", "DAYS", "SPOKEN"
                    )
                )
            );
            for r in &rows {
                let latest = r.latest.map_or("-".into(), |n| format!("v{n:03}"));
                let stage = r.stage.map_or("none".into(), |st| st.to_string());
                let missing = if r.latest.is_none() {
                    "no draft yet".to_string()
                } else if r.missing.is_empty() {
                    "-".to_string()
                } else {
                    r.missing.join(", ")
                };
                let spoken = match (r.speaking_seconds, r.delivered) {
                    (None, _) => "-".to_string(),
                    (Some(s), true) => crate::delivered::duration_text(s),
                    (Some(s), false) => format!("~{}", crate::length::minutes(s)),
                };
                let mut line = format!(
                    "{:<w$}  {:<kw$}  {:<6}  {:<9}  {:>5}  {spoken:>6}  {missing}",
                    r.event, r.label, latest, stage, r.days_left
                );
                if r.damaged_signoffs > 0 {
                    line.push_str(&format!(
                        "  ({} damaged sign-off record{}: run `lectern check`)",
                        r.damaged_signoffs,
                        if r.damaged_signoffs == 1 { "" } else { "s" }
                    ));
                }
                s.push_str(line.trim_end());
                s.push('\n');
            }
            for (speaker, lang, rate, n) in &calibrated {
                s.push_str(&format!(
                    "~ speeches by {speaker} ({}): {rate:.0} words a minute, {}\n",
                    lang.code(),
                    crate::calibrate::note(*n)
                ));
            }
            s
        }
    };
    super::write_stdout(text.as_bytes())
        .map_err(|e| Error::io("cannot write", "stdout".as_ref(), e))?;
    Ok(())
}

/// The speaking time `status` shows for the latest version of `kind`: `(seconds, calibrated on,
/// delivered)`. A text as delivered with a duration shows how long it took; a speech by a
/// speaker with delivered speeches, the time at their rate; other speeches and blog posts, the
/// manifest's estimate. Read kinds show none. A speaker with a calibrated rate is noted in
/// `calibrated`, for the line under the table.
fn speaking_time(
    ws: &crate::workspace::Workspace,
    ev: &crate::library::Loaded<crate::library::Event>,
    kind: crate::library::Kind,
    manifest: Option<&serde_json::Value>,
    calibrated: &mut Vec<(String, crate::library::Lang, f64, usize)>,
) -> (Option<u64>, Option<usize>, bool) {
    if !crate::length::has_speaking_time(kind) {
        return (None, None, false);
    }
    let Some(m) = manifest else {
        return (None, None, false);
    };
    let words = m.get("words").and_then(serde_json::Value::as_u64);
    let lang = m
        .get("language")
        .and_then(|l| serde_json::from_value::<crate::library::Lang>(l.clone()).ok());
    let (Some(words), Some(lang)) = (words, lang) else {
        return (None, None, false);
    };
    let speaker = &ev.item.speaker.name;
    let est = crate::calibrate::estimate(ws, speaker, lang, kind, words as usize);
    if let Some(n) = est.calibrated_on {
        if !calibrated
            .iter()
            .any(|(s, l, _, _)| s == speaker && *l == lang)
        {
            calibrated.push((speaker.clone(), lang, est.words_per_minute, n));
        }
    }
    let origin = m.get("origin");
    if origin.and_then(|o| o.get("kind")).and_then(|k| k.as_str()) == Some("delivered") {
        if let Some(s) = origin
            .and_then(|o| o.get("duration_seconds"))
            .and_then(serde_json::Value::as_u64)
        {
            return (Some(s), None, true);
        }
    }
    match est.calibrated_on {
        Some(n) => (Some(est.seconds), Some(n), false),
        None => (
            m.get("speaking_seconds")
                .and_then(serde_json::Value::as_u64),
            None,
            false,
        ),
    }
}
