//! The wire protocols we generate. Emitters ask this module; they never test a protocol name themselves.
use crate::error::Diagnostic;
use crate::model::Shape;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
}

const SUPPORTED: &[(&str, Protocol)] = &[
    ("aws.protocols#restJson1", Protocol::RestJson1),
    ("aws.protocols#awsJson1_0", Protocol::AwsJson1_0),
    ("aws.protocols#awsJson1_1", Protocol::AwsJson1_1),
];

impl Protocol {
    /// The first supported protocol trait on the service, or an error naming what it offers and what we support.
    pub fn of_service(service: &Shape) -> Result<Protocol, Diagnostic> {
        if let Some((_, p)) = SUPPORTED.iter().find(|(id, _)| service.traits.has(id)) {
            return Ok(*p);
        }
        let offered: Vec<&str> = service
            .traits
            .0
            .keys()
            .filter(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
            .map(String::as_str)
            .collect();
        Err(Diagnostic::at_shape(
            &service.id,
            format!(
                "no supported protocol: the service offers {offered:?}; this generator supports {:?}",
                SUPPORTED.iter().map(|(id, _)| *id).collect::<Vec<_>>()
            ),
        ))
    }

    /// restJson1 binds members to the URI, query, headers and payload; awsJson puts every member in the body.
    pub fn uses_http_bindings(self) -> bool {
        self == Protocol::RestJson1
    }

    /// awsJson ignores `@jsonName`.
    pub fn honours_json_name(self) -> bool {
        self == Protocol::RestJson1
    }

    /// Content-Type of a JSON document body.
    pub fn json_content_type(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "application/json",
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
        }
    }
}
