//! Text preparation before anything reaches docx-rs: removing characters XML cannot carry,
//! escaping for the places docx-rs writes verbatim (attributes, comment authors), French
//! non-breaking-space typography, and splitting Arabic paragraphs into right-to-left and
//! left-to-right stretches. Pure string functions; no docx-rs types here.

use std::borrow::Cow;

/// Narrow no-break space: French spacing before `; ! ?`, between digit groups and before `%`.
const NNBSP: char = '\u{202F}';
/// No-break space: French spacing before `:` and inside `« »`.
const NBSP: char = '\u{A0}';

/// True for characters XML 1.0 cannot carry (trap 1 in notes/docx-rs.md): C0 controls other
/// than tab, newline and carriage return, and the non-characters U+FFFE and U+FFFF. Surrogates
/// cannot occur in a Rust `str`.
pub(crate) fn is_xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` without XML-illegal characters. A carriage return is dropped too: `\r\n` is one line
/// break and a lone `\r` would be normalised away by any XML reader anyway.
pub(crate) fn sanitize(s: &str) -> Cow<'_, str> {
    // Every character removed is a C0 control or U+FFFE / U+FFFF (UTF-8 `EF BF BE` /
    // `EF BF BF`): a byte scan finds them without decoding.
    let suspect = |b: &u8| (*b < 0x20 && !matches!(*b, b'\t' | b'\n')) || *b == 0xEF;
    if s.as_bytes().iter().any(suspect) && s.chars().any(|c| is_xml_illegal(c) || c == '\r') {
        Cow::Owned(
            s.chars()
                .filter(|&c| !is_xml_illegal(c) && c != '\r')
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// A serialised XML part without the characters XML 1.0 cannot carry (`is_xml_illegal`: C0
/// controls other than tab, newline and carriage return; U+FFFE and U+FFFF). Every XML part
/// passes through here when it is packed (`container::ZipOut`, the redline's re-pack), so no
/// string can make a part ill-formed, whichever writer put it there: the draft writer,
/// docx-rs (redline authors, titles), or a fix-up.
pub(crate) fn sanitize_part(xml: &[u8]) -> Cow<'_, [u8]> {
    let control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    // U+FFFE and U+FFFF are `EF BF BE` and `EF BF BF` in UTF-8.
    let noncharacter = |rest: &[u8]| matches!(rest, [0xEF, 0xBF, 0xBE | 0xBF, ..]);
    let first = (0..xml.len()).find(|&i| control(xml[i]) || noncharacter(&xml[i..]));
    let Some(first) = first else {
        return Cow::Borrowed(xml);
    };
    let mut out = Vec::with_capacity(xml.len());
    out.extend_from_slice(&xml[..first]);
    let mut i = first;
    while i < xml.len() {
        if control(xml[i]) {
            i += 1;
        } else if noncharacter(&xml[i..]) {
            i += 3;
        } else {
            out.push(xml[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

/// Escape text for an XML attribute or element body. docx-rs writes attribute values (and a
/// comment's author) verbatim, so everything that lands in one goes through here first.
pub(crate) fn escape_xml(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Byte ranges of `s` that French spacing must not touch: whitespace-separated tokens that
/// look like URLs, e-mail addresses or paths with a scheme.
fn protected_ranges(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut push = |a: usize, b: usize| {
        let tok = &s[a..b];
        if tok.contains("://")
            || tok.starts_with("www.")
            || tok.contains('@')
            || tok.contains("mailto:")
        {
            out.push((a, b));
        }
    };
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(a) = start.take() {
                push(a, i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        push(a, s.len());
    }
    out
}

/// French typography for one text run. `before` and `after` are the characters just outside
/// the run in the same paragraph (runs split a sentence at bold or italic boundaries).
///
/// - `; ! ?` get a narrow no-break space before them, `:` a no-break space, when a normal
///   space or a word precedes them (not after another mark, not `12:30`, not at a run start
///   that follows a space-less mark);
/// - `«` is followed and `»` preceded by a no-break space;
/// - digit groups `1 000 000` and `45 %` take narrow no-break spaces.
///
/// Tokens that look like URLs or e-mail addresses are left alone.
pub(crate) fn french_spacing(s: &str, before: Option<char>, after: Option<char>) -> Cow<'_, str> {
    if !s.contains([';', '!', '?', ':', '«', '»', ' ', '%']) {
        return Cow::Borrowed(s);
    }
    let protected = protected_ranges(s);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let in_protected = |byte: usize| protected.iter().any(|&(a, b)| byte >= a && byte < b);
    let mut out = String::with_capacity(s.len() + 8);
    let n = chars.len();
    // Character before position `k` in the output context (the run's own text, then `before`).
    let prev_of = |k: usize| if k == 0 { before } else { Some(chars[k - 1].1) };
    let next_of = |k: usize| {
        if k + 1 >= n {
            after
        } else {
            Some(chars[k + 1].1)
        }
    };
    let is_mark = |c: char| matches!(c, ';' | '!' | '?' | ':' | '«' | '»');
    for k in 0..n {
        let (byte, c) = chars[k];
        if in_protected(byte) {
            out.push(c);
            continue;
        }
        match c {
            ' ' => {
                let next = next_of(k);
                let prev = prev_of(k);
                let replacement = match next {
                    Some(';' | '!' | '?') => Some(NNBSP),
                    Some(':') if !prev.is_some_and(|p| p.is_ascii_digit()) => Some(NBSP),
                    Some('»') => Some(NBSP),
                    Some('%') if prev.is_some_and(|p| p.is_ascii_digit()) => Some(NNBSP),
                    Some(d)
                        if d.is_ascii_digit()
                            && prev.is_some_and(|p| p.is_ascii_digit())
                            && is_thousands_group(&chars, k + 1, after) =>
                    {
                        Some(NNBSP)
                    }
                    _ => None,
                };
                match replacement {
                    Some(r) => out.push(r),
                    None if prev == Some('«') => out.push(NBSP),
                    None => out.push(c),
                }
            }
            ';' | '!' | '?' | ':' => {
                let prev = prev_of(k);
                let needs = match prev {
                    None => false,
                    Some(p) if p.is_whitespace() || is_mark(p) => false,
                    Some(p) if c == ':' && p.is_ascii_digit() => {
                        !next_of(k).is_some_and(|x| x.is_ascii_digit())
                    }
                    Some(_) => {
                        // "a:b" inside a token (ratios, references like "art:5") stays as is.
                        !(c == ':' && next_of(k).is_some_and(|x| x.is_alphanumeric()))
                    }
                };
                if needs {
                    out.push(if c == ':' { NBSP } else { NNBSP });
                }
                out.push(c);
            }
            '«' => {
                out.push(c);
                if next_of(k).is_some_and(|x| !x.is_whitespace()) {
                    out.push(NBSP);
                }
            }
            '»' => {
                if prev_of(k).is_some_and(|p| !p.is_whitespace()) {
                    out.push(NBSP);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether the digits starting at `chars[k]` form a group of exactly three (the next group of
/// a number like `1 000`), followed by a non-digit or the end.
fn is_thousands_group(chars: &[(usize, char)], k: usize, after: Option<char>) -> bool {
    let mut count = 0;
    let mut i = k;
    while i < chars.len() && chars[i].1.is_ascii_digit() {
        count += 1;
        i += 1;
    }
    let end_is_digit = if i >= chars.len() {
        after.is_some_and(|c| c.is_ascii_digit())
    } else {
        false
    };
    count == 3 && !end_is_digit
}

/// Strong direction of a character, as far as run splitting needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Rtl,
    Ltr,
}

fn strong_dir(c: char) -> Option<Dir> {
    match c as u32 {
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10E60..=0x10E7F => Some(Dir::Rtl),
        _ if c.is_alphabetic() => Some(Dir::Ltr),
        _ => None,
    }
}

/// Split text into stretches of one strong direction. Neutral characters (spaces, digits,
/// punctuation) stay with the stretch they follow; leading neutrals join the first stretch.
/// Text without any strong character is one `Rtl` stretch (it sits in a right-to-left
/// paragraph).
pub(crate) fn direction_runs(s: &str) -> Vec<(Dir, &str)> {
    let mut out: Vec<(Dir, &str)> = Vec::new();
    let mut current: Option<Dir> = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if let Some(d) = strong_dir(c) {
            match current {
                None => current = Some(d),
                Some(cur) if cur != d => {
                    out.push((cur, &s[start..i]));
                    start = i;
                    current = Some(d);
                }
                Some(_) => {}
            }
        }
    }
    if start < s.len() || out.is_empty() {
        out.push((current.unwrap_or(Dir::Rtl), &s[start..]));
    }
    out
}

#[cfg(test)]
mod part_tests {
    use super::*;

    #[test]
    fn parts_lose_exactly_the_illegal_characters() {
        let xml = "<w:t a=\"R\u{1}D\">x\u{0}\u{1b}y\u{fffe}z\u{ffff}\t\r\n\u{fffd}é</w:t>";
        let clean = sanitize_part(xml.as_bytes());
        assert_eq!(
            std::str::from_utf8(&clean).unwrap(),
            "<w:t a=\"RD\">xyz\t\r\n\u{fffd}é</w:t>"
        );
        assert!(matches!(sanitize_part(b"<a>ok</a>"), Cow::Borrowed(_)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_drops_illegal_characters_only() {
        assert_eq!(sanitize("a\u{0}b\u{B}c\u{FFFE}d\te\nf\r\n"), "abcd\te\nf\n");
        assert!(matches!(sanitize("plain «texte» ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_covers_markup() {
        assert_eq!(
            escape_xml(r#"A&B <c> "d" 'e'"#),
            "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
    }

    #[test]
    fn french_punctuation() {
        let f = |s| french_spacing(s, None, None).into_owned();
        assert_eq!(
            f("Pourquoi ? Parce que !"),
            "Pourquoi\u{202F}? Parce que\u{202F}!"
        );
        assert_eq!(f("Pourquoi? Voilà;"), "Pourquoi\u{202F}? Voilà\u{202F};");
        assert_eq!(f("Note : ceci"), "Note\u{A0}: ceci");
        assert_eq!(f("Note: ceci"), "Note\u{A0}: ceci");
        assert_eq!(f("«Bonjour»"), "«\u{A0}Bonjour\u{A0}»");
        assert_eq!(f("« Bonjour »"), "«\u{A0}Bonjour\u{A0}»");
        assert_eq!(
            f("1 000 000 euros et 45 %"),
            "1\u{202F}000\u{202F}000 euros et 45\u{202F}%"
        );
        assert_eq!(f("à 12:30 ?!"), "à 12:30\u{202F}?!");
        assert_eq!(
            f("voir https://example.org/a?b=c;d : fin"),
            "voir https://example.org/a?b=c;d\u{A0}: fin"
        );
        assert_eq!(f("en 2026 12 pays"), "en 2026 12 pays");
    }

    #[test]
    fn french_across_runs() {
        assert_eq!(french_spacing(";", Some('t'), None), "\u{202F};");
        assert_eq!(french_spacing("texte ", None, Some('!')), "texte\u{202F}");
        assert_eq!(french_spacing("?", Some(' '), None), "?");
    }

    #[test]
    fn direction_splits_latin_inside_arabic() {
        let runs = direction_runs("تعمل INTERPOL مع 196 بلدا");
        assert_eq!(
            runs,
            vec![
                (Dir::Rtl, "تعمل "),
                (Dir::Ltr, "INTERPOL "),
                (Dir::Rtl, "مع 196 بلدا")
            ]
        );
        assert_eq!(direction_runs("2026"), vec![(Dir::Rtl, "2026")]);
        assert_eq!(direction_runs(""), vec![(Dir::Rtl, "")]);
    }
}
