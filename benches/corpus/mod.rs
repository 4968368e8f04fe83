//! The deterministic documents the diff and merge benchmarks share: paragraphs of sentences of
//! words from a fixed vocabulary, and copies of them with ~5% of sentences edited.

const VOCAB: &[&str] = &[
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
    "trafficking",
    "human",
    "beings",
    "drugs",
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
    "as",
    "by",
    "we",
    "our",
    "their",
    "must",
    "will",
    "can",
    "share",
    "data",
    "quickly",
    "lawfully",
    "across",
    "borders",
    "Secretary",
    "General",
    "organisation",
    "analysts",
    "notices",
    "operations",
    "arrests",
    "seized",
    "million",
    "victims",
    "partners",
    "global",
    "response",
    "security",
    "threats",
    "evolving",
    "technology",
    "investigators",
    "training",
    "capacity",
    "building",
    "regional",
    "bureaus",
    "databases",
    "fugitives",
    "environment",
    "terrorism",
    "support",
    "strengthen",
    "protect",
    "communities",
    "every",
    "region",
    "today",
    "together",
    "more",
    "than",
    "years",
    "last",
    "year",
    "new",
    "approach",
    "priority",
    "policing",
    "future",
];

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Paragraphs of sentences of words, about `words` words in all.
pub(crate) fn generate(words: usize, seed: u64) -> Vec<Vec<Vec<String>>> {
    let mut rng = Rng(seed);
    let mut doc = Vec::new();
    let mut total = 0;
    while total < words {
        let mut para = Vec::new();
        for _ in 0..3 + rng.below(5) {
            let n = 8 + rng.below(13);
            let mut s: Vec<String> = (0..n)
                .map(|_| VOCAB[rng.below(VOCAB.len())].to_string())
                .collect();
            let mut first = s[0].chars();
            if let Some(c) = first.next() {
                s[0] = c.to_uppercase().chain(first).collect();
            }
            total += n;
            para.push(s);
        }
        doc.push(para);
    }
    doc
}

/// ~5% of sentences edited (a word replaced, inserted or deleted), and one paragraph moved
/// when `moved`.
pub(crate) fn edit(doc: &[Vec<Vec<String>>], seed: u64, moved: bool) -> Vec<Vec<Vec<String>>> {
    let mut rng = Rng(seed);
    let mut out: Vec<Vec<Vec<String>>> = doc.to_vec();
    for para in &mut out {
        for s in para.iter_mut() {
            if rng.below(100) >= 5 {
                continue;
            }
            let at = rng.below(s.len());
            let w = VOCAB[rng.below(VOCAB.len())].to_string();
            match rng.below(3) {
                0 => s[at] = w,
                1 => s.insert(at, w),
                _ if s.len() > 2 => {
                    s.remove(at);
                }
                _ => s.push(w),
            }
        }
    }
    if moved {
        let from = out.len() / 5;
        let to = out.len() * 4 / 5;
        let p = out.remove(from);
        out.insert(to, p);
    }
    out
}

/// The document as Markdown paragraphs.
pub(crate) fn text(doc: &[Vec<Vec<String>>]) -> String {
    let paras: Vec<String> = doc
        .iter()
        .map(|p| {
            p.iter()
                .map(|s| format!("{}.", s.join(" ")))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut s = paras.join("\n\n");
    s.push('\n');
    s
}
