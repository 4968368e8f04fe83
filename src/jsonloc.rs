//! Where a value sits in a JSON text, by its path (`facts` → 1 → `id`): serde_json gives
//! positions only for errors, and an error about a well-formed file (a governance refusal, a
//! reference to an unknown id) should still point at the string the user wrote. A small scanner
//! over the text, enough for files that already parsed; on anything unexpected it gives up
//! (`None`) and the caller falls back to the file alone.

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The byte offset where the value at `path` starts in `text`. When the text is an array of
/// objects (a file holding several items), the path starts inside the item whose `"id"` is
/// `item_id`.
pub fn offset_of(text: &str, item_id: &str, path: &[Step<'_>]) -> Option<usize> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    if s.b.starts_with("\u{feff}".as_bytes()) {
        s.i = 3;
    }
    s.ws();
    if s.peek()? == b'[' {
        // Find the element whose "id" is `item_id`.
        s.i += 1;
        loop {
            s.ws();
            if s.peek()? == b']' {
                return None;
            }
            let start = s.i;
            let mut probe = Scanner { b: s.b, i: start };
            if probe.find(&[Step::Key("id")]).is_some() && probe.string()? == item_id {
                s.i = start;
                return s.find(path);
            }
            s.i = start;
            s.value()?;
            s.ws();
            if s.peek()? == b',' {
                s.i += 1;
            }
        }
    }
    s.find(path)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Move to the start of the value at `path`, from the value starting here.
    fn find(&mut self, path: &[Step<'_>]) -> Option<usize> {
        self.ws();
        let Some((step, rest)) = path.split_first() else {
            return Some(self.i);
        };
        match (*step, self.peek()?) {
            (Step::Key(key), b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.i += 1;
                    self.ws();
                    if k == key {
                        return self.find(rest);
                    }
                    self.value()?;
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        _ => return None,
                    }
                }
            }
            (Step::Index(n), b'[') => {
                self.i += 1;
                for _ in 0..n {
                    self.ws();
                    self.value()?;
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        _ => return None,
                    }
                }
                self.ws();
                if self.peek()? == b']' {
                    return None;
                }
                self.find(rest)
            }
            _ => None,
        }
    }

    /// Read a string here and return its contents (escapes decoded through serde_json).
    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.i;
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        let raw = std::str::from_utf8(&self.b[start..self.i]).ok()?;
        serde_json::from_str(raw).ok()
    }

    /// Skip the value starting here.
    fn value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                loop {
                    self.ws();
                    if self.peek()? == close {
                        self.i += 1;
                        return Some(());
                    }
                    if open == b'{' {
                        self.string()?;
                        self.ws();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.i += 1;
                    }
                    self.value()?;
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        c if c == close => {}
                        _ => return None,
                    }
                }
            }
            _ => {
                // A number, true, false or null.
                let start = self.i;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_by_path() {
        let text = "{\n  \"id\": \"e\",\n  \"facts\": [\"a\", {\"kinds\": [\"speech\"], \"id\": \"b\"}],\n  \"qa\": [{\"question\": \"q\\\"?\", \"messages\": [\"m\"]}]\n}";
        let at = |p: &[Step<'_>]| offset_of(text, "e", p).map(|i| &text[i..i + 3]);
        assert_eq!(at(&[Step::Key("facts"), Step::Index(0)]), Some("\"a\""));
        assert_eq!(
            at(&[Step::Key("facts"), Step::Index(1), Step::Key("id")]),
            Some("\"b\"")
        );
        assert_eq!(
            at(&[
                Step::Key("qa"),
                Step::Index(0),
                Step::Key("messages"),
                Step::Index(0)
            ]),
            Some("\"m\"")
        );
        assert_eq!(at(&[Step::Key("facts"), Step::Index(2)]), None);
        assert_eq!(at(&[Step::Key("nope")]), None);
    }

    #[test]
    fn a_file_of_several_items_is_searched_in_the_right_one() {
        let text = r#"[{"id": "x", "facts": ["a"]}, {"id": "y", "facts": ["b", "c"]}]"#;
        let i = offset_of(text, "y", &[Step::Key("facts"), Step::Index(1)]).unwrap();
        assert_eq!(&text[i..i + 3], "\"c\"");
        assert_eq!(offset_of(text, "z", &[Step::Key("facts")]), None);
    }

    #[test]
    fn broken_text_gives_up_without_panicking() {
        for t in [
            "",
            "{",
            "{\"facts\": [",
            "[{\"id\": \"y\"",
            "{\"a\" 1}",
            "\"\\",
        ] {
            let _ = offset_of(t, "y", &[Step::Key("facts"), Step::Index(3)]);
        }
    }
}
