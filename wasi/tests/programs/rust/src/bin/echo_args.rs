//! Prints its arguments (argv\[0\] included), then its environment, one per line; then
//! exits with `$EXIT_WITH` if set. For the CLI's conventions.

fn main() {
    for a in std::env::args() {
        println!("arg {a}");
    }
    for (k, v) in std::env::vars() {
        println!("env {k}={v}");
    }
    if let Ok(code) = std::env::var("EXIT_WITH") {
        std::process::exit(code.parse().unwrap_or(1));
    }
}
