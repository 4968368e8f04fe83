//! Unit tests of the alignment, the word diff and the summary.

use super::*;
use crate::document::{Block, BlockKind, Document, Inline};

fn doc(paras: &[&str]) -> Document {
    Document {
        blocks: paras
            .iter()
            .map(|p| Block::new(BlockKind::Paragraph, vec![Inline::text(*p)]))
            .collect(),
        ..Document::default()
    }
}

#[test]
fn identical_documents_have_no_changes() {
    let a = doc(&["One two three.", "Four five."]);
    let d = diff(&a, &a);
    assert!(d.stats.is_empty());
    assert_eq!(summary_line(&a, &a), "no changes");
}

#[test]
fn word_diff_rebuilds_both_texts() {
    let old = "The Secretary General said that cybercrime is rising.";
    let new = "The Secretary General stated clearly that cybercrime keeps rising.";
    let spans = word_diff(old, new);
    assert_eq!(old_text(&spans), old);
    assert_eq!(new_text(&spans), new);
}

#[test]
fn changed_paragraph_counts_words() {
    let a = doc(&["Alpha beta gamma delta.", "Unchanged here."]);
    let b = doc(&["Alpha BETA gamma delta epsilon.", "Unchanged here."]);
    let d = diff(&a, &b);
    assert_eq!(d.stats.paragraphs_changed, 1);
    assert_eq!(d.stats.words_added, 2);
    assert_eq!(d.stats.words_removed, 1);
    assert_eq!(d.stats.summary(), "+2 \u{2212}1 words, 1 paragraph changed");
}

#[test]
fn moved_paragraph_is_reported_as_moved() {
    let a = doc(&[
        "First paragraph about police cooperation.",
        "Second paragraph about cybercrime.",
        "Third paragraph about financial crime.",
        "Fourth paragraph about trafficking.",
    ]);
    let b = doc(&[
        "Second paragraph about cybercrime.",
        "Third paragraph about financial crime.",
        "Fourth paragraph about trafficking.",
        "First paragraph about police cooperation.",
    ]);
    let d = diff(&a, &b);
    assert_eq!(d.stats.paragraphs_moved, 1);
    assert_eq!(d.stats.paragraphs_added, 0);
    assert_eq!(d.stats.paragraphs_removed, 0);
    assert_eq!(d.stats.words_added, 0);
}

#[test]
fn nearly_identical_move_keeps_the_word_edit() {
    let a = doc(&[
        "A paragraph that will move to the end of the text.",
        "Middle one.",
        "Middle two.",
    ]);
    let b = doc(&[
        "Middle one.",
        "Middle two.",
        "A paragraph that will move to the very end of the text.",
    ]);
    let d = diff(&a, &b);
    assert_eq!(d.stats.paragraphs_moved, 1);
    assert_eq!(d.stats.words_added, 1);
}

#[test]
fn french_and_arabic_split_into_words() {
    let spans = word_diff(
        "L'organisation s'engage à coopérer.",
        "L'organisation s'engage à coopérer davantage.",
    );
    assert!(spans
        .iter()
        .any(|s| s.op == SpanOp::Added && s.text.contains("davantage")));
    let old = "تعزيز التعاون الشرطي الدولي";
    let new = "تعزيز التعاون الأمني الدولي";
    let spans = word_diff(old, new);
    let removed: Vec<_> = spans.iter().filter(|s| s.op == SpanOp::Removed).collect();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].text, "الشرطي");
    assert_eq!(new_text(&spans), new);
}

mod properties {
    use proptest::prelude::*;

    use super::super::*;
    use crate::document::BlockKind;

    const WORDS: &[&str] = &[
        "a",
        "b",
        "c",
        "police",
        "réseau",
        "الشرطة",
        "1,5",
        "—",
        "l'ONU",
    ];

    fn para() -> impl Strategy<Value = String> {
        prop::collection::vec(0..WORDS.len(), 1..8)
            .prop_map(|v| v.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" "))
    }

    fn paras(v: &[String]) -> Vec<Para> {
        v.iter()
            .map(|t| Para {
                kind: BlockKind::Paragraph,
                text: t.clone(),
            })
            .collect()
    }

    proptest! {
        /// Walking the items in order rebuilds both texts, paragraph by paragraph.
        #[test]
        fn items_rebuild_both_sides(
            old in prop::collection::vec(para(), 0..10),
            new in prop::collection::vec(para(), 0..10),
        ) {
            let d = diff_paras(paras(&old), paras(&new));
            let mut got_old = Vec::new();
            let mut got_new = Vec::new();
            for item in &d.items {
                match item {
                    Item::Same { old: a, new: b } => {
                        got_old.push(d.old[*a].text.clone());
                        got_new.push(d.new[*b].text.clone());
                    }
                    Item::Changed { spans, .. } => {
                        got_old.push(old_text(spans));
                        got_new.push(new_text(spans));
                    }
                    Item::Removed { old: a } | Item::MovedAway { old: a, .. } => {
                        got_old.push(d.old[*a].text.clone())
                    }
                    Item::Added { new: b } => got_new.push(d.new[*b].text.clone()),
                    Item::MovedHere { spans, .. } => got_new.push(new_text(spans)),
                }
            }
            prop_assert_eq!(got_old, old);
            prop_assert_eq!(got_new, new);
        }
    }
}

#[test]
fn a_rewritten_sentence_is_marked_word_by_word() {
    let a = doc(&[
        "The summit opens on Monday in Singapore.",
        "Delegates arrive from forty countries.",
    ]);
    let b = doc(&[
        "On Tuesday, ministers open the summit in Singapore.",
        "Delegates arrive from forty countries.",
    ]);
    let d = diff(&a, &b);
    assert_eq!(d.stats.paragraphs_changed, 1, "{:?}", d.items);
    assert_eq!(d.stats.paragraphs_removed, 0);
    // Fewer words marked than the 7 + 8 of a whole removal and addition.
    assert!(
        d.stats.words_added + d.stats.words_removed < 15,
        "{:?}",
        d.stats
    );
    // Two sentences rewritten stay a removal and an addition.
    let a = doc(&["One thing happened. Then another.", "Same."]);
    let b = doc(&["Nothing like it. Then more things.", "Same."]);
    assert_eq!(diff(&a, &b).stats.paragraphs_changed, 0);
}

#[test]
fn of_two_paragraphs_that_swap_the_shorter_is_moved() {
    let long = "Le Secrétaire général a rappelé que la coopération policière internationale reste \
        la seule réponse durable aux réseaux criminels qui opèrent par-delà les frontières, \
        et que chaque pays membre doit partager ses données en temps réel, former ses \
        enquêteurs aux outils numériques, protéger les victimes et poursuivre les auteurs \
        avec la même détermination, quelle que soit la distance qui sépare les services \
        concernés, car aucune frontière ne doit servir de refuge.";
    let short = "Les délégués se retrouveront mardi à Dakar pour une séance de travail.";
    // Either way round, and moved one or several places.
    for (a, b) in [
        (vec![long, short], vec![short, long]),
        (vec![short, long], vec![long, short]),
        (
            vec![short, "Un.", "Deux.", long],
            vec![long, "Un.", "Deux.", short],
        ),
        (vec![long, "Un.", short], vec![short, "Un.", long]),
    ] {
        let wrap = |v: &[&'static str]| {
            let mut all = vec!["Ouverture."];
            all.extend_from_slice(v);
            all.push("Clôture.");
            doc(&all)
        };
        let d = diff(&wrap(&a), &wrap(&b));
        let moved: Vec<&str> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::MovedHere { new, .. } => Some(d.new[*new].text.as_str()),
                _ => None,
            })
            .collect();
        assert!(!moved.contains(&long), "{a:?} → {b:?}: {moved:?}");
        assert!(moved.contains(&short), "{a:?} → {b:?}: {moved:?}");
    }
}

#[test]
fn a_superscript_only_edit_is_a_change() {
    use crate::document::{Style, VertAlign};
    let with = |vert| Document {
        blocks: vec![Block::new(
            BlockKind::Paragraph,
            vec![
                Inline::text("The XXI"),
                Inline::Text {
                    text: "e".into(),
                    style: Style {
                        vert,
                        ..Style::default()
                    },
                    link: None,
                },
                Inline::text(" century, two words"),
            ],
        )],
        ..Document::default()
    };
    let (flat, raised, lowered) = (
        with(VertAlign::Baseline),
        with(VertAlign::Superscript),
        with(VertAlign::Subscript),
    );
    assert_eq!(paragraphs(&raised)[0].text, "The XXI^e^ century, two words");
    assert_eq!(
        paragraphs(&lowered)[0].text,
        "The XXI~e~ century, two words"
    );
    for (a, b) in [(&flat, &raised), (&raised, &lowered)] {
        let d = diff(a, b);
        assert_eq!(d.stats.paragraphs_changed, 1);
        assert_ne!(summary_line(a, b), "no changes");
    }
    assert_eq!(summary_line(&raised, &raised), "no changes");
    // In a table's header row, bold says nothing (the row is bold), a superscript does.
    let header = |inlines| Document {
        blocks: vec![Block::new(
            BlockKind::Cell {
                table: 0,
                row: 0,
                col: 0,
                align: crate::document::Align::None,
            },
            inlines,
        )],
        ..Document::default()
    };
    let styled = |text: &str, style| Inline::Text {
        text: text.into(),
        style,
        link: None,
    };
    let km = |style| {
        header(vec![
            Inline::text("Area (km"),
            styled("2", style),
            Inline::text(")"),
        ])
    };
    let bold = Style {
        bold: true,
        ..Style::default()
    };
    let sup = Style {
        vert: VertAlign::Superscript,
        ..Style::default()
    };
    assert_eq!(paragraphs(&km(sup))[0].text, "Area (km^2^)");
    assert_eq!(summary_line(&km(Style::default()), &km(bold)), "no changes");
    assert_ne!(summary_line(&km(Style::default()), &km(sup)), "no changes");
}
