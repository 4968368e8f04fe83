//! Escaping data for Markdown, so that text from a message, fact or event can never change the
//! structure of a draft. Every ASCII punctuation character is backslash-escaped, spaces at the
//! edge of a line become `&#32;` (CommonMark strips them otherwise), a tab becomes `&#9;`, a
//! newline becomes a hard line break and `\r` and NUL are dropped. `document::parse` turns the
//! result back into exactly the original text; `document::markdown` uses the same functions to
//! write the text of record.

/// Escape `text` for use inside a Markdown paragraph, list item or heading.
///
/// A newline followed by more text is a backslash hard break; a newline at the end of `text`
/// is written `<br>` because a backslash break at the end of a paragraph would be literal.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4 + 8);
    push_escaped(&mut out, text, (true, true));
    out
}

/// Escape a value printed by `{{ }}`. The value may land anywhere on a line of the template:
/// in a `#` heading, a list item, a table row. A newline would end that line, so the rest of a
/// title would fall out of its heading as a stray `\` and a paragraph of its own; here every
/// newline becomes `<br>` instead, which is a line break inside any of them and never ends
/// the line. Paragraph text (`message`, `text`) uses `escape_markdown`.
pub fn escape_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4 + 8);
    let mut lines = text.split('\n').peekable();
    let mut first = true;
    while let Some(line) = lines.next() {
        if !first {
            out.push_str("<br>");
        }
        let last = lines.peek().is_none();
        // Only the start and the end of the whole value can be a line edge in the Markdown.
        push_line(&mut out, line, first, last);
        first = false;
    }
    out
}

/// Append `text` escaped to `out`. `edges`: whether the start and the end of `text` are also
/// the start and the end of a line in the Markdown, where CommonMark strips spaces (so spaces
/// there are written `&#32;`). Inside `text`, every newline makes a line edge.
pub(crate) fn push_escaped(out: &mut String, text: &str, edges: (bool, bool)) {
    // Lines are separated by '\n'; '\r' is dropped outright (a CRLF is one newline).
    let mut lines = text.split('\n').peekable();
    let mut first = true;
    while let Some(raw_line) = lines.next() {
        if !first {
            // A newline: a hard break when more text follows on the next line, else `<br>`.
            let rest_is_empty =
                raw_line.chars().all(|c| c == '\r' || c == '\0') && lines.peek().is_none();
            if rest_is_empty {
                out.push_str("<br>");
            } else {
                out.push_str("\\\n");
            }
        }
        let last = lines.peek().is_none();
        push_line(out, raw_line, !first || edges.0, !last || edges.1);
        first = false;
    }
}

/// ASCII punctuation that has a meaning somewhere in lectern's Markdown (CommonMark with
/// footnotes, tables, `~~`, and `^`/`~` for superscript and subscript) and is therefore always
/// escaped. The rest (`, . : ; ? " ' / % @ $ { }`, and away from the start of a line
/// `- + = (`, and `.` `)` after anything but digits) is literal in running text and left alone
/// so the Markdown stays readable.
const ALWAYS_ESCAPED: &[u8] = b"\\`*_[]<>#&~|!^";

/// Append `text`, one line, escaped where it can never start a line: after a mark such as the
/// `^` of a superscript, so a leading `-` or `1.` is no list marker and stays as it is.
pub(crate) fn push_escaped_mid_line(out: &mut String, text: &str) {
    push_line_at(out, text, false, false, false);
}

fn push_line(out: &mut String, line: &str, lead_edge: bool, trail_edge: bool) {
    push_line_at(out, line, lead_edge, trail_edge, true);
}

/// `push_line`; `line_start`: `line` may begin a line of the Markdown.
fn push_line_at(out: &mut String, line: &str, lead_edge: bool, trail_edge: bool, line_start: bool) {
    let dropped = |b: u8| b == b'\r' || b == 0;
    let bytes = line.as_bytes();
    // Byte offsets of the first and last characters that are neither dropped nor spaces:
    // spaces outside them sit at the edge of the line and must survive as `&#32;`. Every byte
    // this function acts on is ASCII, so the line is scanned as bytes and the stretches
    // between them (any UTF-8 included) are copied whole.
    let solid = |&b: &u8| b != b' ' && !dropped(b);
    let first_solid = bytes.iter().position(solid);
    let last_solid = bytes.iter().rposition(solid);
    // While only digits have been seen on this line, a `.` or `)` would make an ordered list
    // marker if the value lands at the start of a line.
    let mut only_digits = line_start;
    let mut at_start = line_start;
    let mut copied = 0;
    // Past the first character and inside the solid stretch, only the bytes in `ALWAYS` need
    // anything: skip the rest in a tight loop.
    let middle = match (first_solid, last_solid) {
        (Some(a), Some(z)) => a..z + 1,
        _ => 0..0,
    };
    let mut i = 0;
    while i < bytes.len() {
        if !at_start && !only_digits && middle.contains(&i) {
            while i < middle.end && !ALWAYS[usize::from(bytes[i])] {
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let special = match b {
            b'\r' | 0 => true,
            b' ' => match (first_solid, last_solid) {
                (Some(a), Some(z)) => (lead_edge && i < a) || (trail_edge && i > z),
                _ => lead_edge || trail_edge,
            },
            b'\t' => true,
            b'-' | b'+' | b'=' | b'(' => at_start,
            b'.' | b')' => only_digits,
            b => ALWAYS[usize::from(b)],
        };
        if special {
            out.push_str(&line[copied..i]);
            copied = i + 1;
            match b {
                b'\r' | 0 => {
                    i += 1;
                    continue;
                }
                b' ' => out.push_str("&#32;"),
                b'\t' => out.push_str("&#9;"),
                // Other C0 controls and DEL are kept as numeric references so that nothing in
                // the Markdown grammar (form feed and vertical tab count as whitespace) can
                // strip them.
                b if is_control(char::from(b)) => push_char_ref(out, char::from(b)),
                b => {
                    out.push('\\');
                    out.push(char::from(b));
                }
            }
        }
        // Continuation bytes of a multi-byte character change neither flag further.
        at_start = false;
        only_digits = only_digits && b.is_ascii_digit();
        i += 1;
    }
    out.push_str(&line[copied..]);
}

/// Bytes that are escaped wherever they are: `ALWAYS_ESCAPED` punctuation, and C0 controls
/// (tab, `\r` and NUL included) and DEL, which `is_control` picks out.
static ALWAYS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    let mut k = 0;
    while k < ALWAYS_ESCAPED.len() {
        t[ALWAYS_ESCAPED[k] as usize] = true;
        k += 1;
    }
    t
};

/// C0 controls and DEL: written as numeric character references.
fn is_control(c: char) -> bool {
    (c as u32) < 0x20 || c == '\u{7f}'
}

fn push_char_ref(out: &mut String, c: char) {
    out.push_str("&#");
    out.push_str(&(c as u32).to_string());
    out.push(';');
}

/// Escape a URL for a link destination written as `<...>`: the characters that end or alter
/// such a destination are backslash-escaped, line breaks (never valid in a URL) are dropped.
pub fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        match c {
            '\n' | '\r' | '\0' => {}
            '<' | '>' | '\\' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if is_control(c) => push_char_ref(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Split message text into paragraphs: a blank line (empty or only spaces and tabs) starts a
/// new paragraph; newlines at the edges of a paragraph are dropped, a newline inside one is a
/// line break.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let bare = line.trim_end_matches('\r');
        if bare.trim_matches([' ', '\t']).is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(bare);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_escaped() {
        assert_eq!(escape_markdown("a*b_c#"), "a\\*b\\_c\\#");
        assert_eq!(escape_markdown("XXI^e^ CO~2~"), "XXI\\^e\\^ CO\\~2\\~");
        assert_eq!(escape_markdown("<b>&amp;"), "\\<b\\>\\&amp;");
        assert_eq!(
            escape_markdown("Thank you, all: 1-2."),
            "Thank you, all: 1-2."
        );
        assert_eq!(escape_markdown("- 2026. x\n== y"), "\\- 2026. x\\\n\\== y");
    }

    #[test]
    fn edges_and_breaks() {
        assert_eq!(escape_markdown("  a b "), "&#32;&#32;a b&#32;");
        assert_eq!(escape_markdown("a\nb"), "a\\\nb");
        assert_eq!(escape_markdown("2026. 3) x"), "2026\\. 3) x");
        assert_eq!(escape_markdown("a\n"), "a<br>");
        assert_eq!(escape_markdown("a\r\nb\t"), "a\\\nb&#9;");
    }

    #[test]
    fn values_never_end_the_line_they_are_on() {
        assert_eq!(escape_value("Line one\nline two"), "Line one<br>line two");
        assert_eq!(escape_value("a\r\n- b\n"), "a<br>\\- b<br>");
        assert_eq!(escape_value(" a \n b "), "&#32;a <br> b&#32;");
        assert_eq!(escape_value("# x\n# y"), "\\# x<br>\\# y");
        for v in ["\n", "a\n\nb", "\r\n\r", "x\n\n\n"] {
            assert!(!escape_value(v).contains('\n'), "{v:?}");
        }
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            paragraphs("\nOne\ntwo\n\n  \nThree\n"),
            vec!["One\ntwo".to_string(), "Three".to_string()]
        );
    }
}
