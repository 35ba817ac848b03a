//! String processing: generate a text of pseudo-random words, tokenize it (split on
//! whitespace and punctuation, lowercase), count the words, and print the most frequent ones.

use kestrel_bench_corpus::{XorShift, scale_arg};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher};

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ne", "tor", "vel", "qu", "ra", "sin", "da", "pe", "ro", "ul", "ex", "bri",
    "ost",
];
const PUNCTUATION: [&str; 6] = [" ", " ", " ", ", ", ". ", "; "];

fn generate(words: u64, rng: &mut XorShift) -> String {
    let mut text = String::with_capacity(words as usize * 8);
    for i in 0..words {
        let syllables = 1 + rng.below(3);
        for s in 0..syllables {
            let syl = SYLLABLES[rng.below(16) as usize];
            if s == 0 && (i % 11 == 0) {
                text.push_str(&syl.to_uppercase());
            } else {
                text.push_str(syl);
            }
        }
        text.push_str(PUNCTUATION[rng.below(6) as usize]);
    }
    text
}

fn main() {
    let words = scale_arg(3_000_000);
    let mut rng = XorShift::new(7);
    let text = generate(words, &mut rng);
    let mut counts: HashMap<String, u32, BuildHasherDefault<DefaultHasher>> = HashMap::default();
    let mut tokens = 0u64;
    let mut longest = String::new();
    for token in text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation()) {
        if token.is_empty() {
            continue;
        }
        tokens += 1;
        let word = token.to_lowercase();
        if word.len() > longest.len() || (word.len() == longest.len() && word < longest) {
            longest = word.clone();
        }
        *counts.entry(word).or_insert(0) += 1;
    }
    // Most frequent first, ties broken alphabetically: deterministic whatever the hash order.
    let mut by_count: BTreeMap<(std::cmp::Reverse<u32>, String), ()> = BTreeMap::new();
    for (word, count) in &counts {
        by_count.insert((std::cmp::Reverse(*count), word.clone()), ());
    }
    let top: Vec<String> = by_count
        .keys()
        .take(5)
        .map(|(c, w)| format!("{w}:{}", c.0))
        .collect();
    println!(
        "strings {} bytes: {tokens} tokens, {} distinct, longest {longest}, top {}",
        text.len(),
        counts.len(),
        top.join(" ")
    );
}
