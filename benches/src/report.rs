//! Markdown tables of median times with each column's ratio to Kestrel (Kestrel's time
//! divided by the column's: below 1 means Kestrel is faster) and geometric-mean rows.

use crate::stats::{geometric_mean, median};
use std::fmt::Write as _;
use std::time::Duration;

/// One measured cell: the samples of a (program, engine) pair, or why there are none.
#[derive(Clone, Debug)]
pub enum Cell {
    /// Timed runs (all checked).
    Samples(Vec<Duration>),
    /// A run failed or printed a wrong checksum; the message says which.
    Failed(String),
    /// Not measured (engine not built in, no native build, not applicable).
    Absent(String),
    /// The engine rejected the module for a feature it does not implement (the message says
    /// which): shown in the table with its reason, ignored like an absent cell by the means.
    Unsupported(String),
}

impl Cell {
    /// Median of the samples, if the cell has any.
    pub fn median(&self) -> Option<Duration> {
        match self {
            Cell::Samples(s) => median(s),
            _ => None,
        }
    }
}

/// A table: a row per program, a column per engine; `baseline` is Kestrel's column, if shown.
#[derive(Clone, Debug)]
pub struct TimeTable {
    /// Column headers (engine names).
    pub columns: Vec<String>,
    /// Row label and one cell per column.
    pub rows: Vec<(String, Vec<Cell>)>,
    /// Index of the column ratios are taken against.
    pub baseline: Option<usize>,
}

/// Formats a ratio with two decimals, or three significant digits when it is below 0.1.
pub fn format_ratio(r: f64) -> String {
    if r >= 0.1 {
        format!("{r:.2}")
    } else {
        format!("{r:.1e}")
    }
}

/// Formats a duration with a unit that keeps three significant digits readable.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

impl TimeTable {
    /// Kestrel-time ÷ column-time for one row, when both were measured.
    pub fn ratio(&self, row: usize, column: usize) -> Option<f64> {
        self.ratio_between(row, self.baseline?, column)
    }

    /// `numerator`'s time ÷ `denominator`'s for one row, when both were measured (to compare
    /// one of Kestrel's modes with a peer's).
    pub fn ratio_between(&self, row: usize, numerator: usize, denominator: usize) -> Option<f64> {
        let base = self.rows[row].1[numerator].median()?;
        let this = self.rows[row].1[denominator].median()?;
        (this > Duration::ZERO).then(|| base.as_secs_f64() / this.as_secs_f64())
    }

    /// The same table with only the rows whose index `keep` accepts (e.g. to report a subset
    /// of the programs measured in the same rounds with a geomean of its own).
    pub fn select_rows(&self, keep: impl Fn(usize) -> bool) -> TimeTable {
        TimeTable {
            columns: self.columns.clone(),
            rows: self
                .rows
                .iter()
                .enumerate()
                .filter(|(r, _)| keep(*r))
                .map(|(_, row)| row.clone())
                .collect(),
            baseline: self.baseline,
        }
    }

    /// Geometric mean over all rows of Kestrel-time ÷ column-time (rows where both ran).
    pub fn geomean_ratio(&self, column: usize) -> Option<f64> {
        let ratios: Vec<f64> = (0..self.rows.len())
            .filter_map(|r| self.ratio(r, column))
            .collect();
        geometric_mean(&ratios)
    }

    /// Geometric mean of the column's medians over the rows where every measured column has a
    /// time (absent cells, e.g. an engine not built in, are ignored; a failure excludes the
    /// row), so each column's mean covers the same programs.
    pub fn geomean_time(&self, column: usize) -> Option<Duration> {
        let complete: Vec<&Vec<Cell>> = self
            .rows
            .iter()
            .map(|(_, cells)| cells)
            .filter(|cells| {
                cells.iter().all(|c| {
                    matches!(c, Cell::Absent(_) | Cell::Unsupported(_)) || c.median().is_some()
                })
            })
            .collect();
        let secs: Vec<f64> = complete
            .iter()
            .filter_map(|cells| cells[column].median())
            .map(|d| d.as_secs_f64())
            .collect();
        geometric_mean(&secs).map(Duration::from_secs_f64)
    }

    /// Renders the table as markdown, with a footnote list of failures.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = write!(out, "| program |");
        for c in &self.columns {
            let _ = write!(out, " {c} |");
        }
        out.push_str("\n|---|");
        for _ in &self.columns {
            out.push_str("---:|");
        }
        out.push('\n');
        let mut notes = Vec::new();
        for (r, (label, cells)) in self.rows.iter().enumerate() {
            let _ = write!(out, "| {label} |");
            for (c, cell) in cells.iter().enumerate() {
                let text = match cell {
                    Cell::Samples(_) => {
                        let time = format_duration(cell.median().unwrap_or_default());
                        match self.ratio(r, c) {
                            Some(ratio) if Some(c) != self.baseline => {
                                format!("{time} ({})", format_ratio(ratio))
                            }
                            _ => time,
                        }
                    }
                    Cell::Failed(why) => {
                        notes.push(format!("{label} on {}: {why}", self.columns[c]));
                        format!("FAILED[{}]", notes.len())
                    }
                    Cell::Unsupported(why) => {
                        notes.push(format!("{label} on {}: {why}", self.columns[c]));
                        format!("unsupported[{}]", notes.len())
                    }
                    Cell::Absent(_) => "–".to_string(),
                };
                let _ = write!(out, " {text} |");
            }
            out.push('\n');
        }
        let _ = write!(out, "| **geomean** |");
        for c in 0..self.columns.len() {
            let time = self
                .geomean_time(c)
                .map(format_duration)
                .unwrap_or_else(|| "–".into());
            let text = match self.geomean_ratio(c) {
                Some(ratio) if Some(c) != self.baseline => {
                    format!("{time} ({})", format_ratio(ratio))
                }
                _ => time,
            };
            let _ = write!(out, " **{text}** |");
        }
        out.push('\n');
        for (i, note) in notes.iter().enumerate() {
            let _ = write!(out, "\n[{}] {note}", i + 1);
        }
        if !notes.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(v: &[f64]) -> Cell {
        Cell::Samples(v.iter().map(|s| Duration::from_secs_f64(*s)).collect())
    }

    fn table() -> TimeTable {
        TimeTable {
            columns: vec!["kestrel".into(), "peer".into()],
            rows: vec![
                ("a".into(), vec![secs(&[1.0, 1.0, 9.0]), secs(&[2.0])]),
                ("b".into(), vec![secs(&[2.0]), secs(&[1.0])]),
                (
                    "c".into(),
                    vec![Cell::Failed("checksum".into()), secs(&[1.0])],
                ),
            ],
            baseline: Some(0),
        }
    }

    #[test]
    fn ratios_are_kestrel_over_column() {
        let t = table();
        assert_eq!(t.ratio(0, 1), Some(0.5));
        assert_eq!(t.ratio(1, 1), Some(2.0));
        assert_eq!(t.ratio(2, 1), None);
        assert!((t.geomean_ratio(1).unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(t.ratio_between(0, 1, 0), Some(2.0));
        assert_eq!(t.ratio_between(2, 1, 0), None);
    }

    #[test]
    fn geomean_time_uses_rows_complete_in_every_column() {
        let mut t = table();
        let k = t.geomean_time(0).unwrap().as_secs_f64();
        assert!((k - 2f64.sqrt()).abs() < 1e-6, "{k}");
        // An absent cell does not exclude its row.
        t.rows[2].1[0] = Cell::Absent("not built".into());
        let peer = t.geomean_time(1).unwrap().as_secs_f64();
        assert!((peer - 2f64.powf(1.0 / 3.0)).abs() < 1e-6, "{peer}");
    }

    #[test]
    fn markdown_marks_failures_with_notes() {
        let md = table().to_markdown();
        assert!(md.contains("| a | 1.00 s | 2.00 s (0.50) |"), "{md}");
        assert!(md.contains("FAILED[1]"), "{md}");
        assert!(md.contains("[1] c on kestrel: checksum"), "{md}");
        assert!(md.contains("**geomean**"), "{md}");
    }

    #[test]
    fn unsupported_cells_are_noted_and_left_out_of_the_means() {
        let mut t = table();
        t.rows[2].1[0] = Cell::Unsupported("unsupported feature: SIMD".into());
        let md = t.to_markdown();
        assert!(md.contains("| c | unsupported[1] | 1.00 s |"), "{md}");
        assert!(
            md.contains("[1] c on kestrel: unsupported feature: SIMD"),
            "{md}"
        );
        let peer = t.geomean_time(1).unwrap().as_secs_f64();
        assert!((peer - 2f64.powf(1.0 / 3.0)).abs() < 1e-6, "{peer}");
        assert!((t.geomean_ratio(1).unwrap() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn selected_rows_have_their_own_geomean() {
        let t = table();
        let a = t.select_rows(|r| r == 0);
        assert_eq!(a.rows.len(), 1);
        assert_eq!(a.columns, t.columns);
        assert_eq!(a.geomean_ratio(1), Some(0.5));
        let bc = t.select_rows(|r| r != 0);
        assert_eq!(bc.rows[0].0, "b");
        assert_eq!(bc.geomean_ratio(1), Some(2.0));
    }

    #[test]
    fn small_ratios_keep_significant_digits() {
        assert_eq!(format_ratio(1.234), "1.23");
        assert_eq!(format_ratio(0.0027), "2.7e-3");
    }

    #[test]
    fn durations_pick_readable_units() {
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.50 s");
        assert_eq!(format_duration(Duration::from_micros(2500)), "2.5 ms");
        assert_eq!(format_duration(Duration::from_micros(42)), "42 µs");
    }
}
