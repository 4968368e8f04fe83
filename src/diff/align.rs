//! Paragraph alignment that keeps the most words in place, and the rule that pairs a rewritten
//! one-sentence paragraph with its old wording.
//!
//! Patience alignment anchors on paragraphs that occur once in each text and keeps the longest
//! run of them in order; when two paragraphs change places, which one stays and which one is
//! reported as moved is a tie it breaks blindly, so a 13-word paragraph moved above an 82-word
//! one can be reported as the 82 words moving. Here the anchors are the heaviest such run,
//! weighted by words, so the paragraphs reported as moved explain the fewest words; between
//! anchors Patience runs as before. Without crossings (no paragraph moved) the anchors are all
//! unique paragraphs and the result is Patience's.

use similar::{Algorithm, DiffOp};

use super::Para;

/// Align paragraphs numbered `old_h` / `new_h` (equal numbers: equal text).
pub(super) fn align(old_h: &[u32], new_h: &[u32], old: &[Para]) -> Vec<DiffOp> {
    let anchors = anchors(old_h, new_h, |i| spaced_words(&old[i].text));
    let Some(anchors) = anchors else {
        return similar::capture_diff_slices(Algorithm::Patience, old_h, new_h);
    };
    let mut ops = Vec::new();
    let (mut o, mut n) = (0usize, 0usize);
    for (a, b) in anchors
        .into_iter()
        .chain(std::iter::once((old_h.len(), new_h.len())))
    {
        if o < a || n < b {
            let gap = similar::capture_diff_slices(Algorithm::Patience, &old_h[o..a], &new_h[n..b]);
            ops.extend(gap.into_iter().map(|op| shift(op, o, n)));
        }
        if a < old_h.len() {
            // Anchors next to each other make one run of equal paragraphs.
            match ops.last_mut() {
                Some(DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                }) if *old_index + *len == a && *new_index + *len == b => *len += 1,
                _ => ops.push(DiffOp::Equal {
                    old_index: a,
                    new_index: b,
                    len: 1,
                }),
            }
        }
        (o, n) = (a + 1, b + 1);
    }
    ops
}

fn shift(op: DiffOp, o: usize, n: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + o,
            new_index: new_index + n,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + o,
            old_len,
            new_index: new_index + n,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + o,
            new_index: new_index + n,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + o,
            old_len,
            new_index: new_index + n,
            new_len,
        },
    }
}

/// The paragraphs kept in place when unique paragraphs cross (some moved): the in-order set
/// of paragraphs unique on both sides with the most words (`words` of an old paragraph), as
/// (old, new) positions in order. `None` when nothing crosses: Patience alone decides.
pub(super) fn anchors(
    old_h: &[u32],
    new_h: &[u32],
    words: impl Fn(usize) -> usize,
) -> Option<Vec<(usize, usize)>> {
    use std::collections::HashMap;
    // Paragraph number → its positions in new, and how many times it is in old. A paragraph
    // found as many times on each side pairs in order, the first with the first: a repeated
    // one ("Thank you.", or a key message said again in the closing) still holds its place,
    // so the paragraphs around it are not reported as moved in its stead.
    let mut seen: HashMap<u32, (Vec<usize>, usize), super::token::FxBuild> =
        HashMap::with_capacity_and_hasher(new_h.len(), Default::default());
    for (j, &h) in new_h.iter().enumerate() {
        seen.entry(h).or_default().0.push(j);
    }
    for &h in old_h {
        if let Some(e) = seen.get_mut(&h) {
            e.1 += 1;
        }
    }
    let mut taken: HashMap<u32, usize, super::token::FxBuild> = HashMap::default();
    let pairs: Vec<(usize, usize)> = old_h
        .iter()
        .enumerate()
        .filter_map(|(i, &h)| {
            let (at, in_old) = seen.get(&h)?;
            if at.len() != *in_old {
                return None;
            }
            let k = taken.entry(h).or_insert(0);
            *k += 1;
            at.get(*k - 1).map(|&j| (i, j))
        })
        .collect();
    if pairs.windows(2).all(|w| w[0].1 < w[1].1) {
        return None;
    }
    // Heaviest increasing subsequence of the new positions: a Fenwick tree over new
    // positions holds, for each prefix, the best total ending there and where it ends.
    let size = new_h.len() + 1;
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); size];
    let mut back: Vec<usize> = vec![usize::MAX; pairs.len()];
    let mut total: Vec<u64> = vec![0; pairs.len()];
    for (k, &(i, j)) in pairs.iter().enumerate() {
        // Best chain ending at a new position below j.
        let (mut best, mut from) = (0u64, usize::MAX);
        let mut x = j;
        while x > 0 {
            if tree[x].0 > best {
                (best, from) = tree[x];
            }
            x &= x - 1;
        }
        // One more than its words, so an empty paragraph still counts.
        total[k] = best + words(i) as u64 + 1;
        back[k] = from;
        let mut x = j + 1;
        while x < size {
            if total[k] > tree[x].0 {
                tree[x] = (total[k], k);
            }
            x += x & x.wrapping_neg();
        }
    }
    let mut k = (0..pairs.len()).max_by_key(|&k| (total[k], std::cmp::Reverse(k)))?;
    let mut chain = vec![pairs[k]];
    while back[k] != usize::MAX {
        k = back[k];
        chain.push(pairs[k]);
    }
    chain.reverse();
    Some(chain)
}

/// Words as separated by spaces: a byte scan, cheap enough to weigh every paragraph of a
/// long document (Unicode word segmentation of 200,000 words costs about 2 ms).
fn spaced_words(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let space = matches!(b, b' ' | b'\n' | b'\t' | b'\r');
        n += usize::from(!space && !in_word);
        in_word = !space;
    }
    n
}

/// A paragraph of one sentence: no sentence end before its last words.
pub(super) fn one_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let t = t.trim_end_matches(['.', '!', '?', '؟', '…', '"', '»', '”', ')']);
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '؟' | '…')
            && chars.peek().is_some_and(|n| n.is_whitespace())
        {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn of_two_paragraphs_that_swap_the_shorter_one_moves() {
        // Old: X A B Y; new: X B A Y. A has 82 words, B 13.
        let words = |i: usize| [5, 82, 13, 5][i];
        let chain = anchors(&[0, 1, 2, 3], &[0, 2, 1, 3], words).expect("crossing");
        assert_eq!(chain, vec![(0, 0), (1, 2), (3, 3)]);
        // The other way round, B stays.
        let words = |i: usize| [5, 13, 82, 5][i];
        let chain = anchors(&[0, 1, 2, 3], &[0, 2, 1, 3], words).expect("crossing");
        assert_eq!(chain, vec![(0, 0), (2, 1), (3, 3)]);
    }

    #[test]
    fn a_paragraph_moved_far_is_the_one_moved_not_the_many_it_passed() {
        // Old: A B C D E; new: B C D E A, every paragraph 10 words: A moves.
        let chain = anchors(&[0, 1, 2, 3, 4], &[1, 2, 3, 4, 0], |_| 10).expect("crossing");
        assert_eq!(chain, vec![(1, 0), (2, 1), (3, 2), (4, 3)]);
        // But a long A passing three short ones stays, and they move.
        let words = |i: usize| if i == 0 { 200 } else { 10 };
        let chain = anchors(&[0, 1, 2, 3, 4], &[1, 2, 3, 4, 0], words).expect("crossing");
        assert_eq!(chain, vec![(0, 4)]);
    }

    #[test]
    fn without_crossings_patience_decides() {
        assert_eq!(anchors(&[0, 1, 2], &[0, 5, 1, 2], |_| 1), None);
        // Paragraphs repeated a different number of times are never anchors.
        assert_eq!(anchors(&[0, 0, 1], &[1, 0], |_| 1), None);
    }

    #[test]
    fn repeated_paragraphs_pair_in_order_and_hold_their_place() {
        // Old: P B W X, new: B W P X, where B and X are the same text (a message said again).
        // P (24 words) moves, not W (23) and B (30) around it.
        let (p, b, w) = (0, 1, 2);
        let words = |i: usize| [24, 30, 23, 30][i];
        let chain = anchors(&[p, b, w, b], &[b, w, p, b], words).expect("crossing");
        assert_eq!(chain, vec![(1, 0), (2, 1), (3, 3)]);
    }

    #[test]
    fn alignment_with_anchors_covers_both_texts_in_order() {
        let paras = |n: usize| -> Vec<Para> {
            (0..n)
                .map(|i| Para {
                    kind: crate::document::BlockKind::Paragraph,
                    text: "w ".repeat(i + 1),
                })
                .collect()
        };
        let (old, new) = ([0u32, 1, 2, 3, 4, 5], [0u32, 9, 2, 1, 3, 5, 4]);
        let ops = align(&old, &new, &paras(6));
        let (mut o, mut n) = (0, 0);
        for op in &ops {
            let (_, a, b) = op.as_tag_tuple();
            assert_eq!((a.start, b.start), (o, n), "{ops:?}");
            (o, n) = (a.end, b.end);
        }
        assert_eq!((o, n), (old.len(), new.len()));
    }

    #[test]
    fn words_are_counted_between_spaces() {
        assert_eq!(spaced_words(""), 0);
        assert_eq!(spaced_words("  un  deux\ttrois\n"), 3);
        assert_eq!(spaced_words("التعاون الدولي"), 2);
    }

    #[test]
    fn one_sentence_paragraphs() {
        assert!(one_sentence("The summit opens on Monday."));
        assert!(one_sentence("Le sommet s’ouvre lundi à 9 h 30 !"));
        assert!(!one_sentence("One. Two."));
        assert!(!one_sentence("يبدأ المؤتمر يوم الاثنين؟ ثم ينتهي."));
    }
}
