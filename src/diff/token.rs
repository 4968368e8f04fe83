//! Word tokens for the diff: the Unicode word-boundary segments of a text (UAX #29, exactly
//! what `unicode_segmentation::split_word_bounds` yields), with a byte-level path for ASCII
//! text, and an interner that turns tokens and paragraphs into small integers so that
//! comparing, hashing and counting them is cheap. The general segmenter costs a table search
//! per character; on English text the byte path is several times faster, and on a 200,000-word
//! pair segmentation was most of the diff's time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use unicode_segmentation::UnicodeSegmentation;

/// Call `f` with each word-boundary segment of `s`, in order.
pub(crate) fn for_each_segment<'a>(s: &'a str, f: impl FnMut(&'a str)) {
    if s.is_ascii() {
        ascii_bounds(s, f);
    } else {
        s.split_word_bounds().for_each(f);
    }
}

/// The word-boundary segments of `s`.
pub(crate) fn split(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_segment(s, |t| out.push(t));
    out
}

/// A segment a reader counts as a word: it holds a letter or a digit.
pub(crate) fn is_word(t: &str) -> bool {
    if t.is_ascii() {
        t.bytes().any(|b| b.is_ascii_alphanumeric())
    } else {
        t.chars().any(char::is_alphanumeric)
    }
}

/// Letters, digits and the underscore: the ASCII characters that join into one segment
/// (ALetter, Numeric and ExtendNumLet, rules WB5, WB8–WB10, WB13a–b).
fn is_core(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the punctuation `b` between `prev` and `next` stays inside the segment: "3.14",
/// "1,000" (WB11–12: Numeric (MidNum | MidNumLetQ) Numeric) and "can't", "e.g", "a:b" (WB6–7:
/// AHLetter (MidLetter | MidNumLetQ) AHLetter).
fn is_infix(b: u8, prev: u8, next: u8) -> bool {
    match b {
        b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        b'.' | b':' | b'\'' if prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() => true,
        _ => false,
    }
}

/// UAX #29 word boundaries for ASCII text. In ASCII there are no Extend, Format or ZWJ
/// characters (WB4) and no Hebrew letters, so the rules reduce to: runs of spaces (WB3d), runs
/// of letters, digits and underscores with their infix punctuation, CR LF (WB3), and every
/// other byte alone (WB999).
fn ascii_bounds<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = s.as_bytes();
    let len = bytes.len();
    let mut start = 0;
    while start < len {
        let first = bytes[start];
        let mut i = start + 1;
        if first == b' ' {
            while i < len && bytes[i] == b' ' {
                i += 1;
            }
        } else if is_core(first) {
            while i < len {
                let b = bytes[i];
                if is_core(b) || (i + 1 < len && is_infix(b, bytes[i - 1], bytes[i + 1])) {
                    i += 1;
                } else {
                    break;
                }
            }
        } else if first == b'\r' && i < len && bytes[i] == b'\n' {
            i += 1;
        }
        // Slicing at these offsets is safe: the text is ASCII, every byte is a character.
        f(&s[start..i]);
        start = i;
    }
}

/// FxHash (as in rustc): one multiply per eight bytes. The interner's keys are text the user
/// compares, not text an attacker picks, and every hit is confirmed by comparing the strings.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        // Most keys are words shorter than 16 bytes: two loads that may overlap, no copy of
        // a variable length (as rustc-hash does). Equal inputs still hash equally; the length
        // keeps "ab" and "abab"-like overlaps apart.
        if len <= 16 {
            let (a, b) = if len >= 8 {
                (read_u64(bytes, 0), read_u64(bytes, len - 8))
            } else if len >= 4 {
                (read_u32(bytes, 0), read_u32(bytes, len - 4))
            } else if len > 0 {
                let (x, y, z) = (bytes[0], bytes[len / 2], bytes[len - 1]);
                (u64::from(x) | u64::from(y) << 8 | u64::from(z) << 16, 0)
            } else {
                (0, 0)
            };
            self.add(a);
            self.add(b ^ len as u64);
            return;
        }
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        self.add(read_u64(bytes, len - 8) ^ len as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The 8 bytes at `at` (the caller checks there are 8).
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The 4 bytes at `at` (the caller checks there are 4).
fn read_u32(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&bytes[at..at + 4]);
    u64::from(u32::from_le_bytes(w))
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// Every ASCII character, in order: `ASCII[b..b + 1]` is the one-byte string `b`.
const ASCII: &str = match std::str::from_utf8(&ASCII_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("ASCII is UTF-8"),
};

const ASCII_BYTES: [u8; 128] = {
    let mut bytes = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        bytes[b] = b as u8;
        b += 1;
    }
    bytes
};

/// Distinct strings numbered: equal ids mean equal text. A one-byte ASCII string is its own
/// byte (spaces and punctuation are about half the segments of a text, and need no hash
/// lookup); longer strings are numbered from 128 in order of first appearance.
pub(crate) struct Interner<'a> {
    ids: HashMap<&'a str, u32, FxBuild>,
    /// Per id: the string, and whether it is a word (`is_word`, computed once).
    texts: Vec<&'a str>,
    words: Vec<bool>,
}

impl<'a> Interner<'a> {
    pub(crate) fn with_capacity(n: usize) -> Self {
        let mut texts = Vec::with_capacity(ASCII.len() + n);
        let mut words = Vec::with_capacity(ASCII.len() + n);
        for b in 0..ASCII.len() {
            let s = &ASCII[b..b + 1];
            texts.push(s);
            words.push(is_word(s));
        }
        Interner {
            ids: HashMap::with_capacity_and_hasher(n, FxBuild::default()),
            texts,
            words,
        }
    }

    pub(crate) fn id(&mut self, s: &'a str) -> u32 {
        if let [b] = *s.as_bytes() {
            if b.is_ascii() {
                return u32::from(b);
            }
        }
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.ids.insert(s, id);
        self.texts.push(s);
        self.words.push(is_word(s));
        id
    }

    /// How many ids there are: every id is below this.
    pub(crate) fn len(&self) -> usize {
        self.texts.len()
    }

    pub(crate) fn text(&self, id: u32) -> &'a str {
        self.texts.get(id as usize).copied().unwrap_or("")
    }

    pub(crate) fn is_word(&self, id: u32) -> bool {
        self.words.get(id as usize).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn reference(s: &str) -> Vec<&str> {
        s.split_word_bounds().collect()
    }

    /// One character of each ASCII word-break class, with the punctuation that matters twice.
    const CLASSES: &[u8] = b"aZ09_'.:,;\" \t\r\n\x0b\x0c-!";

    #[test]
    fn ascii_path_matches_unicode_segmentation_on_every_short_string() {
        let n = CLASSES.len();
        let mut buf = Vec::new();
        for len in 1..=4u32 {
            for mut k in 0..n.pow(len) {
                buf.clear();
                for _ in 0..len {
                    buf.push(CLASSES[k % n]);
                    k /= n;
                }
                let s = std::str::from_utf8(&buf).expect("ASCII");
                assert_eq!(split(s), reference(s), "{s:?}");
            }
        }
    }

    #[test]
    fn all_ascii_pairs() {
        for a in 0u8..128 {
            for b in 0u8..128 {
                let buf = [b'x', a, b, b'1', a, b'y'];
                let s = std::str::from_utf8(&buf).expect("ASCII");
                assert_eq!(split(s), reference(s), "{s:?}");
            }
        }
    }

    #[test]
    fn words_are_letters_or_digits() {
        assert!(is_word("abc"));
        assert!(is_word("3,5"));
        assert!(is_word("coopérer"));
        assert!(!is_word(" "));
        assert!(!is_word("__"));
        assert!(!is_word("\u{2014}"));
    }

    proptest! {
        #[test]
        fn ascii_path_matches_unicode_segmentation(s in "[ -~\t\r\n]{0,60}") {
            prop_assert_eq!(split(&s), reference(&s));
        }

        #[test]
        fn ascii_path_matches_on_word_like_text(s in "([a-c0-2_.,;:' \r\n\"]){0,40}") {
            prop_assert_eq!(split(&s), reference(&s));
        }

        #[test]
        fn any_text_matches(s in "\\PC{0,40}") {
            prop_assert_eq!(split(&s), reference(&s));
        }
    }
}
