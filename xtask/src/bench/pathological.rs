//! Pathological model shapes for the generator bench (issue 9): inputs that were quadratic in time and memory.
//! - one JSON object with 100,000 keys (an enum of 100,000 members: the members object), 22 s before;
//! - a chain of 8,000 nested optional structures, 42 s and 506 MB before.
//!
//! Each is timed like the real models (load, generate); the figures go beside them in BENCHMARKS.md.
use super::median;
use generator::model::{load, SourceFile};
use generator::{CrateSettings, Settings};
use serde_json::{json, Map, Value};
use std::time::Instant;

/// A restJson1 service whose one operation takes `input` (members of the structure `p.q#In`) plus `extra` shapes.
fn service(input: Value, extra: Map<String, Value>) -> String {
    let mut shapes = Map::new();
    shapes.insert(
        "p.q#Svc".into(),
        json!({"type": "service", "version": "1", "operations": [{"target": "p.q#Op"}],
               "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Patho"}, "aws.auth#sigv4": {"name": "p"}}}),
    );
    shapes.insert(
        "p.q#Op".into(),
        json!({"type": "operation", "input": {"target": "p.q#In"}, "traits": {"smithy.api#http": {"method": "POST", "uri": "/", "code": 200}}}),
    );
    shapes.insert("p.q#In".into(), json!({"type": "structure", "members": input}));
    shapes.extend(extra);
    json!({"smithy": "2.0", "shapes": shapes}).to_string()
}

/// An enum of `n` members: one JSON object with `n` keys.
pub fn wide_object(n: usize) -> String {
    let members: Map<String, Value> =
        (0..n).map(|i| (format!("V{i}"), json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": format!("v{i}")}}))).collect();
    let mut extra = Map::new();
    extra.insert("p.q#Wide".into(), json!({"type": "enum", "members": members}));
    service(json!({"wide": {"target": "p.q#Wide"}}), extra)
}

/// `n` structures, each with one optional member holding the next.
pub fn deep_chain(n: usize) -> String {
    let extra: Map<String, Value> = (0..n)
        .map(|i| {
            let members = if i + 1 < n { json!({"next": {"target": format!("p.q#S{}", i + 1)}}) } else { json!({}) };
            (format!("p.q#S{i}"), json!({"type": "structure", "members": members}))
        })
        .collect();
    service(json!({"chain": {"target": "p.q#S0"}}), extra)
}

pub fn run(runs: usize) -> Result<(), String> {
    println!("pathological shapes (synthesized), release build, {} repetitions", runs.max(1));
    println!("{:<40} {:>9} {:>10} {:>10} {:>10} {:>12}", "model", "model KiB", "load ms", "gen ms", "total ms", "output KiB");
    for (name, text) in [
        ("object with 100,000 keys (enum members)", wide_object(100_000)),
        ("8,000 nested optional structures", deep_chain(8_000)),
    ] {
        let (mut load_ms, mut gen_ms, mut out_bytes) = (Vec::new(), Vec::new(), 0);
        for _ in 0..runs.max(1) {
            let t0 = Instant::now();
            let model = load(&[SourceFile { name: name.into(), text: text.clone() }]).map_err(|e| format!("{name}: {e}"))?;
            load_ms.push(t0.elapsed().as_secs_f64() * 1e3);
            let settings = Settings {
                crate_settings: CrateSettings { crate_name: "bench-out".into(), service_features: false },
                operations: None,
            };
            let t1 = Instant::now();
            let plan = generator::generate(std::slice::from_ref(&model), &settings).map_err(|e| format!("{name}: {e}"))?;
            gen_ms.push(t1.elapsed().as_secs_f64() * 1e3);
            out_bytes = plan.values().map(String::len).sum();
        }
        let (l, g) = (median(&load_ms), median(&gen_ms));
        println!("{:<40} {:>9} {:>10.1} {:>10.1} {:>10.1} {:>12}", name, text.len() / 1024, l, g, l + g, out_bytes / 1024);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The synthesized models load (small sizes here; the bench uses the full ones).
    #[test]
    fn synthesized_models_load() {
        for text in [wide_object(300), deep_chain(300)] {
            let model = load(&[SourceFile { name: "p.json".into(), text }]);
            assert!(model.is_ok(), "{:?}", model.err());
        }
    }
}
