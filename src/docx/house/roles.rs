//! Roles: which style of the house style sheet plays each part lectern writes (Title,
//! Heading 1, List Bullet ...). A role is found by the style's *name*, without case, never by
//! its id: a French Word writes `Titre1` for the style named `heading 1`. A role the house lacks
//! gets lectern's own definition, added under an id that collides with nothing. The speech
//! reading-copy rules (large type, 1.5–2.0 lines, paragraphs kept whole, headings kept with
//! the next paragraph) are then applied on top of whichever style plays the role.

use super::tree::{El, Node};

/// The style ids the writer puts in a draft, by what they are used for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StyleIds {
    pub(crate) normal: String,
    pub(crate) title: String,
    pub(crate) subtitle: String,
    pub(crate) heading: [String; 3],
    pub(crate) list_bullet: String,
    pub(crate) list_number: String,
    pub(crate) quote: String,
    pub(crate) footnote_text: String,
    pub(crate) footnote_ref: String,
    pub(crate) table: String,
    pub(crate) caption: String,
    pub(crate) comment_text: String,
    pub(crate) comment_ref: String,
    pub(crate) header: String,
    pub(crate) footer: String,
    pub(crate) hyperlink: String,
    pub(crate) code: String,
}

/// One role: how `style show` names it, the style type, the names that play it (first
/// found wins), the built-in id, and whether `style show` lists it (the others are lectern's
/// working styles: header, comments, links, code).
pub(crate) struct RoleDef {
    pub(crate) label: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) names: &'static [&'static str],
    pub(crate) builtin: &'static str,
    pub(crate) listed: bool,
}

const fn role(
    label: &'static str,
    kind: &'static str,
    names: &'static [&'static str],
    builtin: &'static str,
    listed: bool,
) -> RoleDef {
    RoleDef {
        label,
        kind,
        names,
        builtin,
        listed,
    }
}

/// Every role, in `StyleIds` field order.
pub(crate) const ROLES: [RoleDef; 19] = [
    role("Normal", "paragraph", &["normal"], "Normal", true),
    role("Title", "paragraph", &["title"], "Title", true),
    role("Subtitle", "paragraph", &["subtitle"], "Subtitle", true),
    role("Heading 1", "paragraph", &["heading 1"], "Heading1", true),
    role("Heading 2", "paragraph", &["heading 2"], "Heading2", true),
    role("Heading 3", "paragraph", &["heading 3"], "Heading3", true),
    role(
        "List Bullet",
        "paragraph",
        &["list bullet"],
        "ListBullet",
        true,
    ),
    role(
        "List Number",
        "paragraph",
        &["list number"],
        "ListNumber",
        true,
    ),
    role(
        "Quote",
        "paragraph",
        &["quote", "block text"],
        "Quote",
        true,
    ),
    role(
        "Footnote Text",
        "paragraph",
        &["footnote text"],
        "FootnoteText",
        true,
    ),
    role(
        "Footnote Reference",
        "character",
        &["footnote reference"],
        "FootnoteReference",
        true,
    ),
    role(
        "Table",
        "table",
        &["table", "table grid"],
        "TableGrid",
        true,
    ),
    role("Caption", "paragraph", &["caption"], "Caption", true),
    role(
        "Comment Text",
        "paragraph",
        &["annotation text"],
        "CommentText",
        false,
    ),
    role(
        "Comment Reference",
        "character",
        &["annotation reference"],
        "CommentReference",
        false,
    ),
    role("Header", "paragraph", &["header"], "Header", false),
    role("Footer", "paragraph", &["footer"], "Footer", false),
    role("Hyperlink", "character", &["hyperlink"], "Hyperlink", false),
    role("Code", "character", &["html code"], "Code", false),
];

impl StyleIds {
    fn from_vec(v: Vec<String>) -> StyleIds {
        let mut it = v.into_iter();
        let mut next = || it.next().unwrap_or_default();
        StyleIds {
            normal: next(),
            title: next(),
            subtitle: next(),
            heading: [next(), next(), next()],
            list_bullet: next(),
            list_number: next(),
            quote: next(),
            footnote_text: next(),
            footnote_ref: next(),
            table: next(),
            caption: next(),
            comment_text: next(),
            comment_ref: next(),
            header: next(),
            footer: next(),
            hyperlink: next(),
            code: next(),
        }
    }

    /// The ids of lectern's own style sheet.
    pub(crate) fn builtin() -> &'static StyleIds {
        static IDS: std::sync::OnceLock<StyleIds> = std::sync::OnceLock::new();
        IDS.get_or_init(|| StyleIds::from_vec(ROLES.iter().map(|r| r.builtin.into()).collect()))
    }
}

/// Where a role's style comes from, for `style show`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RoleUse {
    pub(crate) label: &'static str,
    pub(crate) listed: bool,
    pub(crate) id: String,
    pub(crate) name: String,
    /// Found in the house style (false: lectern's definition was added).
    pub(crate) from_house: bool,
}

/// The name of a style element, as written.
fn style_name(s: &El) -> Option<String> {
    s.child("w:name")
        .and_then(|n| n.attr("w:val"))
        .map(super::tree::unescape)
}

fn style_id(s: &El) -> Option<&str> {
    s.attr("w:styleId")
}

fn style_type(s: &El) -> &str {
    s.attr("w:type").unwrap_or("paragraph")
}

/// The house style that plays `def`, if any.
fn find<'a>(styles: &'a El, def: &RoleDef) -> Option<&'a El> {
    let all: Vec<&El> = styles
        .elements()
        .filter(|s| s.is("w:style") && style_type(s) == def.kind && style_id(s).is_some())
        .collect();
    for want in def.names {
        if let Some(s) = all
            .iter()
            .find(|s| style_name(s).is_some_and(|n| n.trim().eq_ignore_ascii_case(want)))
        {
            return Some(s);
        }
    }
    // A sheet may name its body style otherwise; the default paragraph style plays Normal.
    if def.builtin == "Normal" {
        return all
            .iter()
            .find(|s| matches!(s.attr("w:default"), Some("1" | "true" | "on")))
            .copied();
    }
    None
}

/// Merge: find each role in `house` (the house `w:styles` element, changed in place), add
/// lectern's definition (from `builtin`, lectern's own `w:styles` for the kind) for those it
/// lacks, mark Normal as the default paragraph style, and apply the reading-copy rules when
/// `speech`. Returns the ids and where each role comes from.
pub(crate) fn merge(house: &mut El, builtin: &El, speech: bool) -> (StyleIds, Vec<RoleUse>) {
    let mut uses = Vec::with_capacity(ROLES.len());
    let mut missing: Vec<usize> = Vec::new();
    for (k, def) in ROLES.iter().enumerate() {
        match find(house, def) {
            Some(s) => uses.push(RoleUse {
                label: def.label,
                listed: def.listed,
                id: style_id(s).unwrap_or_default().to_string(),
                name: style_name(s).unwrap_or_default(),
                from_house: true,
            }),
            None => {
                missing.push(k);
                uses.push(RoleUse {
                    label: def.label,
                    listed: def.listed,
                    id: String::new(),
                    name: String::new(),
                    from_house: false,
                });
            }
        }
    }
    // Ids the added styles take: lectern's, unless the house already uses it for another
    // style.
    let taken = |house: &El, id: &str| {
        house
            .elements()
            .any(|s| s.is("w:style") && style_id(s) == Some(id))
    };
    for &k in &missing {
        let def = &ROLES[k];
        let mut id = def.builtin.to_string();
        while taken(house, &id) {
            id.push_str("Lectern");
        }
        uses[k].id = id;
        uses[k].name = builtin
            .elements()
            .find(|s| s.is("w:style") && style_id(s) == Some(def.builtin))
            .and_then(style_name)
            .unwrap_or_else(|| def.label.to_string());
    }
    let ids = StyleIds::from_vec(uses.iter().map(|u| u.id.clone()).collect());
    // lectern's definitions refer to lectern's ids (`basedOn`, `next`, `link`): point them at
    // the styles that play those roles here.
    let map = |v: &str| -> String {
        ROLES
            .iter()
            .position(|r| r.builtin == v)
            .map(|k| uses[k].id.clone())
            .unwrap_or_else(|| v.to_string())
    };
    for &k in &missing {
        let def = &ROLES[k];
        let Some(src) = builtin
            .elements()
            .find(|s| s.is("w:style") && style_id(s) == Some(def.builtin))
        else {
            continue;
        };
        let mut s = src.clone();
        s.set("w:styleId", &uses[k].id);
        s.remove_attr("w:default");
        for child in ["w:basedOn", "w:next", "w:link"] {
            if let Some(c) = s.child_mut(child) {
                let v = c.attr("w:val").unwrap_or_default().to_string();
                c.set("w:val", &map(&v));
            }
        }
        house.children.push(Node::El(s));
    }
    // Normal is the default paragraph style: exactly one paragraph style says so.
    for s in house.elements_mut() {
        if s.is("w:style") && style_type(s) == "paragraph" {
            if style_id(s) == Some(ids.normal.as_str()) {
                s.set("w:default", "1");
            } else if s.attr("w:default").is_some() {
                s.remove_attr("w:default");
            }
        }
    }
    drop_dangling_references(house);
    if speech {
        apply_reading_copy(house, &ids);
    }
    (ids, uses)
}

/// Remove `basedOn`, `next` and `link` that name a style the sheet does not define. Office
/// files carry them (pandoc's own reference document bases its table style on an undefined
/// `TableNormal`); ISO 29500 ignores them, so removing them changes nothing a reader shows,
/// and integrity checkers stop flagging every draft.
fn drop_dangling_references(styles: &mut El) {
    let defined: std::collections::HashSet<String> = styles
        .elements()
        .filter(|s| s.is("w:style"))
        .filter_map(|s| style_id(s).map(str::to_string))
        .collect();
    for s in styles.elements_mut() {
        if !s.is("w:style") {
            continue;
        }
        for child in ["w:basedOn", "w:next", "w:link"] {
            let dangling = s
                .child(child)
                .and_then(|c| c.attr("w:val"))
                .is_some_and(|v| !defined.contains(v));
            if dangling {
                s.remove_children(child);
            }
        }
    }
}

/// Half-points of the reading copy's body type (16 pt) and its line spacing bounds in 240ths
/// of a line (1.5 and 2.0 lines).
const SPEECH_SIZE: u32 = 32;
const SPEECH_LINE_MIN: u32 = 360;
const SPEECH_LINE_MAX: u32 = 480;

/// The speech reading-copy rules, changing `styles` in place.
pub(crate) fn apply_reading_copy(styles: &mut El, ids: &StyleIds) {
    let default_size = styles
        .child("w:docDefaults")
        .and_then(|d| d.child("w:rPrDefault"))
        .and_then(|d| d.child("w:rPr"))
        .and_then(|r| r.child("w:sz"))
        .and_then(|s| s.attr("w:val"))
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(20);
    // What Normal's size was: the small print (header, footer, notes, captions, comments)
    // keeps it rather than growing with the reading copy's body.
    let normal_size = styles
        .elements()
        .find(|s| s.is("w:style") && style_id(s) == Some(ids.normal.as_str()))
        .and_then(|s| s.child("w:rPr"))
        .and_then(|r| r.child("w:sz"))
        .and_then(|s| s.attr("w:val"))
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(default_size);
    let small = [
        ids.header.as_str(),
        ids.footer.as_str(),
        ids.footnote_text.as_str(),
        ids.caption.as_str(),
        ids.comment_text.as_str(),
    ];
    let body = [
        ids.normal.as_str(),
        ids.list_bullet.as_str(),
        ids.list_number.as_str(),
        ids.quote.as_str(),
    ];
    let headings = [
        ids.title.as_str(),
        ids.subtitle.as_str(),
        ids.heading[0].as_str(),
        ids.heading[1].as_str(),
        ids.heading[2].as_str(),
    ];
    for s in styles.elements_mut() {
        if !s.is("w:style") {
            continue;
        }
        let id = style_id(s).unwrap_or_default().to_string();
        let is_normal = id == ids.normal;
        if small.contains(&id.as_str()) {
            let rpr = s.child_or_insert("w:rPr");
            if rpr.child("w:sz").is_none() {
                for name in ["w:sz", "w:szCs"] {
                    rpr.remove_children(name);
                    rpr.children.push(Node::El(
                        El::new(name).with_attr("w:val", &normal_size.min(SPEECH_SIZE).to_string()),
                    ));
                }
            }
        }
        if body.contains(&id.as_str()) {
            let rpr = s.child_or_insert("w:rPr");
            let size = rpr
                .child("w:sz")
                .and_then(|e| e.attr("w:val"))
                .and_then(|v| v.parse::<u32>().ok());
            let effective = size.or(is_normal.then_some(default_size));
            if effective.is_some_and(|v| v < SPEECH_SIZE) {
                for name in ["w:sz", "w:szCs"] {
                    rpr.remove_children(name);
                    rpr.children.push(Node::El(
                        El::new(name).with_attr("w:val", &SPEECH_SIZE.to_string()),
                    ));
                }
            }
            let ppr = s.child_or_insert("w:pPr");
            let spacing = ppr.child("w:spacing");
            let line = spacing
                .and_then(|e| e.attr("w:line"))
                .and_then(|v| v.parse::<u32>().ok());
            let rule = spacing.and_then(|e| e.attr("w:lineRule")).unwrap_or("auto");
            let fine = rule == "auto"
                && line.is_some_and(|l| (SPEECH_LINE_MIN..=SPEECH_LINE_MAX).contains(&l));
            if !fine && (is_normal || line.is_some()) {
                let sp = ppr.child_or_insert("w:spacing");
                sp.set("w:line", &SPEECH_LINE_MIN.to_string());
                sp.set("w:lineRule", "auto");
            }
            ppr.remove_children("w:keepLines");
            ppr.children.push(Node::El(El::new("w:keepLines")));
        } else if headings.contains(&id.as_str()) {
            let ppr = s.child_or_insert("w:pPr");
            for name in ["w:keepNext", "w:keepLines"] {
                ppr.remove_children(name);
                ppr.children.push(Node::El(El::new(name)));
            }
        } else if id == ids.footnote_text || id == ids.caption {
            // Notes and captions may split across pages even in the reading copy.
            let ppr = s.child_or_insert("w:pPr");
            ppr.remove_children("w:keepLines");
            ppr.children
                .push(Node::El(El::new("w:keepLines").with_attr("w:val", "0")));
        }
    }
}
