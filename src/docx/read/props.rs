//! Small readers the walker shares: a run's properties, attributes, `w:sym` characters, and
//! the tidying of a paragraph's inlines.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

use super::lang::Tags;
use super::walk::Styles;
use crate::document::{BlockKind, Inline, Style, VertAlign};

/// What a run's properties say.
#[derive(Debug, Default, Clone)]
pub(super) struct RunProps {
    pub(super) style: Style,
    pub(super) hidden: bool,
    /// A tracked formatting change (author, date).
    pub(super) change: Option<(String, String)>,
    /// Its own `w:lang`, whether it is formatted as complex script (`w:rtl`, `w:cs`), and its
    /// character style's id (which may give the language).
    pub(super) lang: Tags,
    pub(super) complex: bool,
    pub(super) char_style: Option<String>,
}

/// Read a run's `w:rPr` up to its end: bold, italic, hidden, language, direction, and a
/// tracked formatting change.
pub(super) fn run_properties<R: BufRead>(
    x: &mut NsReader<R>,
    skip: &mut Vec<u8>,
    styles: &Styles,
) -> Result<RunProps, quick_xml::Error> {
    let mut buf = Vec::new();
    let mut depth = 1usize;
    let mut props = RunProps::default();
    // `w:vertAlign` of the run itself, which wins over its character style's.
    let mut own_vert = None;
    let RunProps {
        style,
        hidden,
        change,
        lang,
        complex,
        char_style,
    } = &mut props;
    loop {
        match x.read_event_into(&mut buf)? {
            Event::Start(e) => {
                let name = e.local_name();
                let on = || {
                    !matches!(
                        attr(&e, b"val").as_deref(),
                        Some("0" | "false" | "off" | "none")
                    )
                };
                match name.as_ref() {
                    b"rPrChange" => {
                        *change = Some(author_date(&e));
                        let end = e.to_end().into_owned();
                        x.read_to_end_into(end.name(), skip)?;
                        skip.clear();
                        buf.clear();
                        continue;
                    }
                    b"vertAlign" => own_vert = Some(vert_align(attr(&e, b"val").as_deref())),
                    b"b" => style.bold = on(),
                    b"i" => style.italic = on(),
                    b"vanish" => *hidden = on(),
                    b"rtl" | b"cs" => *complex |= on(),
                    b"lang" => *lang = Tags::of(&e),
                    b"rStyle" => {
                        *char_style = attr(&e, b"val");
                        if let Some((name, _)) =
                            attr(&e, b"val").and_then(|v| styles.styles.get(&v))
                        {
                            style.bold |= name == "strong";
                            style.italic |= name == "emphasis";
                            style.code |= name.contains("code") || name == "verbatim char";
                        }
                        if let Some(v) = attr(&e, b"val").and_then(|v| style_vert(styles, v)) {
                            style.vert = v;
                        }
                    }
                    _ => {}
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if let Some(v) = own_vert {
        props.style.vert = v;
    }
    Ok(props)
}

/// A `w:vertAlign` value: superscript, subscript, or the baseline (anything else).
pub(super) fn vert_align(val: Option<&str>) -> VertAlign {
    match val.map(str::trim) {
        Some("superscript") => VertAlign::Superscript,
        Some("subscript") => VertAlign::Subscript,
        _ => VertAlign::Baseline,
    }
}

/// The superscript or subscript a character style sets, following `basedOn` a few steps.
fn style_vert(styles: &Styles, id: String) -> Option<VertAlign> {
    let mut id = Some(id);
    for _ in 0..8 {
        let i = id.take()?;
        if let Some(v) = styles.verts.get(&i) {
            return Some(*v);
        }
        id = styles.styles.get(&i).and_then(|(_, based)| based.clone());
    }
    None
}

pub(super) fn author_date(e: &BytesStart<'_>) -> (String, String) {
    (
        attr(e, b"author").unwrap_or_default(),
        attr(e, b"date").unwrap_or_default(),
    )
}

/// An attribute by local name, unescaped.
pub(super) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
}

/// `w:sym`: the character it shows. Symbol-font characters are mapped to Unicode; others keep
/// their code (Word stores them in the private-use area `F0xx`).
pub(super) fn symbol(e: &BytesStart<'_>) -> Option<char> {
    let code = u32::from_str_radix(attr(e, b"char")?.trim(), 16).ok()?;
    let font = attr(e, b"font").unwrap_or_default().to_lowercase();
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    if font == "symbol" {
        if let Some(c) = symbol_font(low) {
            return Some(c);
        }
    }
    char::from_u32(code).filter(|c| !c.is_control())
}

/// The Symbol font's encoding, for the characters people insert with Insert → Symbol.
fn symbol_font(code: u32) -> Option<char> {
    const GREEK_UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const GREEK_LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    let c = match code {
        0x41..=0x5A => GREEK_UPPER.chars().nth((code - 0x41) as usize)?,
        0x61..=0x7A => GREEK_LOWER.chars().nth((code - 0x61) as usize)?,
        0xA5 => '∞',
        0xB0 => '°',
        0xB1 => '±',
        0xB3 => '≥',
        0xA3 => '≤',
        0xB4 => '×',
        0xB8 => '÷',
        0xB9 => '≠',
        0xBB => '≈',
        0xB7 => '•',
        0xBC => '…',
        0xAE => '→',
        0xAC => '←',
        0xAD => '↑',
        0xAF => '↓',
        0xD2 | 0xE2 => '®',
        0xD3 | 0xE3 => '©',
        0xD4 | 0xE4 => '™',
        0xD6 => '√',
        0xE5 => '∑',
        0xA7 => '♣',
        0xA8 => '♦',
        0xA9 => '♥',
        0xAA => '♠',
        0x20..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E => char::from_u32(code)?,
        _ => return None,
    };
    Some(c)
}

/// Adjacent text inlines of one style and link become one.
pub(super) fn merge_text(inlines: &mut Vec<Inline>) {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines.drain(..) {
        if let (
            Some(Inline::Text { text, style, link }),
            Inline::Text {
                text: t2,
                style: s2,
                link: l2,
            },
        ) = (out.last_mut(), &i)
        {
            if style == s2 && link == l2 {
                text.push_str(t2);
                continue;
            }
        }
        out.push(i);
    }
    *inlines = out;
}

/// A note's text starts after the reference mark and Word's space: trim leading blanks.
pub(super) fn trim_start(inlines: &mut Vec<Inline>) {
    while let Some(first) = inlines.first_mut() {
        match first {
            Inline::Text { text, .. } => {
                let t = text.trim_start();
                if t.is_empty() {
                    inlines.remove(0);
                    continue;
                }
                if t.len() != text.len() {
                    *text = t.to_string();
                }
                break;
            }
            Inline::Tab => {
                inlines.remove(0);
            }
            _ => break,
        }
    }
}

/// The block a paragraph is, from its style's name (following `basedOn` a few steps, so a
/// custom style based on a heading is a heading) and its numbering.
pub(super) fn kind_of(styles: &Styles, style: Option<&str>, num: Option<(u32, u8)>) -> BlockKind {
    // The style's name, following `basedOn` a few steps for custom heading styles.
    let mut names = Vec::new();
    let mut id = style.map(str::to_string);
    for _ in 0..8 {
        let Some(i) = id.take() else { break };
        match styles.styles.get(&i) {
            Some((name, based)) => {
                names.push(
                    name.chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>(),
                );
                id = based.clone();
            }
            None => names.push(i.to_lowercase()),
        }
    }
    for compact in &names {
        if compact == "title" {
            return BlockKind::Title;
        }
        if let Some(n) = compact.strip_prefix("heading") {
            if let Ok(n) = n.parse::<u8>() {
                return BlockKind::Heading(n.clamp(1, 3));
            }
        }
        if compact.contains("quote") || compact == "quotations" {
            return BlockKind::Quote;
        }
    }
    let level = num.map_or(0, |n| n.1);
    if let Some((id, _)) = num {
        // numId 0 means "no numbering" (a list style switched off for this paragraph).
        if id != 0 && id != u32::MAX {
            let abs = styles.nums.get(&id).copied();
            let bullet = abs.and_then(|a| {
                styles
                    .bullets
                    .get(&(a, level))
                    .or_else(|| styles.bullets.get(&(a, 0)))
                    .copied()
            });
            return match bullet {
                Some(false) => BlockKind::Numbered { level, list: id },
                _ => BlockKind::Bullet { level },
            };
        }
        if id == 0 {
            return BlockKind::Paragraph;
        }
    }
    let compact = names.first().map(String::as_str).unwrap_or_default();
    if compact.starts_with("listbullet") {
        return BlockKind::Bullet { level };
    }
    if compact.starts_with("listnumber") {
        return BlockKind::Numbered { level, list: 0 };
    }
    BlockKind::Paragraph
}
