//! An elasticlunr.js index (the format `elasticlunr.Index.load` reads, version 0.9.5) written
//! straight from each document's words, without holding the index as elasticlunr's tree of
//! characters: each field keeps, for each word, the documents that hold it and how many times;
//! the tree is written from the words in order. It is the index elasticlunr-rs builds for the same
//! words with no pipeline and no documents stored, made lighter as it is written without changing
//! what elasticlunr.js finds: a node that ends no word has no `docs` nor `df` (the library reads
//! them only where `df` is above zero), and term frequencies keep two decimals. At 10,000
//! objectives the tree held about 33 MB while the site was built.

use std::collections::HashMap;
use std::io::{self, Write};

/// The fields, in the order documents give their words.
pub const FIELDS: [&str; 2] = ["titolo", "testo"];

/// The index, as the documents are added.
#[derive(Default)]
pub struct Index {
    /// Each word once, by its number.
    words: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32>,
    /// For each of [`FIELDS`], by word number, the documents holding the word in that field,
    /// in the order they were added, and how many times.
    postings: [Vec<Vec<(u32, u32)>>; 2],
    /// For each document, how many words each of [`FIELDS`] holds.
    lengths: Vec<[usize; 2]>,
}

impl Index {
    /// Adds the next document (its reference is the number of documents added before it), with
    /// the words of each of [`FIELDS`] separated by spaces.
    pub fn add(&mut self, fields: &[String; 2]) {
        let document = self.lengths.len() as u32;
        let mut lengths = [0; 2];
        for (field, text) in fields.iter().enumerate() {
            let mut words: Vec<&str> = text.split(' ').filter(|word| !word.is_empty()).collect();
            lengths[field] = words.len();
            words.sort_unstable();
            for run in words.chunk_by(|a, b| a == b) {
                let number = self.number(run[0]) as usize;
                let postings = &mut self.postings[field];
                if postings.len() <= number {
                    postings.resize_with(number + 1, Vec::new);
                }
                postings[number].push((document, run.len() as u32));
            }
        }
        self.lengths.push(lengths);
    }

    fn number(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.numbers.get(word) {
            return number;
        }
        let number = self.words.len() as u32;
        self.words.push(word.into());
        self.numbers.insert(word.into(), number);
        number
    }

    /// Writes the index as JSON.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        // elasticlunr-rs keeps documents by their reference as text, so in the order of text.
        let mut references: Vec<(String, u32)> = (0..self.lengths.len() as u32).map(|d| (d.to_string(), d)).collect();
        references.sort_unstable();
        let mut rank = vec![0u32; references.len()];
        for (position, (_, document)) in references.iter().enumerate() {
            rank[*document as usize] = position as u32;
        }
        out.write_all(br#"{"fields":["titolo","testo"],"pipeline":[],"ref":"id","version":"0.9.5","index":{"#)?;
        let mut by_name: Vec<usize> = (0..FIELDS.len()).collect();
        by_name.sort_by_key(|&field| FIELDS[field]);
        for (position, &field) in by_name.iter().enumerate() {
            if position > 0 {
                out.write_all(b",")?;
            }
            write_string(out, FIELDS[field])?;
            out.write_all(b":")?;
            self.write_tree(field, &rank, out)?;
        }
        out.write_all(br#"},"documentStore":{"save":false,"docs":{"#)?;
        for (position, (reference, _)) in references.iter().enumerate() {
            out.write_all(if position > 0 { b",\"" } else { b"\"" })?;
            out.write_all(reference.as_bytes())?;
            out.write_all(b"\":{}")?;
        }
        out.write_all(br#"},"docInfo":{"#)?;
        for (position, (reference, document)) in references.iter().enumerate() {
            let lengths = self.lengths[*document as usize];
            out.write_all(if position > 0 { b",\"" } else { b"\"" })?;
            out.write_all(reference.as_bytes())?;
            out.write_all(b"\":{")?;
            for (position, &field) in by_name.iter().enumerate() {
                if position > 0 {
                    out.write_all(b",")?;
                }
                write!(out, "\"{}\":{}", FIELDS[field], lengths[field])?;
            }
            out.write_all(b"}")?;
        }
        write!(out, r#"}},"length":{}}},"lang":"Italian"}}"#, self.lengths.len())
    }

    /// Writes the tree of characters of the words of `field`: from the root, a node for each
    /// character of a word, with the documents holding the word at its last character.
    fn write_tree(&self, field: usize, rank: &[u32], out: &mut dyn Write) -> io::Result<()> {
        let postings = &self.postings[field];
        let mut words: Vec<(&str, &Vec<(u32, u32)>)> = postings
            .iter()
            .enumerate()
            .filter(|(_, documents)| !documents.is_empty())
            .map(|(number, documents)| (&*self.words[number], documents))
            .collect();
        words.sort_unstable_by_key(|(word, _)| *word);
        out.write_all(br#"{"root":{"#)?;
        // The characters of the nodes open below the root; for each node open, root included,
        // whether a member of it is written yet.
        let mut open: Vec<char> = Vec::new();
        let mut members = vec![false];
        let mut documents = Vec::new();
        for (word, holding) in words {
            let shared = open.iter().zip(word.chars()).take_while(|(a, b)| *a == b).count();
            for _ in shared..open.len() {
                out.write_all(b"}")?;
                members.pop();
            }
            open.truncate(shared);
            // In order, no word is the beginning of one before it: its last node is new.
            for character in word.chars().skip(shared) {
                if std::mem::replace(members.last_mut().expect("the root is open"), true) {
                    out.write_all(b",")?;
                }
                write_string(out, character.encode_utf8(&mut [0; 4]))?;
                out.write_all(b":{")?;
                open.push(character);
                members.push(false);
            }
            documents.clear();
            documents.extend(holding.iter().map(|&(document, count)| (rank[document as usize], document, count)));
            documents.sort_unstable();
            out.write_all(br#""docs":{"#)?;
            for (position, &(_, document, count)) in documents.iter().enumerate() {
                if position > 0 {
                    out.write_all(b",")?;
                }
                write!(out, "\"{document}\":{{\"tf\":")?;
                serde_json::to_writer(&mut *out, &((f64::from(count).sqrt() * 100.0).round() / 100.0))?;
                out.write_all(b"}")?;
            }
            write!(out, "}},\"df\":{}", documents.len())?;
            *members.last_mut().expect("the word's node is open") = true;
        }
        for _ in 0..open.len() {
            out.write_all(b"}")?;
        }
        out.write_all(b"}}")
    }
}

fn write_string(out: &mut dyn Write, text: &str) -> io::Result<()> {
    serde_json::to_writer(out, text).map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::elasticlunr::{IndexBuilder, Language, Pipeline};
    use serde_json::Value;

    /// Words as [`Index::add`] takes them: separated by a space, no pipeline.
    struct Spaced;

    impl Language for Spaced {
        fn name(&self) -> String {
            "Italian".into()
        }

        fn code(&self) -> String {
            "it".into()
        }

        fn tokenize(&self, text: &str) -> Vec<String> {
            text.split(' ').filter(|word| !word.is_empty()).map(String::from).collect()
        }

        fn make_pipeline(&self) -> Pipeline {
            Pipeline { queue: Vec::new() }
        }
    }

    /// elasticlunr-rs's index of `documents`, made lighter as [`Index::write`] writes it.
    fn theirs(documents: &[[String; 2]]) -> String {
        let mut index = IndexBuilder::with_language(Box::new(Spaced)).save_docs(false).add_fields(FIELDS).build();
        for (reference, fields) in documents.iter().enumerate() {
            index.add_doc(&reference.to_string(), fields);
        }
        let mut value = serde_json::to_value(&index).unwrap();
        for field in FIELDS {
            lighten(&mut value["index"][field]["root"]);
        }
        value.to_string()
    }

    /// Leaves out `docs: {}` and `df: 0` and keeps two decimals of term frequencies.
    fn lighten(node: &mut Value) {
        let node = node.as_object_mut().unwrap();
        if node["docs"].as_object().unwrap().is_empty() {
            node.shift_remove("docs");
            assert_eq!(node.shift_remove("df"), Some(Value::from(0)));
        }
        for (key, child) in node.iter_mut() {
            match key.as_str() {
                "docs" => {
                    for frequency in child.as_object_mut().unwrap().values_mut() {
                        let tf = frequency["tf"].as_f64().unwrap();
                        frequency["tf"] = Value::from((tf * 100.0).round() / 100.0);
                    }
                }
                "df" => {}
                _ => lighten(child),
            }
        }
    }

    fn ours(documents: &[[String; 2]]) -> String {
        let mut index = Index::default();
        documents.iter().for_each(|fields| index.add(fields));
        let mut written = Vec::new();
        index.write(&mut written).unwrap();
        String::from_utf8(written).unwrap()
    }

    #[test]
    fn words_that_begin_others_and_repeated_words_are_written_as_elasticlunr_writes_them() {
        let documents = [
            ["piano anno".to_string(), "piano piano pianoforte pia città 2025".to_string()],
            [String::new(), "città cittadini pia".to_string()],
            ["anno".to_string(), String::new()],
        ];
        let written = ours(&documents);
        assert!(written.contains(r#""p":{"i":{"a":{"docs":{"0":{"tf":1.0},"1":{"tf":1.0}},"df":2,"n":"#), "{written}");
        assert!(written.contains(r#""docs":{"0":{"tf":1.41}},"df":1,"f":"#), "{written}");
        assert_eq!(written, theirs(&documents));
    }

    proptest::proptest! {
        /// Any documents give the index elasticlunr-rs gives, in the same order; more than ten
        /// documents put references in the order of text (`10` before `2`).
        #[test]
        fn any_documents_are_indexed_as_elasticlunr_indexes_them(
            documents in proptest::collection::vec(proptest::array::uniform2("( ?[abà1]{1,4}){0,6}"), 0..14)
        ) {
            proptest::prop_assert_eq!(ours(&documents), theirs(&documents));
        }
    }
}
