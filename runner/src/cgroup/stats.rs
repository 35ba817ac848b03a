//! Resource usage of a container's cgroup in runc's `events --stats` shape: CPU time (total,
//! per CPU), memory (usage, peak, limit, failcnt, the raw memory.stat), pids (current, limit).
//! Read from v1 controllers where mounted, else from v2 files; what is missing is left out.

use serde_json::{Map, Value, json};

use super::Cgroup;

/// The stats document for `cgroup`.
pub fn read(cgroup: &Cgroup) -> Value {
    let mut data = Map::new();
    if let Some(cpu) = cpu(cgroup) {
        data.insert("cpu".into(), cpu);
    }
    if let Some(memory) = memory(cgroup) {
        data.insert("memory".into(), memory);
    }
    if let Some(pids) = pids(cgroup) {
        data.insert("pids".into(), pids);
    }
    Value::Object(data)
}

fn number(text: Option<String>) -> Option<u64> {
    let t = text?;
    let t = t.trim();
    if t == "max" {
        return Some(u64::MAX);
    }
    t.parse().ok()
}

fn file(dir: &Option<std::path::PathBuf>, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.as_ref()?.join(name)).ok()
}

/// `key value` lines (memory.stat, cpu.stat) as a JSON object.
fn key_values(text: &str) -> Map<String, Value> {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_string(), Value::from(v.trim().parse::<u64>().ok()?)))
        })
        .collect()
}

fn cpu(cgroup: &Cgroup) -> Option<Value> {
    let acct = cgroup.controller_dir("cpuacct");
    if let Some(total) = number(file(&acct, "cpuacct.usage")) {
        let percpu: Vec<u64> = file(&acct, "cpuacct.usage_percpu")
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        return Some(json!({ "usage": { "total": total, "percpu": percpu } }));
    }
    let v2 = cgroup.unified_dir();
    let stat = key_values(&file(&v2, "cpu.stat")?);
    let usec = stat.get("usage_usec")?.as_u64()?;
    Some(json!({ "usage": { "total": usec * 1000 } }))
}

fn memory(cgroup: &Cgroup) -> Option<Value> {
    let v1 = cgroup.controller_dir("memory");
    if let Some(usage) = number(file(&v1, "memory.usage_in_bytes")) {
        return Some(json!({
            "usage": {
                "usage": usage,
                "max": number(file(&v1, "memory.max_usage_in_bytes")),
                "limit": number(file(&v1, "memory.limit_in_bytes")),
                "failcnt": number(file(&v1, "memory.failcnt")),
            },
            "raw": key_values(&file(&v1, "memory.stat").unwrap_or_default()),
        }));
    }
    let v2 = cgroup.unified_dir();
    let usage = number(file(&v2, "memory.current"))?;
    Some(json!({
        "usage": { "usage": usage, "max": number(file(&v2, "memory.peak")), "limit": number(file(&v2, "memory.max")) },
        "raw": key_values(&file(&v2, "memory.stat").unwrap_or_default()),
    }))
}

fn pids(cgroup: &Cgroup) -> Option<Value> {
    let dir = cgroup
        .controller_dir("pids")
        .or_else(|| cgroup.unified_dir());
    let current = number(file(&dir, "pids.current"))?;
    Some(
        json!({ "current": current, "limit": number(file(&dir, "pids.max")).filter(|&l| l != u64::MAX) }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_files_parse() {
        let m = key_values("cache 4096\nrss 8192\nbogus x\n");
        assert_eq!(m["cache"], 4096);
        assert_eq!(m["rss"], 8192);
        assert!(!m.contains_key("bogus"));
        assert_eq!(number(Some("max\n".into())), Some(u64::MAX));
        assert_eq!(number(Some(" 12\n".into())), Some(12));
    }
}
