//! Service customizations: what a service needs on the wire that its Smithy model does not state. This is the one
//! table of per-service overrides, keyed by service shape id; lowering (`ir/lower.rs`) turns an entry into plain
//! IR facts (`Service::static_headers`, `Operation::request_rules`) and emitters read only those.
//! [`check`] reports entries that no longer match a model (a test runs it over the shared test models).
use crate::ir::BodyHash;
use crate::model::{Model, Shape, ShapeId};
use crate::transform::Closure;

/// The overrides of one service.
pub struct Customization {
    /// Service shape id, e.g. `com.amazonaws.glacier#Glacier`.
    pub service: &'static str,
    /// Headers on every request (unless an input member sets the same header).
    pub static_headers: &'static [(&'static str, HeaderValue)],
    /// `(label member, value)`: in every operation whose URI binds that label, an unset or empty member is sent
    /// as `value` (so the member is not required from the caller).
    pub label_defaults: &'static [(&'static str, &'static str)],
    /// Body digests some operations must carry as headers.
    pub body_hashes: &'static [BodyHashes],
    /// `(operation, member)`: the operation is sent to the endpoint URL held by that string input member.
    pub endpoint_members: &'static [(&'static str, &'static str)],
}

/// The value of a static header.
pub enum HeaderValue {
    Text(&'static str),
    /// The service shape's `version` (e.g. `2012-06-01`).
    ServiceVersion,
}

/// Digest headers of the bodies of some operations (each has an `@httpPayload` body).
pub struct BodyHashes {
    pub operations: &'static [&'static str],
    pub headers: &'static [(&'static str, BodyHash)],
}

const NONE: Customization =
    Customization { service: "", static_headers: &[], label_defaults: &[], body_hashes: &[], endpoint_members: &[] };

pub const CUSTOMIZATIONS: &[Customization] = &[
    Customization {
        service: "com.amazonaws.apigateway#BackplaneControlService",
        static_headers: &[("Accept", HeaderValue::Text("application/json"))],
        ..NONE
    },
    Customization {
        service: "com.amazonaws.glacier#Glacier",
        static_headers: &[("X-Amz-Glacier-Version", HeaderValue::ServiceVersion)],
        // `-` means the account of the credentials.
        label_defaults: &[("accountId", "-")],
        body_hashes: &[BodyHashes {
            operations: &["UploadArchive", "UploadMultipartPart"],
            headers: &[("X-Amz-Content-Sha256", BodyHash::Sha256), ("X-Amz-Sha256-Tree-Hash", BodyHash::Sha256Tree)],
        }],
        ..NONE
    },
    Customization {
        service: "com.amazonaws.machinelearning#AmazonML_20141212",
        endpoint_members: &[("Predict", "PredictEndpoint")],
        ..NONE
    },
];

/// The table entry of a service, if it has one.
pub fn for_service(id: &ShapeId) -> Option<&'static Customization> {
    let id = id.to_string();
    CUSTOMIZATIONS.iter().find(|c| c.service == id)
}

/// What the table says about one operation of the service (Smithy names throughout).
#[derive(Debug, Default, PartialEq)]
pub struct OperationOverrides {
    pub label_defaults: Vec<(&'static str, &'static str)>,
    pub body_hashes: Vec<(&'static str, BodyHash)>,
    pub endpoint_member: Option<&'static str>,
}

impl Customization {
    /// The overrides that concern `operation` (its name); label defaults apply to every operation and are kept
    /// by lowering only where the operation binds that label.
    pub fn for_operation(&self, operation: &str) -> OperationOverrides {
        OperationOverrides {
            label_defaults: self.label_defaults.to_vec(),
            body_hashes: self
                .body_hashes
                .iter()
                .filter(|b| b.operations.contains(&operation))
                .flat_map(|b| b.headers.iter().copied())
                .collect(),
            endpoint_member: self.endpoint_members.iter().find(|(op, _)| *op == operation).map(|(_, member)| *member),
        }
    }
}

/// Problems of the table entries whose service is in `model`: every named operation and member must exist, label
/// defaults must name a label, hashed operations must have a payload, endpoint members must be strings.
pub fn check(model: &Model) -> Vec<String> {
    let mut problems = Vec::new();
    for custom in CUSTOMIZATIONS {
        let Ok(id) = ShapeId::parse(custom.service) else {
            problems.push(format!("`{}` is not a shape id", custom.service));
            continue;
        };
        if let Some(service) = model.shape(&id) {
            check_entry(model, service, custom, &mut problems);
        }
    }
    problems
}

fn check_entry(model: &Model, service: &Shape, custom: &Customization, problems: &mut Vec<String>) {
    let sid = custom.service;
    let operations: Vec<&Shape> = match Closure::compute(model, service, None) {
        Ok(closure) => closure.operations.iter().filter_map(|id| model.shape(id)).collect(),
        Err(d) => return problems.push(format!("{sid}: {d}")),
    };
    let input_member = |op: &Shape, name: &str| {
        op.operation.input.as_ref().and_then(|i| model.shape(i)).and_then(|input| input.member(name).cloned())
    };
    let operation = |name: &str| operations.iter().copied().find(|op| op.id.name() == name);
    for (member, _) in custom.label_defaults {
        let bound = operations
            .iter()
            .any(|op| input_member(op, member).is_some_and(|m| m.traits.has_api("httpLabel")));
        if !bound {
            problems.push(format!("{sid}: no operation binds the label `{member}`"));
        }
    }
    for hashes in custom.body_hashes {
        for name in hashes.operations {
            let Some(op) = operation(name) else {
                problems.push(format!("{sid}: no operation `{name}`"));
                continue;
            };
            let input = op.operation.input.as_ref().and_then(|i| model.shape(i));
            if !input.is_some_and(|i| i.members.iter().any(|m| m.traits.has_api("httpPayload"))) {
                problems.push(format!("{sid}: operation `{name}` has no @httpPayload member to hash"));
            }
        }
    }
    for (name, member) in custom.endpoint_members {
        let Some(op) = operation(name) else {
            problems.push(format!("{sid}: no operation `{name}`"));
            continue;
        };
        let is_string = input_member(op, member)
            .and_then(|m| model.shape(&m.target))
            .is_some_and(|t| t.kind == crate::model::ShapeKind::String);
        if !is_string {
            problems.push(format!("{sid}: operation `{name}` has no string input member `{member}`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load, SourceFile};
    use std::path::PathBuf;

    fn model(text: String) -> Model {
        load(&[SourceFile { name: "m.json".into(), text }]).expect("the model loads")
    }

    /// Every entry matches one of Smithy's service-customization test models (when the shared data is present).
    #[test]
    fn every_entry_matches_a_shared_test_model() {
        let root = std::env::var_os("SHARED_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
        let dir = root.join("smithy-protocol-tests");
        let files = ["restJson1-apigateway.json", "restJson1-glacier.json", "awsJson1_1-machinelearning.json"];
        let texts: Vec<String> = files.iter().filter_map(|f| std::fs::read_to_string(dir.join(f)).ok()).collect();
        if texts.len() != files.len() {
            let message = format!("customization check: the test models are not all in {}", dir.display());
            assert!(std::env::var("CI").map_or(true, |ci| ci != "true"), "{message}; CI=true requires them");
            eprintln!("SKIPPED: {message}");
            return;
        }
        let models: Vec<Model> = texts.into_iter().map(model).collect();
        for custom in CUSTOMIZATIONS {
            let id = ShapeId::parse(custom.service).expect("a shape id");
            assert!(models.iter().any(|m| m.shape(&id).is_some()), "{}: no test model holds the service", custom.service);
        }
        for m in &models {
            assert_eq!(check(m), Vec::<String>::new());
        }
    }

    #[test]
    fn stale_entries_are_reported() {
        // A Glacier service whose operation lost its accountId label and payload, and names no ML service.
        let text = serde_json::json!({
            "smithy": "2.0",
            "shapes": {
                "com.amazonaws.glacier#Glacier": {
                    "type": "service", "version": "2012-06-01", "operations": [{"target": "com.amazonaws.glacier#UploadArchive"}],
                    "traits": {"aws.protocols#restJson1": {}}
                },
                "com.amazonaws.glacier#UploadArchive": {
                    "type": "operation", "input": {"target": "com.amazonaws.glacier#UploadArchiveInput"},
                    "traits": {"smithy.api#http": {"method": "POST", "uri": "/archives", "code": 201}}
                },
                "com.amazonaws.glacier#UploadArchiveInput": {
                    "type": "structure", "members": {"accountId": {"target": "smithy.api#String"}}
                }
            }
        });
        assert_eq!(
            check(&model(text.to_string())),
            vec![
                "com.amazonaws.glacier#Glacier: no operation binds the label `accountId`",
                "com.amazonaws.glacier#Glacier: operation `UploadArchive` has no @httpPayload member to hash",
                "com.amazonaws.glacier#Glacier: no operation `UploadMultipartPart`",
            ]
        );
    }

    #[test]
    fn lowering_turns_entries_into_ir_facts() {
        let text = serde_json::json!({
            "smithy": "2.0",
            "shapes": {
                "com.amazonaws.glacier#Glacier": {
                    "type": "service", "version": "2012-06-01",
                    "operations": [{"target": "com.amazonaws.glacier#UploadArchive"}, {"target": "com.amazonaws.glacier#ListVaults"}],
                    "traits": {"aws.protocols#restJson1": {}}
                },
                "com.amazonaws.glacier#UploadArchive": {
                    "type": "operation", "input": {"target": "com.amazonaws.glacier#UploadArchiveInput"},
                    "traits": {"smithy.api#http": {"method": "POST", "uri": "/{accountId}/archives", "code": 201}}
                },
                "com.amazonaws.glacier#UploadArchiveInput": {
                    "type": "structure", "members": {
                        "accountId": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                        "body": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}}
                    }
                },
                "com.amazonaws.glacier#ListVaults": {
                    "type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/vaults"}}
                }
            }
        });
        let m = model(text.to_string());
        let svc = crate::ir::lower_service(&m, &ShapeId::new("com.amazonaws.glacier", "Glacier"), None).expect("lowers");
        assert_eq!(svc.static_headers, vec![("X-Amz-Glacier-Version".to_string(), "2012-06-01".to_string())]);
        let upload = svc.operations.iter().find(|o| o.wire_name == "UploadArchive").expect("UploadArchive");
        assert_eq!(upload.request_rules.label_defaults, vec![("accountId".to_string(), "-".to_string())]);
        assert_eq!(
            upload.request_rules.body_hashes,
            vec![("X-Amz-Content-Sha256".to_string(), BodyHash::Sha256), ("X-Amz-Sha256-Tree-Hash".to_string(), BodyHash::Sha256Tree)]
        );
        let account = upload.input.fields.iter().find(|f| f.wire_name == "accountId").expect("accountId");
        assert!(!account.required, "the default fills the label, so the caller need not");
        let list = svc.operations.iter().find(|o| o.wire_name == "ListVaults").expect("ListVaults");
        assert_eq!(list.request_rules, crate::ir::RequestRules::default());
    }

    #[test]
    fn operation_overrides_select_by_name() {
        let glacier = for_service(&ShapeId::new("com.amazonaws.glacier", "Glacier")).expect("an entry");
        let upload = glacier.for_operation("UploadArchive");
        assert_eq!(upload.label_defaults, vec![("accountId", "-")]);
        assert_eq!(upload.body_hashes.len(), 2);
        assert!(glacier.for_operation("ListVaults").body_hashes.is_empty());
        let ml = for_service(&ShapeId::new("com.amazonaws.machinelearning", "AmazonML_20141212")).expect("an entry");
        assert_eq!(ml.for_operation("Predict").endpoint_member, Some("PredictEndpoint"));
        assert_eq!(ml.for_operation("GetMLModel").endpoint_member, None);
        assert!(for_service(&ShapeId::new("com.amazonaws.backup", "CryoControllerUserManager")).is_none());
    }
}
