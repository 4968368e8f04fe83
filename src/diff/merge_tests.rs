use proptest::prelude::*;

use super::*;

fn v(ps: &[&str]) -> Vec<String> {
    ps.iter().map(|s| s.to_string()).collect()
}

const P1: &str = "Cybercrime does not stop at borders, and neither can the response to it.";
const P2: &str = "Of some 30,000 suspicious IP addresses identified, more than 22,000 were taken down; 59 servers were seized.";
const P3: &str =
    "Every arrest matters, but so does every server, domain and botnet we take offline.";
const P4: &str =
    "In fraud cases, the first hours decide whether a victim's money is lost for good.";

#[test]
fn one_sided_changes_are_taken_and_disjoint_ones_both() {
    let base = v(&[P1, P2, P3, P4]);
    let edits = v(&[
        P1,
        P2,
        "Every single arrest matters, but so does every server, domain and botnet we take offline.",
        P4,
    ]);
    let inputs = v(&[
        P1,
        "Of some 31,000 suspicious IP addresses identified, more than 22,000 were taken down; 59 servers were seized.",
        P3,
        P4,
    ]);
    let m = merge(&base, &edits, &inputs);
    assert_eq!(m.units, v(&[P1, &inputs[1], &edits[2], P4]));
    assert_eq!(m.edits_kept, 1);
    assert!(m.conflicts.is_empty());
}

#[test]
fn both_sides_in_one_paragraph_on_different_words() {
    let base = v(&[P2]);
    let edits = v(&["Of some 30,000 suspicious IP addresses found, more than 22,000 were taken down; 59 servers were seized."]);
    let inputs = v(&["Of some 30,000 suspicious IP addresses identified, more than 22,000 were taken down; 61 servers were seized."]);
    let m = merge(&base, &edits, &inputs);
    assert_eq!(
        m.units,
        v(&["Of some 30,000 suspicious IP addresses found, more than 22,000 were taken down; 61 servers were seized."])
    );
    assert_eq!((m.edits_kept, m.conflicts.len()), (1, 0));
}

#[test]
fn the_same_words_changed_on_both_sides_keep_the_reviewers_and_record_the_inputs() {
    let base = v(&[P1, P2]);
    let edits = v(&[P1, "Of some 30,000 suspicious IP addresses identified, more than 22,500 were taken down; 59 servers were seized."]);
    let inputs = v(&[P1, "Of some 30,000 suspicious IP addresses identified, more than 24,000 were taken down; 59 servers were seized."]);
    let m = merge(&base, &edits, &inputs);
    assert_eq!(m.units, edits);
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            at: Some(1),
            base: "22,000".into(),
            edits: "22,500".into(),
            inputs: "24,000".into(),
        }]
    );
    assert_eq!(m.edits_kept, 0);
}

#[test]
fn a_paragraph_the_reviewer_removed_but_the_inputs_changed_is_a_conflict() {
    let base = v(&[P1, P2, P3]);
    let edits = v(&[P1, P3]);
    let changed = P2.replace("59", "61");
    let inputs = v(&[P1, &changed, P3]);
    let m = merge(&base, &edits, &inputs);
    assert_eq!(m.units, v(&[P1, P3]));
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            at: Some(0),
            base: P2.into(),
            edits: String::new(),
            inputs: changed,
        }]
    );
    // Removed and unchanged by the inputs: the removal is kept.
    let m = merge(&base, &edits, &v(&[P1, P2, P3, P4]));
    assert_eq!(m.units, v(&[P1, P3, P4]));
    assert_eq!((m.edits_kept, m.conflicts.len()), (1, 0));
}

#[test]
fn a_paragraph_the_inputs_dropped_but_the_reviewer_edited_stays() {
    let base = v(&[P1, P2, P3]);
    let edited = P2.replace("seized", "seized and examined");
    let m = merge(&base, &v(&[P1, &edited, P3]), &v(&[P1, P3, P4]));
    assert_eq!(m.units, v(&[P1, &edited, P3, P4]));
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].inputs, "");
    assert_eq!(m.conflicts[0].edits, edited);
}

#[test]
fn a_moved_paragraph_keeps_the_inputs_word_changes() {
    let base = v(&[P1, P2, P3, P4]);
    // The reviewer moved P2 to the end; the inputs changed a figure in it.
    let edits = v(&[P1, P3, P4, P2]);
    let changed = P2.replace("59", "61");
    let inputs = v(&[P1, &changed, P3, P4]);
    let m = merge(&base, &edits, &inputs);
    assert_eq!(m.units, v(&[P1, P3, P4, &changed]));
    assert!(m.conflicts.is_empty());
    assert_eq!(m.edits_kept, 1);
    // The other way round: the inputs moved it, the reviewer edited it.
    let m = merge(&base, &inputs, &edits);
    assert_eq!(m.units, v(&[P1, P3, P4, &changed]));
}

#[test]
fn additions_on_both_sides_are_kept_in_order() {
    let base = v(&[P1, P2]);
    let edits = v(&[P1, "A sentence the reviewer added.", P2]);
    let inputs = v(&[P1, P2, "A new approved message."]);
    let m = merge(&base, &edits, &inputs);
    assert_eq!(
        m.units,
        v(&[
            P1,
            "A sentence the reviewer added.",
            P2,
            "A new approved message."
        ])
    );
    // At the same place: the reviewer's first, and one copy of what both added.
    let inputs = v(&[
        P1,
        "A new approved message.",
        "A sentence the reviewer added.",
        P2,
    ]);
    let m = merge(&base, &edits, &inputs);
    assert_eq!(
        m.units,
        v(&[
            P1,
            "A sentence the reviewer added.",
            "A new approved message.",
            P2
        ])
    );
}

#[test]
fn lecterns_markdown_headings_lists_notes_and_tables() {
    let base = "# Title\n\n## Purpose\n\nTo prepare the speaker.\n\n- **Date**: 8 December 2026\n\n- **Time**: 09:30\n\n| Operation | Arrests |\n|---|--:|\n| HAECHI V | 5,500 |\n\nSo it goes.[^src-a]\n\n[^src-a]: INTERPOL, *Release*, 2 December 2024\n";
    let edits = base
        .replace("## Purpose", "## Why")
        .replace("- **Time**: 09:30", "- **Time**: 09:45");
    let inputs = base
        .replace("| HAECHI V | 5,500 |", "| HAECHI V | 5,600 |")
        .replace("2 December 2024", "3 December 2024");
    let m = merge_text(base, &edits, &inputs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(
        join(&m.units),
        "# Title\n\n## Why\n\nTo prepare the speaker.\n\n- **Date**: 8 December 2026\n\n- **Time**: 09:45\n\n| Operation | Arrests |\n|---|--:|\n| HAECHI V | 5,600 |\n\nSo it goes.[^src-a]\n\n[^src-a]: INTERPOL, *Release*, 3 December 2024\n"
    );
    // The heading shares no word with the old one: removed and added, two edits.
    assert_eq!(m.edits_kept, 3);
}

#[test]
fn blocks_split_at_blank_lines_and_join_back() {
    let md = "# A\n\nb c\nd\n\n\n- e\n\n| x |\n|---|\n| y |\n";
    assert_eq!(
        blocks(md),
        vec!["# A", "b c\nd", "- e", "| x |\n|---|\n| y |"]
    );
    let units: Vec<String> = blocks("# A\n\nb\n").into_iter().map(String::from).collect();
    assert_eq!(join(&units), "# A\n\nb\n");
    assert!(blocks("").is_empty());
}

// Properties, on paragraphs of distinct words so that every word can be traced.

/// xorshift64*, seeded by proptest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn base_of(paras: usize, words: usize) -> Vec<Vec<String>> {
    (0..paras)
        .map(|p| (0..words + p % 3).map(|k| format!("b{p}w{k}")).collect())
        .collect()
}

fn texts(doc: &[Vec<String>]) -> Vec<String> {
    doc.iter().map(|p| p.join(" ")).collect()
}

/// How one side may touch a paragraph.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Untouched,
    /// Removed, kept, words changed (among those `part` allows), a paragraph added after it.
    Full,
    /// Only words changed, among those `part` allows.
    Words,
}

/// One side's edits of `base`, its new words named after `side`.
fn edit(
    base: &[Vec<String>],
    side: &str,
    seed: u64,
    mode: impl Fn(usize) -> Mode,
    part: impl Fn(usize, usize) -> bool,
    moves: bool,
) -> Vec<Vec<String>> {
    let mut rng = Rng(seed | 1);
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut fresh = 0;
    let word = |fresh: &mut usize| {
        *fresh += 1;
        format!("{side}{fresh}")
    };
    for (p, para) in base.iter().enumerate() {
        let mode = mode(p);
        if mode == Mode::Untouched {
            out.push(para.clone());
            continue;
        }
        let op = if mode == Mode::Words { 2 } else { rng.below(5) };
        match op {
            0 => {
                out.push(Vec::new());
            }
            1 => out.push(para.clone()),
            _ => {
                let mut q = Vec::new();
                for (k, w) in para.iter().enumerate() {
                    if part(k, para.len()) && rng.below(4) == 0 {
                        match rng.below(3) {
                            0 => q.push(word(&mut fresh)),
                            1 => {
                                q.push(w.clone());
                                q.push(word(&mut fresh));
                            }
                            _ => {}
                        }
                    } else {
                        q.push(w.clone());
                    }
                }
                out.push(q);
            }
        }
        // A paragraph added after this one (not after one removed: its place would be
        // the previous paragraph's, which the other side may own).
        if mode == Mode::Full && op != 0 && rng.below(4) == 0 {
            out.push((0..4).map(|_| word(&mut fresh)).collect());
        }
    }
    out.retain(|p| !p.is_empty());
    if moves && out.len() > 2 && rng.below(2) == 0 {
        let from = rng.below(out.len());
        let p = out.remove(from);
        let to = rng.below(out.len() + 1);
        out.insert(to, p);
    }
    out
}

fn words_of(units: &[String]) -> std::collections::HashSet<String> {
    units
        .iter()
        .flat_map(|u| u.split_whitespace().map(String::from))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn identities_hold(paras in 1usize..9, words in 3usize..9, s1 in any::<u64>(), s2 in any::<u64>()) {
        let b = base_of(paras, words);
        let x = texts(&edit(&b, "x", s1, |_| Mode::Full, |_, _| true, true));
        let y = texts(&edit(&b, "y", s2, |_| Mode::Full, |_, _| true, true));
        let b = texts(&b);
        let aligned = |b: &[String], x: &[String], y: &[String]| {
            let own = |ts: &[String]| -> Vec<Para> { ts.iter().map(|t| para(t)).collect() };
            merge_aligned(&own(b), &own(x), &own(y))
        };
        for m in [merge, aligned] {
            prop_assert_eq!(&m(&b, &x, &b).units, &x);
            prop_assert_eq!(&m(&b, &b, &y).units, &y);
            let same = m(&b, &x, &x);
            prop_assert_eq!(&same.units, &x);
            prop_assert!(same.conflicts.is_empty());
        }
    }

    #[test]
    fn disjoint_edits_commute(paras in 1usize..9, words in 6usize..12, owners in any::<u64>(), s1 in any::<u64>(), s2 in any::<u64>()) {
        let b = base_of(paras, words);
        // Each paragraph belongs to x, to y, to neither, or to both (x its first third, y
        // its last).
        let owner = |p: usize| (owners >> (2 * (p % 32))) & 3;
        let mode = |p: usize, me: u64| match owner(p) {
            3 => Mode::Words,
            o if o == me => Mode::Full,
            _ => Mode::Untouched,
        };
        let x = edit(&b, "x", s1, |p| mode(p, 1), |k, n| k < n / 3, false);
        let y = edit(&b, "y", s2, |p| mode(p, 2), |k, n| k >= n - n / 3, false);
        let (b, x, y) = (texts(&b), texts(&x), texts(&y));
        let xy = merge(&b, &x, &y);
        let yx = merge(&b, &y, &x);
        prop_assert_eq!(&xy.units, &yx.units);
        prop_assert!(xy.conflicts.is_empty(), "{:?}", xy.conflicts);
        // Every change of each side is in the result.
        let result = words_of(&xy.units);
        for w in words_of(&x).iter().chain(words_of(&y).iter()) {
            if !w.starts_with('b') {
                prop_assert!(result.contains(w), "{} lost", w);
            }
        }
    }

    #[test]
    fn nothing_is_lost_without_a_conflict(paras in 1usize..9, words in 3usize..9, s1 in any::<u64>(), s2 in any::<u64>()) {
        let b = base_of(paras, words);
        let x = texts(&edit(&b, "x", s1, |_| Mode::Full, |_, _| true, true));
        let y = texts(&edit(&b, "y", s2, |_| Mode::Full, |_, _| true, true));
        let b = texts(&b);
        let own = |ts: &[String]| -> Vec<Para> { ts.iter().map(|t| para(t)).collect() };
        for m in [merge(&b, &x, &y), merge_aligned(&own(&b), &own(&x), &own(&y))] {
            let result = words_of(&m.units);
            let mut listed = std::collections::HashSet::new();
            for c in &m.conflicts {
                for t in [&c.base, &c.edits, &c.inputs] {
                    listed.extend(t.split_whitespace().map(String::from));
                }
            }
            let (bw, xw, yw) = (words_of(&b), words_of(&x), words_of(&y));
            for w in bw.iter().chain(&xw).chain(&yw) {
                // A base word one side removed may go; anything else is in the result or listed.
                let removed = bw.contains(w) && (!xw.contains(w) || !yw.contains(w));
                prop_assert!(removed || result.contains(w) || listed.contains(w), "{} lost", w);
            }
            // And nothing appears from nowhere.
            for w in &result {
                prop_assert!(bw.contains(w) || xw.contains(w) || yw.contains(w));
            }
        }
    }
}

proptest! {
    /// The anchor alignment covers every paragraph of both sides once, pairs equal
    /// paragraphs as the same, and keeps paragraphs in place in reading order.
    #[test]
    fn the_alignment_is_whole_and_in_order(
        old in proptest::collection::vec(0u8..6, 0..40),
        new in proptest::collection::vec(0u8..6, 0..40),
    ) {
        let text = |k: &u8| para(&format!("paragraph {k} of a text with several words"));
        let (o, n): (Vec<Para>, Vec<Para>) = (old.iter().map(text).collect(), new.iter().map(text).collect());
        let (items, _) = align_items(&o, &n);
        let (mut seen_old, mut seen_new) = (vec![0; o.len()], vec![0; n.len()]);
        let mut last = None;
        for item in &items {
            match *item {
                Item::Same { old: a, new: b } | Item::Changed { old: a, new: b, .. } => {
                    seen_old[a] += 1;
                    seen_new[b] += 1;
                    if matches!(item, Item::Same { .. }) {
                        prop_assert_eq!(&o[a].text, &n[b].text);
                    }
                    if let Some((x, y)) = last {
                        prop_assert!(a > x && b > y);
                    }
                    last = Some((a, b));
                }
                Item::MovedHere { old: a, new: b, .. } => {
                    seen_old[a] += 1;
                    seen_new[b] += 1;
                }
                Item::Removed { old: a } => seen_old[a] += 1,
                Item::Added { new: b } => seen_new[b] += 1,
                Item::MovedAway { .. } => {}
            }
        }
        prop_assert!(seen_old.iter().all(|&c| c == 1));
        prop_assert!(seen_new.iter().all(|&c| c == 1));
    }
}

const VOCAB: &[&str] = &[
    "the",
    "the",
    "a",
    "of",
    "data",
    "share",
    "borders,",
    "3.5",
    "l'OIPC",
    "—",
    "coopérer",
];

/// A paragraph of words from a small vocabulary: repeated words make Myers' choices and
/// `similar`'s compaction matter.
fn small_vocab(seed: u64, len: usize) -> Vec<&'static str> {
    let mut rng = Rng(seed | 1);
    (0..len).map(|_| VOCAB[rng.below(VOCAB.len())]).collect()
}

/// `words` with some removed, replaced or followed by a new one.
fn edit_words(words: &[&'static str], seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::new();
    for &w in words {
        match rng.below(8) {
            0 => {}
            1 => out.push(VOCAB[rng.below(VOCAB.len())]),
            2 => {
                out.push(w);
                out.push(VOCAB[rng.below(VOCAB.len())]);
            }
            _ => out.push(w),
        }
    }
    out.join(" ")
}

fn ids_of<'a>(words: &mut Interner<'a>, t: &'a str) -> Vec<u32> {
    token::split(t).into_iter().map(|s| words.id(s)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Comparing two paragraphs between their cuts gives the same word-change count and the
    /// same similarity as comparing them whole.
    #[test]
    fn middles_count_and_score_as_the_whole(seed in any::<u64>(), len in 0usize..30, s2 in any::<u64>()) {
        let words = small_vocab(seed, len);
        let (a, b) = (words.join(" "), edit_words(&words, s2));
        let mut ids = Interner::with_capacity(64);
        let (wa, wb) = (ids_of(&mut ids, &a), ids_of(&mut ids, &b));
        let (p, s) = token::cut(&a, &b);
        let (ma, mb) = (ids_of(&mut ids, &a[p..a.len() - s]), ids_of(&mut ids, &b[p..b.len() - s]));
        prop_assert_eq!(changes(&wa, &wb).len(), changes(&ma, &mb).len());
        let bag = |v: &[u32]| -> Vec<u32> { v.iter().copied().filter(|&i| ids.is_word(i)).collect() };
        let mut counts = vec![0; ids.len()];
        let whole = super::super::similarity(&mut counts, &bag(&wa), &bag(&wb));
        let shared = token::count_words(&a[..p]) + token::count_words(&a[a.len() - s..]);
        let (ba, bb) = (bag(&ma), bag(&mb));
        let common = shared + common_words(&mut counts, &ba, &bb);
        prop_assert_eq!(whole, dice(common, 2 * shared + ba.len() + bb.len()));
    }

    /// The word merge between the cuts is the word merge of the whole paragraphs.
    #[test]
    fn word_merge_between_the_cuts_is_the_whole_merge(seed in any::<u64>(), len in 0usize..30, s1 in any::<u64>(), s2 in any::<u64>(), chain in any::<bool>()) {
        let words = small_vocab(seed, len);
        let base = words.join(" ");
        let e = edit_words(&words, s1);
        // The inputs: the base edited separately, or the reviewer's text edited further.
        let i = if chain {
            let e_words: Vec<&'static str> = e
                .split(' ')
                .filter_map(|w| VOCAB.iter().copied().find(|v| *v == w))
                .collect();
            edit_words(&e_words, s2)
        } else {
            edit_words(&words, s2)
        };
        prop_assert_eq!(merge_words(&base, &e, &i), merge_whole(&base, &e, &i));
        prop_assert_eq!(merge_words(&base, &i, &e), merge_whole(&base, &i, &e));
    }
}

/// `blocks` by another route: every line with its place, the non-blank ones grouped while
/// they follow each other.
fn blocks_by_lines(markdown: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in markdown.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        lines.push((at, at + body.len(), body.trim().is_empty()));
        at += line.len();
    }
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut open = false;
    for (start, end, blank) in lines {
        match (blank, open) {
            (true, _) => open = false,
            (false, true) => groups.last_mut().expect("an open group").1 = end,
            (false, false) => {
                groups.push((start, end));
                open = true;
            }
        }
    }
    groups.into_iter().map(|(s, e)| &markdown[s..e]).collect()
}

proptest! {
    #[test]
    fn blocks_split_as_line_by_line(s in "[a \n\r\t\u{a0}\u{2028}é]{0,60}") {
        prop_assert_eq!(blocks(&s), blocks_by_lines(&s));
    }
}
