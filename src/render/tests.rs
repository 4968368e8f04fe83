//! Rendering tests: snapshots of every kind in every language from a small workspace written
//! to a temporary folder, the escaping property, errors and review comments.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::document::parse::parse;
use crate::document::{Inline, Style};
use crate::library::Lang;
use crate::resolve::{resolve, Policy};
use crate::workspace::Workspace;

fn write(root: &Path, rel: &str, value: &serde_json::Value) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

fn texts(en: &str, fr: &str, es: &str, ar: &str) -> serde_json::Value {
    json!({ "en": en, "fr": fr, "es": es, "ar": ar })
}

/// A workspace with three messages, three facts (one restricted, one stale) and, per language,
/// a public event and an internal one.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "snippets/messages/messages.json",
        &json!([
            {
                "id": "cyber-borderless", "title": "Cybercrime is borderless", "topic": "cybercrime",
                "status": "approved", "approved_by": "Director, Communications", "approved_on": "2026-01-15",
                "version": 2,
                "text": texts(
                    "Criminals no longer need to cross a border to harm our citizens.\n\nOnly police cooperation that is as fast as the criminals can close that gap.",
                    "Les criminels n’ont plus besoin de franchir une frontière pour nuire à nos concitoyens.\n\nSeule une coopération policière aussi rapide que les criminels peut combler cet écart.",
                    "Los delincuentes ya no necesitan cruzar una frontera para dañar a nuestros ciudadanos.\n\nSolo una cooperación policial tan rápida como los delincuentes puede cerrar esa brecha.",
                    "لم يعد المجرمون بحاجة إلى عبور الحدود لإلحاق الأذى بمواطنينا.\n\nولا يمكن سدّ هذه الفجوة إلا بتعاون شرطي يضاهي سرعة المجرمين."
                )
            },
            {
                "id": "financial-crime", "title": "Follow the money", "topic": "financial-crime",
                "status": "approved", "approved_by": "Director, Communications", "approved_on": "2026-02-01",
                "version": 1,
                "text": texts(
                    "Every illicit profit we seize is a crime that no longer pays.",
                    "Chaque profit illicite saisi est un crime qui ne paie plus.",
                    "Cada beneficio ilícito incautado es un delito que ya no compensa.",
                    "كل ربح غير مشروع نضبطه هو جريمة لم تعد مربحة."
                )
            },
            {
                "id": "partnership", "title": "Partnership", "topic": "cooperation",
                "status": "approved", "approved_by": "Director, Communications", "approved_on": "2026-02-01",
                "version": 1,
                "text": texts(
                    "No country can do this alone: *together* we are 196 member countries.",
                    "Aucun pays ne peut y parvenir seul\u{a0}: *ensemble*, nous sommes 196 pays membres.",
                    "Ningún país puede lograrlo solo: *juntos* somos 196 países miembros.",
                    "لا يمكن لأي بلد أن يحقق ذلك بمفرده: *معاً* نحن 196 بلداً عضواً."
                )
            }
        ]),
    );
    write(
        root,
        "snippets/facts/facts.json",
        &json!([
            {
                "id": "haechi-v", "unit": "Financial Crime and Anti-Corruption Centre", "topic": "financial-crime",
                "statement": texts(
                    "Operation HAECHI V led to more than 5,500 arrests and the seizure of USD 400 million.",
                    "L’opération HAECHI V a conduit à plus de 5 500 arrestations et à la saisie de 400 millions USD.",
                    "La operación HAECHI V dio lugar a más de 5500 detenciones y a la incautación de 400 millones de USD.",
                    "أسفرت عملية هايتشي 5 عن أكثر من 5500 عملية توقيف وضبط 400 مليون دولار أمريكي."
                ),
                "figures": { "arrests": { "value": 5500, "unit": "arrests", "qualifier": "more than" },
                             "seized": { "value": 400000000, "unit": "USD" } },
                "source": { "title": "HAECHI V results", "publisher": "INTERPOL", "published": "2024-11-28",
                            "url": "https://www.interpol.int/en/News-and-Events/News/2024/HAECHI-V" },
                "as_of": "2024-11-28", "clearance": "public", "version": 1
            },
            {
                "id": "members", "unit": "Office of Legal Affairs", "topic": "cooperation",
                "statement": texts("INTERPOL has 196 member countries.", "INTERPOL compte 196 pays membres.",
                                   "INTERPOL cuenta con 196 países miembros.", "تضم الإنتربول 196 بلداً عضواً."),
                "source": { "title": "Member countries", "publisher": "INTERPOL" },
                "as_of": "2020-01-01", "clearance": "public", "version": 3
            },
            {
                "id": "ops-pipeline", "unit": "Cybercrime Directorate", "topic": "cybercrime",
                "statement": texts("Two further operations are planned for 2027.", "Deux autres opérations sont prévues pour 2027.",
                                   "Se prevén otras dos operaciones para 2027.", "من المقرر تنفيذ عمليتين أخريين في عام 2027."),
                "source": { "title": "Operational planning 2027", "publisher": "Cybercrime Directorate", "published": "2026-03-01" },
                "as_of": "2026-03-01", "clearance": "restricted", "version": 1,
                "note": "Do not confirm dates."
            }
        ]),
    );
    let titles = [
        (
            Lang::En,
            "Global Cybercrime Conference",
            "Lyon",
            "France",
            "Palais des Congrès",
            "Heads of police and partners",
        ),
        (
            Lang::Fr,
            "Conférence mondiale sur la cybercriminalité",
            "Lyon",
            "France",
            "Palais des Congrès",
            "Chefs de police et partenaires",
        ),
        (
            Lang::Es,
            "Conferencia Mundial sobre Ciberdelincuencia",
            "Buenos Aires",
            "Argentina",
            "Centro de Convenciones",
            "Jefes de policía y socios",
        ),
        (
            Lang::Ar,
            "المؤتمر العالمي لمكافحة الجريمة السيبرية",
            "الدوحة",
            "قطر",
            "مركز المؤتمرات",
            "رؤساء الشرطة والشركاء",
        ),
    ];
    for (lang, title, city, country, venue, audience) in titles {
        let code = lang.code();
        write(
            root,
            &format!("events/public-{code}.json"),
            &json!({
                "id": format!("conf-{code}"), "title": title,
                "outputs": ["speech", "blog", "press-briefing"],
                "starts_at": "2026-12-03T10:00:00+01:00",
                "embargo_until": "2026-12-03T10:00:00+01:00",
                "city": city, "country": country, "venue": venue, "audience": audience,
                "speaker": { "name": "Valdecy Urquiza", "role": "Secretary General" },
                "language": code, "target": { "minutes": 8 },
                "messages": ["cyber-borderless", "financial-crime", "partnership"],
                "facts": ["haechi-v", "members"],
                "qa": [{ "question": "What did HAECHI V achieve?", "messages": ["financial-crime"], "facts": ["haechi-v"] }],
                "contacts": [{ "name": "Press Office", "role": "Media relations", "email": "press@interpol.int", "phone": "+33 4 72 44 76 76" }]
            }),
        );
        write(
            root,
            &format!("events/internal-{code}.json"),
            &json!({
                "id": format!("brief-{code}"), "title": title,
                "outputs": ["briefing-note"],
                "starts_at": "2026-12-03T10:00:00+01:00",
                "city": city, "country": country, "venue": venue, "audience": audience,
                "speaker": { "name": "Valdecy Urquiza", "role": "Secretary General" },
                "language": code,
                "messages": ["cyber-borderless", "partnership"],
                "facts": ["ops-pipeline", "members"],
                "qa": [{ "question": "Are more operations planned?", "messages": ["cyber-borderless"], "facts": ["ops-pipeline"] }],
                "contacts": [{ "name": "Press Office", "email": "press@interpol.int" }],
                "notes": "Arrive 30 minutes early.\n\nThe Minister may join the panel."
            }),
        );
    }
    dir
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn render_event(ws: &Workspace, event: &str, kind: Kind, allow: bool) -> Result<Rendered> {
    let templates = Templates::load(&ws.templates_dir())?;
    let ev = ws.event(event)?;
    let draft = resolve(
        ws,
        ev,
        kind,
        Policy {
            today: today(),
            allow_unapproved: allow,
        },
    )?;
    render(&templates, &draft)
}

#[test]
fn snapshots_of_every_kind_in_every_language() {
    let dir = workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    for lang in Lang::ALL {
        for kind in Kind::ALL {
            let event = if kind == Kind::BriefingNote {
                format!("brief-{lang}")
            } else {
                format!("conf-{lang}")
            };
            let r = render_event(&ws, &event, kind, false).unwrap();
            // Every draft parses, and every comment marker refers to a comment.
            let doc = parse(&r.markdown, r.comments.clone());
            assert!(doc.title().is_some(), "{kind} {lang} has a title");
            let name = format!("{}_{}", kind.name(), lang.code());
            insta::assert_snapshot!(name, r.markdown);
        }
    }
}

#[test]
fn template_ref_is_builtin_and_hashed() {
    let t = Templates::load(Path::new("/nonexistent/templates")).unwrap();
    let r = t.template_ref(Kind::Speech);
    assert_eq!(r.name, "builtin:speech");
    assert_eq!(r.hash.len(), 64);
    assert_ne!(r.hash, t.template_ref(Kind::Blog).hash);
    let (src, name) = t.source(Kind::Speech);
    assert_eq!(name, "builtin:speech");
    assert_eq!(src, builtin(Kind::Speech));
}

#[test]
fn overrides_and_partials_are_used_and_hashed() {
    let dir = workspace();
    let tpl = dir.path().join("templates");
    std::fs::create_dir_all(tpl.join("partials")).unwrap();
    std::fs::write(
        tpl.join("speech.hbs"),
        "# {{event.title}}\n\n{{> closing}}\n",
    )
    .unwrap();
    std::fs::write(
        tpl.join("partials/closing.hbs"),
        "{{label \"thank_you\"}}\n",
    )
    .unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let r = render_event(&ws, "conf-fr", Kind::Speech, false).unwrap();
    assert_eq!(
        r.markdown,
        "# Conférence mondiale sur la cybercriminalité\n\nJe vous remercie.\n"
    );
    assert_eq!(r.template.name, "templates/speech.hbs");
    let before = r.template.hash;
    std::fs::write(tpl.join("partials/closing.hbs"), "{{label \"ends\"}}\n").unwrap();
    let r = render_event(&ws, "conf-fr", Kind::Speech, false).unwrap();
    assert_ne!(
        r.template.hash, before,
        "a partial's change changes the hash"
    );
}

fn load_error(files: &[(&str, &str)]) -> Error {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join("templates").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    Templates::load(&dir.path().join("templates")).unwrap_err()
}

#[test]
fn syntax_errors_name_file_line_and_column() {
    let e = load_error(&[("blog.hbs", "# Title\n\n{{#if event.city}}\nno end\n")]);
    let o = e.origin().unwrap();
    // The path as it can be opened from the current folder.
    assert!(
        o.path.is_absolute() && o.path.ends_with("templates/blog.hbs"),
        "{o}"
    );
    assert!(o.location.is_some(), "{e:?}");
    assert!(
        e.message().starts_with("template syntax error"),
        "{}",
        e.message()
    );
}

#[test]
fn partial_cycles_are_refused() {
    let e = load_error(&[
        ("partials/a.hbs", "{{> b}}"),
        ("partials/b.hbs", "x {{> a}}"),
    ]);
    assert!(e.message().contains("cycle: a → b → a"), "{}", e.message());
    let e = load_error(&[("partials/self.hbs", "{{#if x}}{{> self}}{{/if}}")]);
    assert!(e.message().contains("cycle"), "{}", e.message());
    let e = load_error(&[("speech.hbs", "{{> missing}}")]);
    assert!(e.message().contains("partial `missing`"), "{}", e.message());
}

#[test]
fn strict_mode_and_unknown_ids_are_located_errors() {
    let dir = workspace();
    let tpl = dir.path().join("templates");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(
        tpl.join("speech.hbs"),
        "# {{event.title}}\n\n{{event.nope}}\n",
    )
    .unwrap();
    std::fs::write(tpl.join("blog.hbs"), "# T\n\n\n{{message \"unknown\"}}\n").unwrap();
    std::fs::write(
        tpl.join("press-briefing.hbs"),
        "# T\n\n{{label \"nope\"}}\n",
    )
    .unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let e = render_event(&ws, "conf-en", Kind::Speech, false).unwrap_err();
    assert_eq!(
        e.origin().unwrap().to_string(),
        format!("{}:3:1", tpl.join("speech.hbs").display()),
        "{}",
        e.message()
    );
    assert!(e.message().contains("event.nope"), "{}", e.message());
    let e = render_event(&ws, "conf-en", Kind::Blog, false).unwrap_err();
    assert_eq!(
        e.origin().unwrap().to_string(),
        format!("{}:4:1", tpl.join("blog.hbs").display())
    );
    assert!(e.message().contains("message `unknown`"), "{}", e.message());
    let e = render_event(&ws, "conf-en", Kind::PressBriefing, false).unwrap_err();
    assert!(
        e.message().contains("unknown label `nope`"),
        "{}",
        e.message()
    );
}

#[test]
fn not_cleared_messages_and_stale_facts_become_comments() {
    let dir = workspace();
    write(
        dir.path(),
        "snippets/messages/draft.json",
        &json!({
            "id": "pending", "title": "Pending", "topic": "x", "status": "draft", "version": 1,
            "text": { "en": "First paragraph.\n\nSecond paragraph." }
        }),
    );
    write(
        dir.path(),
        "events/pending.json",
        &json!({
            "id": "pending-event", "title": "T", "outputs": ["speech"],
            "starts_at": "2026-12-03T10:00:00+01:00", "speaker": { "name": "S" }, "language": "en",
            "messages": ["pending"], "facts": ["members"]
        }),
    );
    let ws = Workspace::open(dir.path()).unwrap();
    let r = render_event(&ws, "pending-event", Kind::Speech, true).unwrap();
    assert_eq!(r.comments.len(), 2);
    assert_eq!(r.comments[0].author, "lectern");
    assert_eq!(
        r.comments[0].text,
        "NOT CLEARED: message `pending` has status draft (not approved)"
    );
    assert!(r.comments[1]
        .text
        .starts_with("Stale fact `members`: as_of 2020-01-01"));
    let doc = parse(&r.markdown, r.comments.clone());
    let first = doc
        .blocks
        .iter()
        .position(|b| b.plain_text() == "First paragraph.")
        .unwrap();
    assert_eq!(doc.blocks[first].inlines[0], Inline::CommentStart(0));
    assert_eq!(
        doc.blocks[first + 1].inlines.last(),
        Some(&Inline::CommentEnd(0))
    );
    assert!(r.markdown.starts_with("**NOT CLEARED**"));
}

#[test]
fn figures_dates_and_numbers_helpers() {
    let dir = workspace();
    let tpl = dir.path().join("templates");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(
        tpl.join("blog.hbs"),
        "# T\n\n{{figure \"haechi-v\" \"arrests\"}}; {{figure \"haechi-v\" \"seized\"}}; {{date event.starts_at \"datetime\"}}; {{date \"2026-05-01\"}}; {{number 1234.5}}; {{date event.starts_at \"time\"}}\n",
    )
    .unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let r = render_event(&ws, "conf-fr", Kind::Blog, false).unwrap();
    let doc = parse(&r.markdown, Vec::new());
    assert_eq!(
        doc.blocks[1].plain_text(),
        "more than 5\u{202F}500 arrests; 400\u{202F}000\u{202F}000 USD; 3 décembre 2026 à 10\u{a0}h\u{a0}00; 1er mai 2026; 1\u{202F}234,5; 10\u{a0}h\u{a0}00"
    );
    let r = render_event(&ws, "conf-en", Kind::Blog, false).unwrap();
    let doc = parse(&r.markdown, Vec::new());
    assert!(doc.blocks[1]
        .plain_text()
        .starts_with("more than 5,500 arrests; 400,000,000 USD; 3 December 2026, 10:00"));
}

#[test]
fn templates_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Templates>();
}

/// Render `{{v}}` surrounded by `before`/`after` through the real registry and parse it.
fn through_template(before: &str, value: &str, after: &str) -> String {
    let mut reg = Handlebars::new();
    reg.set_strict_mode(true);
    reg.register_escape_fn(escape::escape_value);
    let src = format!("{before}{{{{v}}}}{after}");
    let md = reg.render_template(&src, &json!({ "v": value })).unwrap();
    let doc = parse(&md, Vec::new());
    doc.paragraphs().collect::<Vec<_>>().join("\n\n")
}

fn data_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("*".to_string()),
            Just("_".to_string()),
            Just("#".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("&".to_string()),
            Just("`".to_string()),
            Just("```".to_string()),
            Just("{{".to_string()),
            Just("}}".to_string()),
            Just("<b>x</b>".to_string()),
            Just("<span data-lectern-comment=\"0\">".to_string()),
            Just("&amp;".to_string()),
            Just("&#32;".to_string()),
            Just("\\".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just(" ".to_string()),
            Just("    ".to_string()),
            Just("1. ".to_string()),
            Just("- ".to_string()),
            Just("> ".to_string()),
            Just("---".to_string()),
            Just("===".to_string()),
            Just("[^x]".to_string()),
            Just("![a](b)".to_string()),
            Just("http://x.org".to_string()),
            Just("السلام عليكم".to_string()),
            Just("\u{200F}".to_string()),
            Just("\u{202E}".to_string()),
            Just("🎉👩‍👩‍👧".to_string()),
            Just("e\u{301}".to_string()),
            Just("\u{a0}".to_string()),
            Just("\u{202F}".to_string()),
            Just("\u{2028}".to_string()),
            Just("\u{0b}\u{0c}\u{1b}".to_string()),
            "[a-z0-9]{1,4}",
            "\\PC{1,2}",
        ],
        1..10,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]
    #[test]
    fn any_data_string_survives_literally(value in data_string()) {
        let expected = value.replace('\r', "");
        prop_assert_eq!(through_template("", &value, "\n"), expected.clone());
        prop_assert_eq!(through_template("A ", &value, " B\n"), format!("A {expected} B"));
        prop_assert_eq!(through_template("- ", &value, "\n"), expected.clone());
        prop_assert_eq!(through_template("**x** ", &value, "\n"), format!("x {expected}"));
        // In a heading, a line break stays inside the heading.
        prop_assert_eq!(through_template("# ", &value, "\n\nAfter\n"), format!("{expected}\n\nAfter"));
        prop_assert_eq!(through_template("## Q: ", &value, "\n"), format!("Q: {expected}"));
    }
}

#[test]
fn emphasis_in_data_stays_literal_in_a_message() {
    let dir = workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let r = render_event(&ws, "conf-en", Kind::Speech, false).unwrap();
    let doc = parse(&r.markdown, Vec::new());
    let para = doc
        .blocks
        .iter()
        .find(|b| b.plain_text().starts_with("No country"))
        .unwrap();
    assert_eq!(
        para.inlines,
        vec![Inline::Text {
            text: "No country can do this alone: *together* we are 196 member countries.".into(),
            style: Style::default(),
            link: None
        }]
    );
}

/// Every output of every event in the repository's sample workspace renders and parses.
#[test]
fn sample_workspace_renders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(ws) = Workspace::open(root) else {
        return; // the sample content is checked by `lectern check`, not here
    };
    let templates = Templates::load(&ws.templates_dir()).unwrap();
    let mut rendered = 0;
    for ev in ws.events.values() {
        for kind in &ev.item.outputs {
            let policy = Policy {
                today: today(),
                allow_unapproved: true,
            };
            let Ok(draft) = resolve(&ws, ev, *kind, policy) else {
                continue;
            };
            let r = render(&templates, &draft)
                .unwrap_or_else(|e| panic!("{} {kind}: {}", ev.item.id, e.message()));
            let doc = parse(&r.markdown, r.comments.clone());
            assert!(doc.title().is_some());
            if std::env::var_os("LECTERN_SHOW").is_some() {
                eprintln!("===== {} {kind}\n{}", ev.item.id, r.markdown);
            }
            rendered += 1;
        }
    }
    assert!(rendered > 0 || ws.events.is_empty());
}

/// The stack a render within the limits needs, measured: the kind's template and a chain of
/// `MAX_PARTIAL_DEPTH` partials, each nesting `MAX_BLOCK_DEPTH` blocks, with a probe helper at
/// the bottom recording how much stack is left there.
#[test]
fn the_deepest_template_within_the_limits_renders_on_a_render_stack() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static LEFT: AtomicUsize = AtomicUsize::new(usize::MAX);
    struct Probe;
    impl handlebars::HelperDef for Probe {
        fn call<'reg: 'rc, 'rc>(
            &self,
            _: &handlebars::Helper<'rc>,
            _: &'reg Handlebars<'reg>,
            _: &'rc Context,
            _: &mut handlebars::RenderContext<'reg, 'rc>,
            out: &mut dyn handlebars::Output,
        ) -> handlebars::HelperResult {
            LEFT.fetch_min(stacker::remaining_stack().unwrap_or(0), Ordering::SeqCst);
            out.write("bottom")?;
            Ok(())
        }
    }
    let n = limits::MAX_BLOCK_DEPTH;
    let nest = |inner: &str| {
        format!(
            "{}{inner}{}",
            "{{#if @root.event.title}}{{#with @root.event}}".repeat(n / 2),
            "{{/with}}{{/if}}".repeat(n / 2)
        )
    };
    let depth = limits::MAX_PARTIAL_DEPTH;
    let partials: Vec<(String, String)> = (0..depth)
        .map(|i| {
            let inner = if i + 1 < depth {
                format!("{{{{> p{}}}}}", i + 1)
            } else {
                "{{probe}}".to_string()
            };
            (format!("p{i}"), nest(&inner))
        })
        .collect();
    let partials: Vec<(&str, &str)> = partials
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let speech = nest("{{> p0}}");
    let mut templates = Templates::from_sources(&[(Kind::Speech, &speech)], &partials).unwrap();
    templates.registry.register_helper("probe", Box::new(Probe));

    with_speech_draft(|draft| {
        deepest_render_checks(&templates, draft, depth, n, &LEFT);
    });
}

/// The speech of the test workspace's English event, resolved, given to `f`.
fn with_speech_draft<R>(f: impl FnOnce(&Resolved<'_>) -> R) -> R {
    let dir = workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let ev = ws.event("conf-en").unwrap();
    let policy = Policy {
        today: today(),
        allow_unapproved: true,
    };
    let draft = resolve(&ws, ev, Kind::Speech, policy).unwrap();
    f(&draft)
}

fn deepest_render_checks(
    templates: &Templates,
    draft: &Resolved<'_>,
    depth: usize,
    n: usize,
    left: &std::sync::atomic::AtomicUsize,
) {
    use std::sync::atomic::Ordering;
    // On a thread with a small stack, as a batch worker or a library caller might have.
    let (rendered, top) = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn_scoped(s, || {
                stacker::maybe_grow(
                    limits::RENDER_STACK_BYTES,
                    limits::RENDER_STACK_BYTES,
                    || {
                        let top = stacker::remaining_stack().unwrap();
                        (render_here(templates, draft), top)
                    },
                )
            })
            .unwrap()
            .join()
            .unwrap()
    });
    let rendered = rendered.unwrap();
    assert!(rendered.markdown.contains("bottom"));
    let used = top - left.load(Ordering::SeqCst);
    let levels = (depth + 1) * (n + 1);
    eprintln!(
        "deepest render: {levels} levels, {} KB of stack, {} bytes a level",
        used / 1024,
        used / levels
    );
    // The render stack has room for twice the deepest render at least.
    assert!(2 * used < limits::RENDER_STACK_BYTES, "{used} bytes");
    // And `render` itself runs it on such a stack from any thread.
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn_scoped(s, || drop(render(templates, draft).unwrap()))
            .unwrap()
            .join()
            .unwrap();
    });
}

fn render_speech_template(speech: &str) -> Result<Rendered> {
    let templates = Templates::from_sources(&[(Kind::Speech, speech)], &[]).unwrap();
    with_speech_draft(|draft| render(&templates, draft))
}

/// lectern's `each` keeps handlebars' meaning: `@index`, `@first`, `@last`, `@key`, block
/// parameters, `../`, `{{else}}` for an empty list, objects walked in order.
#[test]
fn each_keeps_the_meaning_of_handlebars_each() {
    let speech = "{{#each messages}}{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}:{{id}}@{{../event.id}};{{/each}}\n\n\
        {{#each messages as |m i|}}{{i}}={{m.id}} {{/each}}\n\n\
        {{#each event.nothing}}x{{else}}empty{{/each}}\n\n\
        {{#each speaker}}{{@key}}={{this}} {{/each}}\n";
    let out = render_speech_template(speech).unwrap().markdown;
    let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "0F:cyber-borderless@conf-en;1:financial-crime@conf-en;2L:partnership@conf-en;"
    );
    assert_eq!(
        lines[1],
        "0=cyber-borderless 1=financial-crime 2=partnership "
    );
    assert_eq!(lines[2], "empty");
    assert!(lines[3].starts_with("name="), "{}", lines[3]);
}

/// Loops nested in loops that print nothing are stopped by the loop budget, as a located error,
/// instead of running for hours (fourteen levels over
/// three messages are 3¹⁴, 4.8 million, iterations at the innermost level alone).
#[test]
fn nested_loops_that_print_nothing_stop_at_the_loop_budget() {
    let depth = 14;
    let speech = format!(
        "# T\n\n{}{}\n",
        "{{#each @root.messages}}".repeat(depth),
        "{{/each}}".repeat(depth)
    );
    let e = render_speech_template(&speech).unwrap_err();
    assert!(
        e.message()
            .contains("the template's loops repeat more than 2000000 times"),
        "{}",
        e.message()
    );
    assert!(
        e.origin()
            .unwrap()
            .to_string()
            .starts_with("templates/speech.hbs:3:"),
        "{}",
        e.origin().unwrap()
    );
}
