//! "Did you mean …?": the closest known word to a misspelt field, id, value or language, the
//! way cargo and rustc suggest. Language names written out in any of the official languages
//! (`English`, `français`, `árabe`, `العربية`) map to their codes. Nothing here prints.

use crate::library::Lang;

/// The candidate closest to `word`, when it is close enough to be a likely misspelling:
/// an edit distance (a swap of two letters counts once) of at most a quarter of the word's
/// length (at least 1, at most 3), compared without case. A candidate differing only in case always matches.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 4).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let d = strsim::osa_distance(&lower, &c.to_lowercase());
        if d <= limit && !matches!(best, Some((bd, _)) if bd <= d) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `x`?` when a candidate is close, else `fallback`.
pub fn hint<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    fallback: impl Into<String>,
) -> String {
    match closest(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.into(),
    }
}

/// Names people write for a language instead of its code, in the four official languages,
/// plus three-letter codes and regional tags.
const LANGUAGE_NAMES: &[(&str, Lang)] = &[
    ("english", Lang::En),
    ("anglais", Lang::En),
    ("inglés", Lang::En),
    ("ingles", Lang::En),
    ("الإنجليزية", Lang::En),
    ("الانجليزية", Lang::En),
    ("الإنكليزية", Lang::En),
    ("eng", Lang::En),
    ("french", Lang::Fr),
    ("français", Lang::Fr),
    ("francais", Lang::Fr),
    ("francés", Lang::Fr),
    ("frances", Lang::Fr),
    ("الفرنسية", Lang::Fr),
    ("fra", Lang::Fr),
    ("fre", Lang::Fr),
    ("spanish", Lang::Es),
    ("espagnol", Lang::Es),
    ("español", Lang::Es),
    ("espanol", Lang::Es),
    ("castellano", Lang::Es),
    ("castilian", Lang::Es),
    ("الإسبانية", Lang::Es),
    ("الاسبانية", Lang::Es),
    ("spa", Lang::Es),
    ("esp", Lang::Es),
    ("arabic", Lang::Ar),
    ("arabe", Lang::Ar),
    ("árabe", Lang::Ar),
    ("العربية", Lang::Ar),
    ("عربي", Lang::Ar),
    ("ara", Lang::Ar),
];

/// The language `written` most likely means: a code in another case (`EN`), a regional tag
/// (`en-GB`, `fr_CA`), a name in one of the official languages, or a misspelt name.
pub fn language(written: &str) -> Option<Lang> {
    let lower = written.trim().to_lowercase();
    if let Some(l) = Lang::parse(&lower) {
        return Some(l);
    }
    if let Some((base, _)) = lower.split_once(['-', '_']) {
        if let Some(l) = Lang::parse(base) {
            return Some(l);
        }
    }
    if let Some((_, l)) = LANGUAGE_NAMES.iter().find(|(n, _)| *n == lower) {
        return Some(*l);
    }
    closest(&lower, LANGUAGE_NAMES.iter().map(|(n, _)| *n))
        .and_then(|n| LANGUAGE_NAMES.iter().find(|(m, _)| *m == n))
        .map(|(_, l)| *l)
}

/// The hint for a value that is not a language code.
pub fn language_hint(written: &str) -> String {
    let codes = "languages are written as codes: en, fr, es or ar";
    match language(written) {
        Some(l) => format!("did you mean `{l}`? {codes}"),
        None => codes.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_words_are_suggested() {
        let fields = ["id", "title", "topic", "status"];
        assert_eq!(closest("tittle", fields), Some("title"));
        assert_eq!(closest("Title", fields), Some("title"));
        assert_eq!(closest("colour", fields), None);
        assert_eq!(
            closest(
                "cyber-shared-responsability",
                ["cyber-shared-responsibility", "cyber-other"]
            ),
            Some("cyber-shared-responsibility")
        );
        // A short word needs a close match: "ix" is not "id".
        assert_eq!(closest("xy", fields), None);
    }

    #[test]
    fn language_names_map_to_codes() {
        for (written, code) in [
            ("English", Lang::En),
            ("EN", Lang::En),
            ("en-GB", Lang::En),
            ("Français", Lang::Fr),
            ("francais", Lang::Fr),
            ("Español", Lang::Es),
            ("árabe", Lang::Ar),
            ("العربية", Lang::Ar),
            ("Englsh", Lang::En),
            ("Arabic", Lang::Ar),
        ] {
            assert_eq!(language(written), Some(code), "{written}");
        }
        assert_eq!(language("Klingon"), None);
    }
}
