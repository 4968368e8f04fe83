//! The look of a draft: page setup, the named style sheet and the list numbering definitions,
//! chosen by kind (the speech reading copy versus the office look) and language (complex-script
//! fonts for Arabic). Style ids and names follow Word's built-in ones ("heading 1", "footnote
//! text", ...) so Word's navigation pane, outline and style gallery recognise them.

use docx_rs::{
    AbstractNumbering, AlignmentType, BuildXML, Docx, Level, LevelJc, LevelOverride, LevelText,
    LineSpacing, LineSpacingType, NumberFormat, Numbering, RunFonts, SpecialIndentType, Start,
    Style, StyleType, VertAlignType,
};

use crate::library::{Kind, Lang};

/// Numbering ids: 1 collides with a built-in numbering in some readers (trap 4), so bullets
/// use 2 and numbered lists 3, 4, ... (one instance per list so each restarts at 1).
pub(crate) const BULLET_NUM_ID: usize = 2;
const BULLET_ABSTRACT_ID: usize = 2;
const DECIMAL_ABSTRACT_ID: usize = 3;
pub(crate) const FIRST_DECIMAL_NUM_ID: usize = 3;

/// The style id tables use: Word's built-in "Table Grid" (thin borders on every cell).
pub(crate) const TABLE_STYLE: &str = "TableGrid";

/// List levels defined per list (deeper items are clamped to the last one).
pub(crate) const LIST_LEVELS: usize = 3;

/// Sizes are in half-points, lengths in twentieths of a point (twips), as in WordprocessingML.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    pub(crate) body_size: usize,
    /// Line spacing in 240ths of a line (`lineRule="auto"`).
    pub(crate) line: i32,
    pub(crate) after: u32,
    pub(crate) title_size: usize,
    pub(crate) h1_size: usize,
    pub(crate) h2_size: usize,
    pub(crate) h3_size: usize,
    pub(crate) note_size: usize,
    pub(crate) margin_top: i32,
    pub(crate) margin_side: i32,
    pub(crate) margin_bottom: i32,
    /// Reading copy: paragraphs never split across pages.
    pub(crate) keep_lines: bool,
}

impl Look {
    pub(crate) fn for_kind(kind: Kind) -> Look {
        match kind {
            // Reading copy: 16 pt on 1.5 lines, wide margins for handwritten cues.
            Kind::Speech => Look {
                body_size: 32,
                line: 360,
                after: 240,
                title_size: 40,
                h1_size: 34,
                h2_size: 32,
                h3_size: 32,
                note_size: 20,
                margin_top: 1418,
                margin_side: 1701,
                margin_bottom: 1418,
                keep_lines: true,
            },
            _ => Look {
                body_size: 22,
                line: 276,
                after: 160,
                title_size: 40,
                h1_size: 30,
                h2_size: 26,
                h3_size: 23,
                note_size: 18,
                margin_top: 1418,
                margin_side: 1418,
                margin_bottom: 1418,
                keep_lines: false,
            },
        }
    }
}

const FONT: &str = "Arial";
/// Complex-script font: Arial carries Arabic on Windows and macOS; LibreOffice substitutes.
const CS_FONT: &str = "Arial";
const CODE_FONT: &str = "Courier New";
const ACCENT: &str = "1F3864";
const MUTED: &str = "595959";

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(CS_FONT)
}

fn spacing(before: u32, after: u32, line: i32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(after)
        .line(line)
        .line_rule(LineSpacingType::Auto)
}

fn paragraph_style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name)
}

/// The styles part for `kind` and `lang` as docx-rs writes it (before `schema_order`).
/// `package` makes it once per process.
pub(crate) fn styles_part(kind: Kind, lang: Lang) -> Vec<u8> {
    normal_is_default(sheet(Docx::new(), kind, lang).styles.build())
}

/// Mark `Normal` as the default paragraph style in a styles part docx-rs wrote (it has no
/// setter for `w:default`; python-docx and Word look for it).
pub(crate) fn normal_is_default(mut xml: Vec<u8>) -> Vec<u8> {
    const NORMAL: &[u8] = br#"<w:style w:type="paragraph" w:styleId="Normal">"#;
    let mut from = 0;
    while let Some(at) = xml[from..].windows(NORMAL.len()).position(|w| w == NORMAL) {
        let at = from + at + NORMAL.len() - 1;
        xml.splice(at..at, br#" w:default="1""#.iter().copied());
        from = at;
    }
    xml
}

/// The numbering part as docx-rs writes it: the bullet and decimal definitions, the bullet
/// instance, and one restarting decimal instance per id in `lists`, in that order.
pub(crate) fn numbering_part(lists: &[usize]) -> Vec<u8> {
    let docx = lists.iter().fold(numbering(Docx::new()), |d, id| {
        d.add_numbering(decimal_instance(*id))
    });
    docx.numberings.build()
}

/// lectern's list definitions and instances for a house style's numbering part, with ids
/// after the house's: the bullet and decimal definitions (`first_abstract`, `+1`), the bullet
/// instance (`first_num`) and one restarting decimal instance per id in `lists`. Returns the
/// `w:abstractNum` elements and the `w:num` elements.
pub(crate) fn numbering_elements(
    first_abstract: usize,
    first_num: usize,
    lists: &[usize],
) -> (String, String) {
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    let abstracts = text(abstract_list(first_abstract, true).build())
        + &text(abstract_list(first_abstract + 1, false).build());
    let mut nums = text(Numbering::new(first_num, first_abstract).build());
    for id in lists {
        let n = (0..LIST_LEVELS).fold(Numbering::new(*id, first_abstract + 1), |n, level| {
            n.add_override(LevelOverride::new(level).start(1))
        });
        nums.push_str(&text(n.build()));
    }
    (abstracts, nums)
}

/// The bullet and decimal list definitions and the bullet instance.
fn numbering(docx: Docx) -> Docx {
    docx.add_abstract_numbering(abstract_list(BULLET_ABSTRACT_ID, true))
        .add_abstract_numbering(abstract_list(DECIMAL_ABSTRACT_ID, false))
        .add_numbering(Numbering::new(BULLET_NUM_ID, BULLET_ABSTRACT_ID))
}

/// Add the style sheet for `kind` and `lang` to `docx`.
fn sheet(docx: Docx, kind: Kind, lang: Lang) -> Docx {
    let look = Look::for_kind(kind);
    let rtl = lang == Lang::Ar;
    let docx = docx.default_fonts(fonts()).default_size(look.body_size);

    let mut normal = paragraph_style("Normal", "Normal")
        .fonts(fonts())
        .size(look.body_size)
        .line_spacing(spacing(0, look.after, look.line));
    normal.paragraph_property = normal.paragraph_property.widow_control(true);
    if look.keep_lines {
        normal.paragraph_property = normal.paragraph_property.keep_lines(true);
    }
    if rtl {
        normal.paragraph_property = normal.paragraph_property.bidi(true);
        normal = normal.align(AlignmentType::Start);
    }

    let heading = |id: &str, name: &str, level: usize, size: usize, before: u32| {
        let mut s = paragraph_style(id, name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .color(ACCENT)
            .outline_lvl(level)
            .line_spacing(spacing(before, look.after / 2, look.line.min(300)));
        s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true);
        s
    };
    let mut title = paragraph_style("Title", "Title")
        .based_on("Normal")
        .next("Normal")
        .bold()
        .size(look.title_size)
        .color(ACCENT)
        .line_spacing(spacing(0, 360, 240));
    title.paragraph_property = title.paragraph_property.keep_next(true).keep_lines(true);
    let mut h3 = heading("Heading3", "heading 3", 2, look.h3_size, 200);
    h3 = h3.italic();

    let list = |id: &str, name: &str| {
        paragraph_style(id, name)
            .based_on("Normal")
            .line_spacing(spacing(0, look.after / 2, look.line))
    };
    let mut subtitle = paragraph_style("Subtitle", "Subtitle")
        .based_on("Normal")
        .next("Normal")
        .size(look.h2_size)
        .color(MUTED)
        .line_spacing(spacing(0, 240, 240));
    subtitle.paragraph_property = subtitle.paragraph_property.keep_next(true);
    let caption = paragraph_style("Caption", "caption")
        .based_on("Normal")
        .next("Normal")
        .italic()
        .size(look.note_size)
        .color(MUTED)
        .line_spacing(spacing(60, 200, 240));
    let quote = paragraph_style("Quote", "Quote")
        .based_on("Normal")
        .next("Normal")
        .italic()
        .color("404040")
        .indent(Some(720), None, Some(720), None);

    let small = |id: &str, name: &str| {
        paragraph_style(id, name)
            .based_on("Normal")
            .size(look.note_size)
            .line_spacing(spacing(0, 0, 240))
    };
    let mut footnote_text = small("FootnoteText", "footnote text");
    // Footnotes may split across pages even in the reading copy.
    footnote_text.paragraph_property = footnote_text.paragraph_property.keep_lines(false);
    let mut comment_text = small("CommentText", "annotation text");
    comment_text.paragraph_property = comment_text.paragraph_property.keep_lines(false);
    let header = small("Header", "header").color(MUTED);
    let footer = small("Footer", "footer").color(MUTED);

    let mut footnote_ref =
        Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    footnote_ref.run_property = footnote_ref
        .run_property
        .vert_align(VertAlignType::SuperScript);
    let comment_ref = Style::new("CommentReference", StyleType::Character)
        .name("annotation reference")
        .size(16);
    let hyperlink = Style::new("Hyperlink", StyleType::Character)
        .name("Hyperlink")
        .color("0563C1")
        .underline("single");
    let code = Style::new("Code", StyleType::Character)
        .name("HTML Code")
        .fonts(
            RunFonts::new()
                .ascii(CODE_FONT)
                .hi_ansi(CODE_FONT)
                .cs(CODE_FONT),
        );

    let table = {
        use docx_rs::{TableBorder, TableBorderPosition as At, TableBorders, TableCellMargins};
        let border = |at| TableBorder::new(at).size(4).color("808080");
        let mut borders = TableBorders::new();
        for at in [
            At::Top,
            At::Left,
            At::Bottom,
            At::Right,
            At::InsideH,
            At::InsideV,
        ] {
            borders = borders.set(border(at));
        }
        Style::new(TABLE_STYLE, StyleType::Table)
            .name("Table Grid")
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(40, 108, 40, 108))
    };

    docx.add_style(normal)
        .add_style(table)
        .add_style(title)
        .add_style(heading("Heading1", "heading 1", 0, look.h1_size, 360))
        .add_style(heading("Heading2", "heading 2", 1, look.h2_size, 280))
        .add_style(h3)
        .add_style(subtitle)
        .add_style(list("ListParagraph", "List Paragraph"))
        .add_style(list("ListBullet", "List Bullet"))
        .add_style(list("ListNumber", "List Number"))
        .add_style(caption)
        .add_style(quote)
        .add_style(footnote_text)
        .add_style(comment_text)
        .add_style(header)
        .add_style(footer)
        .add_style(footnote_ref)
        .add_style(comment_ref)
        .add_style(hyperlink)
        .add_style(code)
}

/// A numbered-list instance that restarts at 1 (used once per `list` id).
pub(crate) fn decimal_instance(num_id: usize) -> Numbering {
    (0..LIST_LEVELS).fold(Numbering::new(num_id, DECIMAL_ABSTRACT_ID), |n, level| {
        n.add_override(LevelOverride::new(level).start(1))
    })
}

fn abstract_list(id: usize, bullets: bool) -> AbstractNumbering {
    const BULLETS: [&str; LIST_LEVELS] = ["•", "–", "▪"];
    const FORMATS: [&str; LIST_LEVELS] = ["decimal", "lowerLetter", "lowerRoman"];
    (0..LIST_LEVELS).fold(AbstractNumbering::new(id), |a, level| {
        let (format, text) = if bullets {
            ("bullet".to_string(), BULLETS[level].to_string())
        } else {
            (FORMATS[level].to_string(), format!("%{}.", level + 1))
        };
        let indent = 360 * (level as i32 + 1) + 360;
        a.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        )
    })
}
