//! A multi-tool over embedded inputs: it assembles and validates a wasm module from text,
//! prints it back, runs regular expressions, parses Rust source, round-trips JSON and TOML
//! and renders Markdown. Its purpose is to be a large module (several MB of code from real
//! crates) for the compile + instantiate start-up benchmark; running it checks that the code
//! is live (a linker cannot drop what main reaches).

use regex::Regex;
use std::io::Read;

const WAT: &str = r#"(module
  (memory (export "memory") 1)
  (func $fib (export "fib") (param i32) (result i32)
    local.get 0 i32.const 2 i32.lt_u
    if (result i32) local.get 0
    else local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add end)
  (func (export "sum") (param i32 i32) (result i64)
    (local i64)
    block loop local.get 0 local.get 1 i32.ge_u br_if 1
      local.get 2 local.get 0 i64.load8_u i64.add local.set 2
      local.get 0 i32.const 1 i32.add local.set 0 br 0 end end
    local.get 2))"#;

const RUST: &str = r#"
/// A documented struct.
#[derive(Debug, Clone)]
pub struct Point<T: Copy> { pub x: T, pub y: T }
impl<T: Copy + std::ops::Add<Output = T>> Point<T> {
    pub fn sum(&self) -> T { self.x + self.y }
}
pub fn classify(n: i64) -> &'static str {
    match n { i64::MIN..=-1 => "negative", 0 => "zero", 1..=9 => "small", _ => "large" }
}
pub async fn fetch(url: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> { let _ = url; Ok(vec![]) }
"#;

const JSON: &str = r#"{"name":"kestrel","version":[0,1,0],"features":{"wat":true,"jit":false},
"engines":[{"id":"interp","speed":1.0},{"id":"cranelift","speed":12.5}]}"#;

const TOML: &str = r#"
[package]
name = "demo"
version = "1.2.3"
authors = ["a", "b"]
[dependencies]
serde = { version = "1", features = ["derive"] }
"#;

const MARKDOWN: &str = "# Title\n\nSome *emphasis*, **strong** and `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";

fn main() {
    // Input on stdin (when given) replaces the embedded wasm text.
    let mut extra = String::new();
    if std::env::args().any(|a| a == "--stdin") {
        std::io::stdin().read_to_string(&mut extra).expect("stdin is readable");
    }
    let wat_text = if extra.is_empty() { WAT } else { extra.as_str() };

    let wasm = wat::parse_str(wat_text).expect("the embedded wat is valid");
    let mut validator = wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all());
    let types = validator.validate_all(&wasm).expect("the module validates");
    let printed = wasmprinter::print_bytes(&wasm).expect("the module prints");
    println!(
        "wasm: {} bytes, {} functions, printed {} lines",
        wasm.len(),
        types.as_ref().function_count(),
        printed.lines().count()
    );

    let re = Regex::new(r"(?m)^\s*(pub\s+)?(async\s+)?fn\s+(\w+)").expect("the regex compiles");
    let names: Vec<&str> = re.captures_iter(RUST).map(|c| c.get(3).unwrap().as_str()).collect();
    println!("regex: functions {}", names.join(","));

    let file = syn::parse_file(RUST).expect("the rust source parses");
    let tokens = quote::quote!(#file).to_string();
    println!("syn: {} items, {} token chars", file.items.len(), tokens.len());

    let json: serde_json::Value = serde_json::from_str(JSON).expect("the json parses");
    println!("json: {} engines, pretty {} bytes", json["engines"].as_array().map_or(0, Vec::len),
        serde_json::to_string_pretty(&json).unwrap().len());

    let toml: toml::Table = TOML.parse().expect("the toml parses");
    println!("toml: package {}, re-serialized {} bytes", toml["package"]["name"],
        toml::to_string(&toml).unwrap().len());

    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(MARKDOWN, pulldown_cmark::Options::all()));
    println!("markdown: {} bytes of html", html.len());
}
