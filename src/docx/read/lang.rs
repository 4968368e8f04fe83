//! Which language a paragraph is in (DESIGN.md §12: a passage of a bilingual speech keeps its
//! language through Word). Word and LibreOffice mark a run's language with `w:lang`: `w:val`
//! for text in Latin (and other simple) scripts, `w:bidi` for right-to-left and complex-script
//! text (Arabic), each inherited from the run's character style, the paragraph's style and the
//! document defaults when the run does not say. A paragraph is in a language when every run
//! that carries letters resolves to it; in a right-to-left paragraph (`w:bidi` in its
//! properties) the language of its right-to-left text decides, so a Latin name inside an
//! Arabic passage does not split it. Mixed, unmarked or unknown languages leave the paragraph
//! in the document's language.

use std::collections::HashMap;

use crate::library::Lang;

/// A `w:lang` element's tags, either of which may be absent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Tags {
    /// `w:val`: simple-script text.
    pub(super) val: Option<String>,
    /// `w:bidi`: complex-script and right-to-left text.
    pub(super) bidi: Option<String>,
}

impl Tags {
    pub(super) fn of(e: &quick_xml::events::BytesStart<'_>) -> Tags {
        let tag = |name: &[u8]| {
            super::props::attr(e, name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Tags {
            val: tag(b"val"),
            bidi: tag(b"bidi"),
        }
    }

    fn get(&self, complex: bool) -> Option<&str> {
        if complex {
            self.bidi.as_deref()
        } else {
            self.val.as_deref()
        }
    }
}

/// What the style sheet says about languages: each style's own `w:lang` and its parent, and
/// the document defaults.
#[derive(Debug, Default)]
pub(super) struct StyleLangs {
    pub(super) styles: HashMap<String, Tags>,
    pub(super) defaults: Tags,
}

/// The language of a BCP 47 tag (`fr-FR`, `ar-SA`, `es-419`), when lectern knows it.
pub(super) fn lang_of_tag(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    Lang::parse(&primary)
}

/// Letters of a right-to-left script (Hebrew, Arabic and their presentation forms).
fn is_rtl_letter(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// One run's language settings, and where it inherits the rest from.
pub(super) struct RunLang<'a> {
    pub(super) own: &'a Tags,
    /// `w:rtl` or `w:cs`: the run is formatted as complex script whatever its letters.
    pub(super) complex: bool,
    pub(super) char_style: Option<&'a str>,
    pub(super) para_style: Option<&'a str>,
}

/// Whether a piece of text is right-to-left text, and the language it is in: `None` when it
/// has no letters (spaces, digits, punctuation say nothing about a language).
pub(super) fn classify(
    text: &str,
    run: &RunLang<'_>,
    styles: &HashMap<String, (String, Option<String>)>,
    langs: &StyleLangs,
) -> Option<(bool, Option<Lang>)> {
    let (letters, rtl) = if text.is_ascii() {
        (text.bytes().any(|b| b.is_ascii_alphabetic()), false)
    } else {
        let mut letters = false;
        let mut rtl = false;
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters = true;
            if is_rtl_letter(c) {
                rtl = true;
                break;
            }
        }
        (letters, rtl)
    };
    if !letters {
        return None;
    }
    let complex = rtl || run.complex;
    let tag = resolve(run, complex, styles, langs);
    Some((rtl, tag.and_then(lang_of_tag)))
}

/// The tag in force for a run: its own, else its character style's, else its paragraph
/// style's (each following `basedOn` a few steps), else the document defaults'.
fn resolve<'a>(
    run: &'a RunLang<'a>,
    complex: bool,
    styles: &HashMap<String, (String, Option<String>)>,
    langs: &'a StyleLangs,
) -> Option<&'a str> {
    if let Some(t) = run.own.get(complex) {
        return Some(t);
    }
    for start in [run.char_style, run.para_style].into_iter().flatten() {
        let mut id = Some(start.to_string());
        for _ in 0..8 {
            let Some(i) = id.take() else { break };
            if let Some(t) = langs.styles.get(&i).and_then(|t| t.get(complex)) {
                return Some(t);
            }
            id = styles.get(&i).and_then(|(_, based)| based.clone());
        }
    }
    langs.defaults.get(complex)
}

/// Whether everything seen so far is in one language.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum Agree {
    #[default]
    Nothing,
    One(Option<Lang>),
    Mixed,
}

impl Agree {
    pub(super) fn add(&mut self, l: Option<Lang>) {
        *self = match *self {
            Agree::Nothing => Agree::One(l),
            Agree::One(m) if m == l => Agree::One(l),
            _ => Agree::Mixed,
        };
    }

    pub(super) fn merge(&mut self, other: Agree) {
        match other {
            Agree::Nothing => {}
            Agree::One(l) => self.add(l),
            Agree::Mixed => *self = Agree::Mixed,
        }
    }

    /// The one language, when there is exactly one and it is known.
    pub(super) fn lang(self) -> Option<Lang> {
        match self {
            Agree::One(l) => l,
            Agree::Nothing | Agree::Mixed => None,
        }
    }
}

/// The languages of one paragraph's text, left-to-right and right-to-left kept apart.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Tally {
    ltr: Agree,
    rtl: Agree,
}

impl Tally {
    pub(super) fn add(&mut self, rtl: bool, l: Option<Lang>) {
        if rtl {
            self.rtl.add(l);
        } else {
            self.ltr.add(l);
        }
    }

    pub(super) fn merge(&mut self, other: Tally) {
        self.ltr.merge(other.ltr);
        self.rtl.merge(other.rtl);
    }

    /// The paragraph's language: in a right-to-left paragraph, its right-to-left text's when
    /// that text is in one language; otherwise the language all its text is in, if one.
    pub(super) fn result(self, rtl_paragraph: bool) -> Agree {
        if rtl_paragraph && self.rtl != Agree::Nothing {
            return self.rtl;
        }
        let mut all = self.ltr;
        all.merge(self.rtl);
        all
    }
}

/// The document's language, from which passages are told apart: the one given, else the
/// core properties' `dc:language`, else the style sheet's default (`w:val`), else the known
/// language most of the body's text is in.
pub(super) fn document_lang(
    given: Option<Lang>,
    core: Option<&str>,
    langs: &StyleLangs,
    blocks: &[crate::document::Block],
) -> Option<Lang> {
    if let Some(l) = given {
        return Some(l);
    }
    if let Some(l) = core.and_then(lang_of_tag) {
        return Some(l);
    }
    if let Some(l) = langs.defaults.val.as_deref().and_then(lang_of_tag) {
        return Some(l);
    }
    // Text length stands in for words: only which language has the most matters.
    let mut size = [0usize; Lang::ALL.len()];
    for b in blocks {
        let Some(k) = b.lang.and_then(|l| Lang::ALL.iter().position(|x| *x == l)) else {
            continue;
        };
        for i in &b.inlines {
            if let crate::document::Inline::Text { text, .. } = i {
                size[k] += text.len();
            }
        }
    }
    let (k, most) = size.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (*most > 0).then(|| Lang::ALL[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_the_languages_lectern_knows() {
        assert_eq!(lang_of_tag("fr-FR"), Some(Lang::Fr));
        assert_eq!(lang_of_tag("FR-ca"), Some(Lang::Fr));
        assert_eq!(lang_of_tag("es-419"), Some(Lang::Es));
        assert_eq!(lang_of_tag("ar-SA"), Some(Lang::Ar));
        assert_eq!(lang_of_tag("en_GB"), Some(Lang::En));
        assert_eq!(lang_of_tag("de-DE"), None);
        assert_eq!(lang_of_tag("hi-IN"), None);
        assert_eq!(lang_of_tag(""), None);
    }

    #[test]
    fn a_paragraph_is_in_a_language_only_when_all_its_text_is() {
        let mut t = Tally::default();
        t.add(false, Some(Lang::Fr));
        t.add(false, Some(Lang::Fr));
        assert_eq!(t.result(false), Agree::One(Some(Lang::Fr)));
        t.add(false, Some(Lang::En));
        assert_eq!(t.result(false).lang(), None);
        let mut u = Tally::default();
        u.add(false, Some(Lang::Fr));
        u.add(false, None);
        assert_eq!(u.result(false).lang(), None);
        // Right to left: the Arabic text decides, a Latin name inside does not split it.
        let mut a = Tally::default();
        a.add(true, Some(Lang::Ar));
        a.add(false, Some(Lang::En));
        a.add(true, Some(Lang::Ar));
        assert_eq!(a.result(true).lang(), Some(Lang::Ar));
        assert_eq!(a.result(false).lang(), None);
    }
}
