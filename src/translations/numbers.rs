//! Reading the numbers a text states, with its language's conventions, so that each
//! translation can be held to the figures of its source: `5,500` (en), `5 500` with a space, a
//! no-break space or a narrow no-break space (fr, es; the no-break ones in any language),
//! `5.500` (es), `٥٬٥٠٠` (Arabic-Indic digits with the Arabic thousands separator); decimals
//! `3.5`, `3,5`, `٣٫٥`. Percent signs and words around a number do not matter (`5 %`, `%5`,
//! `٪٥`, "5 per cent" all state 5); ordinals (`1st`, `2e`, `3.º`) and list numbering at the
//! start of a line are not figures and are skipped.

use std::fmt;

use crate::library::Lang;

/// A number as its digits: the integer part without leading zeros, the fraction without
/// trailing zeros, so `3.50`, `3,5` and `٣٫٥` are the same number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Number {
    pub int: String,
    pub frac: String,
}

impl Number {
    /// From ASCII digit strings.
    pub fn new(int: &str, frac: &str) -> Number {
        let int = int.trim_start_matches('0');
        Number {
            int: if int.is_empty() { "0" } else { int }.to_string(),
            frac: frac.trim_end_matches('0').to_string(),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.int)?;
        if !self.frac.is_empty() {
            write!(f, ".{}", self.frac)?;
        }
        Ok(())
    }
}

/// The value of a digit: ASCII, Arabic-Indic (U+0660…) or Extended Arabic-Indic (U+06F0…).
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{660}'..='\u{669}' => char::from_digit(c as u32 - 0x660, 10),
        '\u{6F0}'..='\u{6F9}' => char::from_digit(c as u32 - 0x6F0, 10),
        _ => None,
    }
}

fn is_arabic_digit(c: char) -> bool {
    matches!(c, '\u{660}'..='\u{669}' | '\u{6F0}'..='\u{6F9}')
}

/// The separators a number may use in `lang`, given the digits it is written with.
struct Convention {
    group: &'static [char],
    decimal: &'static [char],
}

const NBSP: char = '\u{A0}';
const NNBSP: char = '\u{202F}';

fn convention(lang: Lang, arabic_digits: bool) -> Convention {
    if arabic_digits {
        // ٬ (U+066C) groups, ٫ (U+066B) is the decimal point; a comma is a list comma (،).
        return Convention {
            group: &['\u{66C}', NBSP, NNBSP],
            decimal: &['\u{66B}'],
        };
    }
    match lang {
        Lang::En | Lang::Ar => Convention {
            group: &[',', NBSP, NNBSP],
            decimal: &['.'],
        },
        Lang::Fr => Convention {
            group: &[' ', NBSP, NNBSP],
            decimal: &[','],
        },
        Lang::Es => Convention {
            group: &['.', ' ', NBSP, NNBSP],
            decimal: &[','],
        },
    }
}

/// Letters after a number that make it an ordinal (1st, 2e, 3.º, 4ª), by language; compared
/// in lower case.
fn is_ordinal_suffix(lang: Lang, word: &str) -> bool {
    const EN: &[&str] = &["st", "nd", "rd", "th"];
    const FR: &[&str] = &[
        "e", "er", "re", "ère", "ème", "eme", "es", "ers", "res", "ères", "èmes", "nd", "nde", "ᵉ",
        "ᵉʳ", "ʳᵉ",
    ];
    const ES: &[&str] = &[
        "º", "ª", "o", "a", "os", "as", "er", "ero", "era", "ro", "ra", "do", "da", "to", "ta",
        "vo", "va", "no", "na", "mo", "ma",
    ];
    let w = word.to_lowercase();
    if matches!(w.as_str(), "º" | "ª" | "ᵉ" | "ʳᵉ" | "ᵉʳ" | "ᵉʳᵉ") {
        return true;
    }
    let list = match lang {
        Lang::En => EN,
        Lang::Fr => FR,
        Lang::Es => ES,
        Lang::Ar => return false,
    };
    list.contains(&w.as_str())
}

/// Every number `text` states, in order, read with `lang`'s conventions.
pub fn read(text: &str, lang: Lang) -> Vec<Number> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Only blanks since the line started (list numbering is a figure of nothing).
    let mut line_start = true;
    while i < chars.len() {
        let c = chars[i];
        if c == '(' && lang == Lang::Ar {
            if let Some(close) = latin_gloss(&chars[i..]) {
                i += close + 1;
                line_start = false;
                continue;
            }
        }
        if digit(c).is_none() {
            if c == '\n' {
                line_start = true;
            } else if !c.is_whitespace() {
                line_start = false;
            }
            i += 1;
            continue;
        }
        let arabic = is_arabic_digit(c);
        let conv = convention(lang, arabic);
        let run = |from: usize| -> usize {
            let mut j = from;
            while j < chars.len() && digit(chars[j]).is_some() {
                j += 1;
            }
            j
        };
        let digits = |from: usize, to: usize| -> String {
            chars[from..to].iter().filter_map(|&c| digit(c)).collect()
        };
        let start = i;
        let mut end = run(i);
        let mut int = digits(start, end);
        // Groups of exactly three digits after a first group of one to three.
        if end - start <= 3 {
            while let Some(&sep) = chars.get(end) {
                if !conv.group.contains(&sep) {
                    break;
                }
                let next = end + 1;
                let stop = run(next);
                if stop - next != 3 {
                    break;
                }
                int.push_str(&digits(next, stop));
                end = stop;
            }
        }
        let mut frac = String::new();
        if let Some(&sep) = chars.get(end) {
            if conv.decimal.contains(&sep) {
                let next = end + 1;
                let stop = run(next);
                if stop > next {
                    frac = digits(next, stop);
                    end = stop;
                }
            }
        }
        // List numbering: "1." or "2)" first on a line, followed by a blank.
        let numbering = line_start
            && frac.is_empty()
            && end - start <= 3
            && matches!(chars.get(end), Some('.' | ')'))
            && chars.get(end + 1).map_or(true, |c| c.is_whitespace());
        // Ordinals: letters glued to the number (a dot may come first: 1.º).
        let mut k = end;
        if chars.get(k) == Some(&'.') && frac.is_empty() {
            k += 1;
        }
        let mut w = k;
        while w < chars.len() && (chars[w].is_alphabetic() || matches!(chars[w], 'º' | 'ª')) {
            w += 1;
        }
        let suffix: String = chars[k..w].iter().collect();
        let ordinal = w > k
            && frac.is_empty()
            && (k == end || matches!(suffix.as_str(), "º" | "ª"))
            && is_ordinal_suffix(lang, &suffix);
        if !numbering && !ordinal {
            out.push(Number::new(&int, &frac));
        }
        line_start = false;
        i = if ordinal { w } else { end };
    }
    out
}

/// In Arabic text, a parenthesis written in Latin letters glosses a name in its original
/// form (`«الضوء الأول 2024» (First Light 2024)`): it repeats the source rather than stating
/// figures. Returns the offset of its `)`.
fn latin_gloss(chars: &[char]) -> Option<usize> {
    let close = chars
        .iter()
        .take(200)
        .position(|&c| c == ')' || c == '\n')?;
    if chars[close] != ')' {
        return None;
    }
    let inner = &chars[1..close];
    let letters = inner.iter().filter(|c| c.is_alphabetic()).count();
    (letters > 0
        && inner
            .iter()
            .filter(|c| c.is_alphabetic())
            .all(char::is_ascii_alphabetic))
    .then_some(close)
}

/// The numbers of `a` not in `b`, as a multiset difference, in `a`'s order.
pub fn missing_from(a: &[Number], b: &[Number]) -> Vec<Number> {
    let mut rest: Vec<&Number> = b.iter().collect();
    let mut out = Vec::new();
    for n in a {
        match rest.iter().position(|m| *m == n) {
            Some(p) => {
                rest.swap_remove(p);
            }
            None => out.push(n.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(text: &str, lang: Lang) -> Vec<String> {
        read(text, lang).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn each_languages_conventions() {
        assert_eq!(
            shown("5,500 people, 3.5 per cent", Lang::En),
            ["5500", "3.5"]
        );
        assert_eq!(shown("5 500 personnes, 3,5 %", Lang::Fr), ["5500", "3.5"]);
        assert_eq!(
            shown("5\u{A0}500 et 5\u{202F}500", Lang::Fr),
            ["5500", "5500"]
        );
        assert_eq!(shown("5.500 personas, 3,5 %", Lang::Es), ["5500", "3.5"]);
        assert_eq!(shown("٥٬٥٠٠ شخص و٣٫٥٪", Lang::Ar), ["5500", "3.5"]);
        assert_eq!(shown("نسبة %5 و٪٥ و5,500", Lang::Ar), ["5", "5", "5500"]);
        assert_eq!(
            shown(
                "«الضوء الأول 2024» (First Light 2024)، 61 بلداً (٦١)",
                Lang::Ar
            ),
            ["2024", "61", "61"]
        );
        assert_eq!(shown("3,708 tons", Lang::En), ["3708"]);
        assert_eq!(shown("3.708 toneladas", Lang::Es), ["3708"]);
        assert_eq!(shown("292 000 000", Lang::Fr), ["292000000"]);
        assert_eq!(shown("1,234,567.250", Lang::En), ["1234567.25"]);
    }

    #[test]
    fn years_stay_whole_and_are_not_grouped() {
        assert_eq!(shown("in 2023, 500 people", Lang::En), ["2023", "500"]);
        assert_eq!(shown("en 2023 500 personnes", Lang::Fr), ["2023", "500"]);
        assert_eq!(shown("entre 2024 y 2025.", Lang::Es), ["2024", "2025"]);
        assert_eq!(
            shown("aged 15 to 64 in 2022-2023", Lang::En),
            ["15", "64", "2022", "2023"]
        );
    }

    #[test]
    fn ordinals_and_list_numbering_are_not_figures() {
        assert_eq!(
            shown("the 21st century, 2nd and 3rd", Lang::En),
            Vec::<String>::new()
        );
        assert_eq!(
            shown("le 2e rang, le 1er janvier, XXIe siècle", Lang::Fr),
            Vec::<String>::new()
        );
        assert_eq!(
            shown("el 1.º de mayo, la 3ª vez, 2do", Lang::Es),
            Vec::<String>::new()
        );
        assert_eq!(
            shown("1. First\n2) Second\n  3. Third 40", Lang::En),
            ["40"]
        );
        assert_eq!(shown("G20 and COVID-19", Lang::En), ["20", "19"]);
    }

    #[test]
    fn commas_and_points_that_are_not_in_numbers() {
        assert_eq!(shown("1, 2 and 3.", Lang::En), ["1", "2", "3"]);
        assert_eq!(shown("3,5", Lang::En), ["3", "5"]);
        assert_eq!(shown("en 2022, 15 pays.", Lang::Fr), ["2022", "15"]);
        assert_eq!(shown("٥، ٦", Lang::Ar), ["5", "6"]);
    }

    #[test]
    fn multiset_difference() {
        let a = read("5, 5, 6", Lang::En);
        let b = read("5, 6, 7", Lang::En);
        assert_eq!(missing_from(&a, &b), [Number::new("5", "")]);
        assert_eq!(missing_from(&b, &a), [Number::new("7", "")]);
    }

    /// `n` written the way `style` writes numbers.
    fn write(int: u64, frac: &str, style: usize) -> (String, Lang) {
        let digits = int.to_string();
        let (group, decimal, lang, arabic) = match style {
            0 => (",", ".", Lang::En, false),
            1 => ("\u{A0}", ",", Lang::Fr, false),
            2 => ("\u{202F}", ",", Lang::Fr, false),
            3 => (" ", ",", Lang::Fr, false),
            4 => (".", ",", Lang::Es, false),
            5 => ("\u{66C}", "\u{66B}", Lang::Ar, true),
            6 => (",", ".", Lang::Ar, false),
            _ => ("\u{A0}", ".", Lang::En, false),
        };
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(c);
        }
        if !frac.is_empty() {
            grouped.push_str(decimal);
            grouped.push_str(frac);
        }
        if arabic {
            grouped = grouped
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x660 + d).unwrap(),
                    None => c,
                })
                .collect();
        }
        (grouped, lang)
    }

    proptest! {
        /// Any number, written in any convention inside a sentence, reads back as itself.
        #[test]
        fn written_numbers_read_back(
            int in 0u64..10_000_000_000,
            frac in "[0-9]{0,3}",
            style in 0usize..8,
            percent in proptest::bool::ANY,
        ) {
            let (written, lang) = write(int, &frac, style);
            let sign = match (lang, percent) {
                (_, false) => "",
                (Lang::Ar, true) => "٪",
                (Lang::Fr, true) => "\u{202F}%",
                (_, true) => " %",
            };
            let text = format!("Over {written}{sign} of them.");
            let got = read(&text, lang);
            prop_assert_eq!(got, vec![Number::new(&int.to_string(), &frac)], "{}", text);
        }

        /// A list of numbers in one convention reads as the same multiset in another.
        #[test]
        fn the_same_figures_agree_across_conventions(
            ints in proptest::collection::vec(0u64..100_000_000, 1..6),
            a in 0usize..8,
            b in 0usize..8,
        ) {
            let text = |style: usize| {
                let mut lang = Lang::En;
                let parts: Vec<String> = ints.iter().map(|&n| {
                    let (w, l) = write(n, "", style);
                    lang = l;
                    w
                }).collect();
                (parts.join(" ; "), lang)
            };
            let (ta, la) = text(a);
            let (tb, lb) = text(b);
            let (ra, rb) = (read(&ta, la), read(&tb, lb));
            prop_assert!(missing_from(&ra, &rb).is_empty() && missing_from(&rb, &ra).is_empty(), "{} | {}", ta, tb);
        }
    }
}
