//! Import speed: a deterministic 100-page reviewer DOCX (≈ 45,000 words in 900 paragraphs
//! with Word's markup: revision ids, proofing marks, bookmarks, bold and italic runs, 120
//! footnotes, 60 comments, 300 tracked insertions and deletions, 10 tables, a header and a
//! footer), read the way `lectern import` reads it: the package read into the model with its
//! comments and pending changes, written as Markdown, hashed, and its diff paragraphs taken
//! (for "unchanged" and the most similar version). `--write DIR` writes the file as
//! `DIR/review-100p.docx` instead, for a whole-process run (`lectern diff` or `import`).
//!
//!     cargo bench --bench import                  # in-process timings
//!     cargo bench --bench import -- --write DIR   # write DIR/review-100p.docx

use std::io::Write;
use std::time::{Duration, Instant};

use sha2::Digest;

const WORDS: &[&str] = &[
    "police",
    "cooperation",
    "international",
    "member",
    "countries",
    "criminal",
    "networks",
    "cybercrime",
    "ransomware",
    "financial",
    "crime",
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "we",
    "our",
    "must",
    "share",
    "data",
    "victims",
    "borders",
    "operation",
    "arrests",
    "seized",
    "million",
    "training",
    "officers",
    "justice",
];

/// A small deterministic generator (xorshift), so every run reads the same file.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.next() % WORDS.len()]);
        }
        s
    }
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14""#;

fn run(rng: &mut Rng, text: &str) -> String {
    let rpr = match rng.next() % 10 {
        0 => "<w:rPr><w:b/><w:bCs/></w:rPr>",
        1 => "<w:rPr><w:i/><w:iCs/></w:rPr>",
        _ => {
            r#"<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:lang w:val="en-GB"/></w:rPr>"#
        }
    };
    format!(
        r#"<w:r w:rsidR="00A1{:04X}">{rpr}<w:t xml:space="preserve">{text} </w:t></w:r>"#,
        rng.next() % 0xFFFF
    )
}

/// A run of `n` random words.
fn words_run(rng: &mut Rng, n: usize) -> String {
    let text = rng.words(n);
    run(rng, &text)
}

fn build() -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut body = String::new();
    let (mut notes, mut comments, mut changes) = (0, 0, 0);
    let mut footnotes = String::new();
    let mut comment_part = String::new();
    for p in 0..900 {
        if p % 30 == 0 {
            body.push_str(&format!(
                r#"<w:p w14:paraId="{p:08X}"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{}</w:p>"#,
                words_run(&mut rng, 6)
            ));
        }
        if p % 90 == 45 {
            body.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>");
            for _ in 0..6 {
                body.push_str("<w:tr>");
                for _ in 0..3 {
                    body.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/></w:tcPr><w:p>{}</w:p></w:tc>", words_run(&mut rng, 3)));
                }
                body.push_str("</w:tr>");
            }
            body.push_str("</w:tbl>");
        }
        body.push_str(&format!(
            r#"<w:p w14:paraId="{:08X}" w:rsidR="00B2{:04X}"><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr><w:bookmarkStart w:id="{p}" w:name="_p{p}"/>"#,
            p + 10_000,
            rng.next() % 0xFFFF
        ));
        for s in 0..5 {
            let n = 9 + rng.next() % 4;
            let words = rng.words(n);
            body.push_str(&run(&mut rng, &words));
            match (p * 5 + s) % 15 {
                0 if changes < 300 => {
                    changes += 1;
                    body.push_str(&format!(r#"<w:ins w:id="{}" w:author="Ann Reviewer" w:date="2026-11-20T09:00:00Z">{}</w:ins>"#, 50_000 + changes, words_run(&mut rng, 3)));
                }
                1 if changes < 300 => {
                    changes += 1;
                    body.push_str(&format!(r#"<w:del w:id="{}" w:author="Ann Reviewer" w:date="2026-11-20T09:00:00Z"><w:r><w:delText xml:space="preserve">{} </w:delText></w:r></w:del>"#, 50_000 + changes, rng.words(2)));
                }
                2 if notes < 120 => {
                    notes += 1;
                    body.push_str(&format!(r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{notes}"/></w:r>"#));
                    footnotes.push_str(&format!(r#"<w:footnote w:id="{notes}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {}</w:t></w:r></w:p></w:footnote>"#, rng.words(12)));
                }
                3 if comments < 60 => {
                    comments += 1;
                    body.push_str(&format!(r#"<w:commentRangeStart w:id="{comments}"/>{}<w:commentRangeEnd w:id="{comments}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{comments}"/></w:r>"#, words_run(&mut rng, 4)));
                    comment_part.push_str(&format!(r#"<w:comment w:id="{comments}" w:author="Ann Reviewer" w:date="2026-11-20T09:05:00Z" w:initials="AR"><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:annotationRef/></w:r><w:r><w:t>{}</w:t></w:r></w:p></w:comment>"#, rng.words(8)));
                }
                4 => body.push_str(r#"<w:proofErr w:type="spellStart"/><w:r><w:t>Interpol</w:t></w:r><w:proofErr w:type="spellEnd"/>"#),
                _ => {}
            }
        }
        body.push_str(&format!(r#"<w:bookmarkEnd w:id="{p}"/></w:p>"#));
    }
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;
    let part = |root: &str, inner: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NS}>{inner}</w:{root}>"#
        )
    };
    let files = [
        ("[Content_Types].xml".to_string(), r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>"#.to_string()),
        ("_rels/.rels".into(), r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into()),
        ("word/_rels/document.xml.rels".into(), rels.into()),
        ("word/document.xml".into(), part("document", &format!("<w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/><w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body>"))),
        ("word/footnotes.xml".into(), part("footnotes", &format!(r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{footnotes}"#))),
        ("word/comments.xml".into(), part("comments", &comment_part)),
        ("word/header1.xml".into(), part("hdr", "<w:p><w:r><w:t>DRAFT · Version 3 · PUBLIC</w:t></w:r></w:p><w:p><w:r><w:t>Embargoed until 8 December 2026, 10:30</w:t></w:r></w:p>")),
        ("word/footer1.xml".into(), part("ftr", r#"<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#)),
    ];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, text) in files {
        z.start_file(name, opts).expect("zip");
        z.write_all(text.as_bytes()).expect("zip");
    }
    z.finish().expect("zip").into_inner()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = build();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let dir = std::path::Path::new(args.get(i + 1).expect("--write DIR"));
        std::fs::create_dir_all(dir).expect("folder");
        std::fs::write(dir.join("review-100p.docx"), &bytes).expect("write");
        return;
    }
    let once = || {
        let review = lectern::docx::read_review(&bytes).expect("the generated file reads");
        let md = lectern::document::markdown::to_markdown(&review.doc);
        let sha = sha2::Sha256::digest(&bytes);
        let paras = lectern::diff::paragraphs(&review.doc);
        (review, md, sha, paras)
    };
    let (review, md, _, paras) = once();
    println!(
        "review-100p.docx: {} KB, {} words, {} paragraphs, {} footnotes, {} comments, {} pending changes, {} KB of Markdown",
        bytes.len() / 1024,
        review.doc.word_count(),
        paras.len(),
        review.doc.footnotes.len(),
        review.comments.len(),
        review.pending.len(),
        md.len() / 1024
    );
    let mut times: Vec<Duration> = (0..30)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(once());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "import read (package → model, comments, changes, Markdown, sha256, paragraphs): median {:.1} ms, min {:.1} ms, max {:.1} ms over {} runs",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}
