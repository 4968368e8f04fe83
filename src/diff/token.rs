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

/// How many of the word-boundary segments of `s` are words (`is_word`).
pub(crate) fn count_words(s: &str) -> usize {
    count_words_upto(s, usize::MAX)
}

/// `count_words`, counting no further than `limit`. On ASCII text one pass over the bytes,
/// following `ascii_bounds`: a segment of letters, digits and underscores (with its infix
/// punctuation) is a word when it holds a letter or a digit.
pub(crate) fn count_words_upto(s: &str, limit: usize) -> usize {
    let mut n = 0;
    if n >= limit {
        return n;
    }
    if !s.is_ascii() {
        for t in s.split_word_bounds() {
            n += usize::from(is_word(t));
            if n >= limit {
                break;
            }
        }
        return n;
    }
    let bytes = s.as_bytes();
    let (mut in_core, mut alnum) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if is_core(b) {
            alnum |= b != b'_';
            in_core = true;
        } else if in_core && i + 1 < bytes.len() && is_infix(b, bytes[i - 1], bytes[i + 1]) {
            // Inside the segment: "3.14", "can't".
        } else {
            n += usize::from(in_core && alnum);
            if n >= limit {
                return n;
            }
            (in_core, alnum) = (false, false);
        }
    }
    n + usize::from(in_core && alnum)
}

/// Where two texts can be cut so that each piece splits into exactly the segments it has in
/// the whole text: `(p, s)`, where the first `p` bytes are the same in both texts and so are
/// the last `s`, and `p + s` is at most either length. Each cut falls just after a space and
/// before an ASCII character other than a space, where UAX #29 always breaks and no rule looks
/// across (WB3d joins a space only to spaces; WB4 attaches only Extend, Format and ZWJ
/// characters, none of them ASCII). So a paragraph and its edited copy need splitting only
/// between the cuts: the words before and after are the same words on both sides.
pub(crate) fn cut(a: &str, b: &str) -> (usize, usize) {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Up to the first difference: the byte before the cut is common; the ones after may differ.
    let l = common_prefix(x, y);
    let p = (1..=l)
        .rev()
        .find(|&i| is_cut(x, i) && is_cut(y, i))
        .unwrap_or(0);
    let (xs, ys) = (&x[p..], &y[p..]);
    let m = common_suffix(xs, ys);
    let s = (1..=m)
        .rev()
        .find(|&s| is_cut(xs, xs.len() - s) && is_cut(ys, ys.len() - s))
        .unwrap_or(0);
    (p, s)
}

/// Whether `t` breaks at `i` as `cut` needs: a space before, and after it an ASCII character
/// other than a space, or the end.
pub(crate) fn is_cut(t: &[u8], i: usize) -> bool {
    i > 0 && t[i - 1] == b' ' && t.get(i).map_or(true, |&c| c != b' ' && c.is_ascii())
}

/// How many bytes `x` and `y` start with in common.
fn common_prefix(x: &[u8], y: &[u8]) -> usize {
    let n = x.len().min(y.len());
    let mut i = 0;
    while i + 8 <= n {
        let d = read_u64(x, i) ^ read_u64(y, i);
        if d != 0 {
            return i + (d.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && x[i] == y[i] {
        i += 1;
    }
    i
}

/// How many bytes `x` and `y` end with in common.
fn common_suffix(x: &[u8], y: &[u8]) -> usize {
    let n = x.len().min(y.len());
    let (lx, ly) = (x.len(), y.len());
    let mut i = 0;
    while i + 8 <= n {
        let d = read_u64(x, lx - i - 8) ^ read_u64(y, ly - i - 8);
        if d != 0 {
            return i + (d.leading_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && x[lx - i - 1] == y[ly - i - 1] {
        i += 1;
    }
    i
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
        // Longer keys (whole paragraphs) in four independent lanes of 8 bytes: one chain of
        // multiplies waits on the one before, four keep the multiplier busy.
        let mut blocks = bytes.chunks_exact(32);
        if len >= 64 {
            let mut lanes = [self.0, SEED, SEED.rotate_left(16), SEED.rotate_left(32)];
            for c in &mut blocks {
                for (k, lane) in lanes.iter_mut().enumerate() {
                    *lane = (lane.rotate_left(5) ^ read_u64(c, 8 * k)).wrapping_mul(SEED);
                }
            }
            self.0 = lanes[0];
            for lane in &lanes[1..] {
                self.add(*lane);
            }
        }
        let rest = if len >= 64 { blocks.remainder() } else { bytes };
        let mut chunks = rest.chunks_exact(8);
        for c in &mut chunks {
            self.add(read_u64(c, 0));
        }
        self.add(read_u64(bytes, len - 8) ^ len as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
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

/// A string of at most 15 bytes as one integer: its bytes in order from the lowest, zeros
/// after them, its length in the highest byte. Read with loads that may overlap rather than a
/// copy of variable length (whose byte stores a wide load then waits for).
fn packed(bytes: &[u8]) -> u128 {
    let len = bytes.len();
    let (lo, hi) = match len {
        0 => (0, 0),
        1..=3 => {
            let (a, b, c) = (bytes[0], bytes[len / 2], bytes[len - 1]);
            (
                u64::from(a) | u64::from(b) << (8 * (len / 2)) | u64::from(c) << (8 * (len - 1)),
                0,
            )
        }
        4..=7 => (
            read_u32(bytes, 0) | read_u32(bytes, len - 4) << (8 * (len - 4)),
            0,
        ),
        8 => (read_u64(bytes, 0), 0),
        _ => (
            read_u64(bytes, 0),
            read_u64(bytes, len - 8) >> (8 * (16 - len)),
        ),
    };
    u128::from(lo) | u128::from(hi | (len as u64) << 56) << 64
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
    /// Strings of 2 to 15 bytes (most words), keyed by their bytes and length packed in one
    /// integer: a lookup compares integers, not strings.
    short: HashMap<u128, u32, FxBuild>,
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
            short: HashMap::with_capacity_and_hasher(n, FxBuild::default()),
            ids: HashMap::default(),
            texts,
            words,
        }
    }

    pub(crate) fn id(&mut self, s: &'a str) -> u32 {
        let bytes = s.as_bytes();
        if let [b] = *bytes {
            if b.is_ascii() {
                return u32::from(b);
            }
        }
        let next = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        let id = if bytes.len() < 16 {
            *self.short.entry(packed(bytes)).or_insert(next)
        } else {
            *self.ids.entry(s).or_insert(next)
        };
        if id == next {
            self.texts.push(s);
            self.words.push(is_word(s));
        }
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

    /// Characters of every word-break class that could join across a cut: spaces, letters,
    /// digits, infix punctuation, combining marks, ZWJ, emoji, regional indicators, Hebrew,
    /// Arabic, Katakana, line ends.
    const MIXED: &[char] = &[
        ' ',
        ' ',
        'a',
        'b',
        '1',
        '.',
        ',',
        '\'',
        ':',
        '_',
        '"',
        '\n',
        '\r',
        '\t',
        '\u{301}',
        '\u{200d}',
        '\u{200b}',
        '\u{a0}',
        '\u{2009}',
        '\u{1f600}',
        '\u{1f1eb}',
        '\u{5d0}',
        '\u{627}',
        '\u{30a2}',
        '\u{e9}',
        '-',
        '\u{3000}',
    ];

    fn mixed(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(MIXED), 0..max)
            .prop_map(|cs| cs.into_iter().collect())
    }

    /// Segments of the pieces of `t` cut at `p` and `len - s`, joined.
    fn pieces(t: &str, p: usize, s: usize) -> Vec<&str> {
        let end = t.len() - s;
        let mut out = split(&t[..p]);
        out.extend(split(&t[p..end]));
        out.extend(split(&t[end..]));
        out
    }

    #[test]
    fn packed_strings_are_their_bytes_and_length() {
        for len in 0..16usize {
            let bytes: Vec<u8> = (0..len).map(|k| b'a' + k as u8).collect();
            let mut want = [0u8; 16];
            want[..len].copy_from_slice(&bytes);
            want[15] = len as u8;
            assert_eq!(packed(&bytes), u128::from_le_bytes(want), "{len}");
        }
        // Same bytes, different lengths: different keys.
        assert_ne!(packed(b"aaaaaaaaa"), packed(b"aaaaaaaaaa"));
    }

    #[test]
    fn cut_keeps_the_words_around_an_edit() {
        let a = "We share data quickly across borders today.";
        let b = "We share data lawfully across borders today.";
        let (p, s) = cut(a, b);
        assert_eq!(&a[..p], "We share data ");
        assert_eq!(&a[a.len() - s..], "across borders today.");
        assert_eq!(cut("same", "same"), (0, 0));
        assert_eq!(cut("", "x y"), (0, 0));
        // Never across a combining mark or a second space.
        let (p, _) = cut("a e\u{301}b", "a e\u{301}c");
        assert_eq!(p, 2);
        let (p, s) = cut("a  b c", "a  b d");
        assert_eq!((p, s), (5, 0));
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
        fn cut_pieces_split_as_the_whole_text(
            head in mixed(12),
            x in mixed(6),
            y in mixed(6),
            tail in mixed(12),
        ) {
            let (a, b) = (format!("{head}{x}{tail}"), format!("{head}{y}{tail}"));
            let (p, s) = cut(&a, &b);
            prop_assert!(p + s <= a.len().min(b.len()));
            prop_assert_eq!(&a[..p], &b[..p]);
            prop_assert_eq!(&a[a.len() - s..], &b[b.len() - s..]);
            prop_assert_eq!(pieces(&a, p, s), split(&a));
            prop_assert_eq!(pieces(&b, p, s), split(&b));
        }

        #[test]
        fn cut_pieces_split_as_the_whole_ascii_text(
            head in "[a-c0-2_.,;:' \r\n\"]{0,30}",
            x in "[a-c0-2_.,;:' ]{0,5}",
            y in "[a-c0-2_.,;:' ]{0,5}",
            tail in "[a-c0-2_.,;:' \r\n\"]{0,30}",
        ) {
            let (a, b) = (format!("{head}{x}{tail}"), format!("{head}{y}{tail}"));
            let (p, s) = cut(&a, &b);
            prop_assert_eq!(pieces(&a, p, s), split(&a));
            prop_assert_eq!(pieces(&b, p, s), split(&b));
        }

        #[test]
        fn count_words_counts_the_word_segments(s in "[ -~\t\r\n]{0,60}", u in mixed(20)) {
            for t in [s.as_str(), u.as_str()] {
                let segments = split(t).into_iter().filter(|x| is_word(x)).count();
                prop_assert_eq!(count_words(t), segments, "{:?}", t);
            }
        }

        #[test]
        fn packed_is_the_bytes_and_length(bytes in proptest::collection::vec(any::<u8>(), 0..16)) {
            let mut want = [0u8; 16];
            want[..bytes.len()].copy_from_slice(&bytes);
            want[15] = bytes.len() as u8;
            prop_assert_eq!(packed(&bytes), u128::from_le_bytes(want));
        }

        #[test]
        fn count_words_upto_stops_at_the_limit(s in "[ -~\t\r\n]{0,60}", u in mixed(20), limit in 0usize..12) {
            for t in [s.as_str(), u.as_str()] {
                prop_assert_eq!(count_words_upto(t, limit), count_words(t).min(limit), "{:?}", t);
            }
        }

        #[test]
        fn count_words_on_word_like_text(s in "([a-c0-2_.,;:' \r\n\"]){0,40}") {
            let segments = split(&s).into_iter().filter(|x| is_word(x)).count();
            prop_assert_eq!(count_words(&s), segments);
        }

        #[test]
        fn any_text_matches(s in "\\PC{0,40}") {
            prop_assert_eq!(split(&s), reference(&s));
        }
    }
}
