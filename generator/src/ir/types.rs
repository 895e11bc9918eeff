//! IR data types.
use crate::model::ShapeId;
use crate::protocol::Protocol;
use serde_json::Value;

/// Where a generated type lives inside the service module, and its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypePath {
    /// Module path below the service module, e.g. `["types"]` or `["operation", "start_copy_job"]`.
    pub module: Vec<String>,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    DateTime,
    HttpDate,
    EpochSeconds,
}

/// A Rust type of a member value.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Bool,
    Byte,
    Short,
    Int,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Blob,
    Timestamp,
    Document,
    Struct(TypePath),
    Union(TypePath),
    Enum(TypePath),
    IntEnum(TypePath),
    List(Box<Elem>),
    Map(Box<Elem>),
    /// An input member targeting a `@streaming` union: the events the request sends.
    EventSender(TypePath),
    /// An output member targeting a `@streaming` union: the events the response delivers; modeled errors in
    /// the stream surface as the operation's error enum (`error`).
    EventReceiver { union: TypePath, error: TypePath },
}

/// A list element or map value: its type and what applies to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    pub ty: Ty,
    /// `@sparse`: elements may be null (`Option<T>`).
    pub sparse: bool,
    pub constraints: Constraints,
    pub timestamp_format: Option<TimestampFormat>,
    /// Constraints of the collection itself (length).
    pub collection_constraints: Constraints,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub length: Option<(Option<u64>, Option<u64>)>,
    pub pattern: Option<String>,
    pub range: Option<(Option<f64>, Option<f64>)>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.length.is_none() && self.pattern.is_none() && self.range.is_none()
    }
}

/// Where a member travels in an HTTP message.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// A member of the JSON document body.
    Body,
    Label { greedy: bool },
    Query(String),
    QueryParams,
    Header(String),
    PrefixHeaders(String),
    /// The whole body is this member.
    Payload,
    ResponseCode,
    /// `@eventHeader`: a typed header of an event stream message.
    EventHeader,
    /// `@eventPayload`: the whole payload of an event stream message.
    EventPayload,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Smithy member name.
    pub wire_name: String,
    /// Key in JSON documents (`@jsonName` where the protocol honours it).
    pub json_name: String,
    /// Rust field name, already a valid identifier text (`r#type`).
    pub rust_name: String,
    pub ty: Ty,
    /// `Option<T>` in the struct.
    pub optional: bool,
    /// `@default` value for a non-optional member (None: a required member with no default).
    pub default: Option<Value>,
    pub required: bool,
    pub boxed: bool,
    pub sensitive: bool,
    pub idempotency_token: bool,
    pub binding: Binding,
    pub constraints: Constraints,
    pub timestamp_format: Option<TimestampFormat>,
    /// `@mediaType` of the target (base64 in headers, raw payloads).
    pub media_type: Option<String>,
    pub docs: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    Plain,
    Input,
    Output,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    /// The error code on the wire (the shape name).
    pub code: String,
    pub server_fault: bool,
    pub http_status: Option<u16>,
    pub retryable: bool,
    pub throttling: bool,
    /// `smithy.test#httpResponseTests` on the error structure, for tests emission.
    pub response_tests: Option<Value>,
    /// `aws.protocols#awsQueryError` code: how an awsQuery-compatible service names this error in its
    /// `x-amzn-query-error` header.
    pub query_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub id: ShapeId,
    pub path: TypePath,
    pub kind: StructKind,
    pub fields: Vec<Field>,
    pub error: Option<ErrorInfo>,
    pub sensitive: bool,
    pub docs: String,
}

impl Struct {
    /// `build()` can fail: some member is neither optional nor defaulted.
    pub fn builder_fallible(&self) -> bool {
        self.fields.iter().any(|f| !f.optional && f.default.is_none())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    pub value: String,
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub id: ShapeId,
    pub path: TypePath,
    pub variants: Vec<EnumVariant>,
    pub sensitive: bool,
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntEnumVariant {
    pub rust_name: String,
    pub value: i64,
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntEnum {
    pub id: ShapeId,
    pub path: TypePath,
    pub variants: Vec<IntEnumVariant>,
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub wire_name: String,
    pub json_name: String,
    pub rust_name: String,
    /// The member targets `smithy.api#Unit`: a variant without a value (`ty` is then unused).
    pub unit: bool,
    pub ty: Ty,
    pub boxed: bool,
    pub sensitive: bool,
    pub timestamp_format: Option<TimestampFormat>,
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub id: ShapeId,
    pub path: TypePath,
    pub variants: Vec<UnionVariant>,
    /// `@streaming`: an event stream; each variant is one event (or modeled error) message.
    pub streaming: bool,
    pub sensitive: bool,
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OperationError {
    /// Variant name in the operation error enum.
    pub variant: String,
    pub path: TypePath,
    pub info: ErrorInfo,
}

/// How an operation authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    SigV4,
    /// `@optionalAuth`: signed when credentials exist.
    Optional,
    /// `@auth([])`: never signed.
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: ShapeId,
    /// Operation name on the wire (`StartCopyJob`).
    pub wire_name: String,
    /// Client method name (`start_copy_job`, `r#type`).
    pub fn_name: String,
    /// Module name under `operation` (identifier text, may be raw: `r#type`).
    pub module: String,
    pub input: Struct,
    pub output: Struct,
    pub error_enum: TypePath,
    pub errors: Vec<OperationError>,
    pub http: super::HttpTrait,
    pub auth: Auth,
    pub docs: String,
    /// `@endpoint(hostPrefix)`, split into literal text and `@hostLabel` members (empty: no prefix).
    pub host_prefix: Vec<HostPrefixPart>,
    /// `@requestCompression` lists `gzip`: bodies are gzipped (subject to the config's settings).
    pub gzip_request: bool,
    /// `@httpChecksumRequired`: requests carry `Content-MD5`.
    pub checksum_required: bool,
    /// Service-specific request facts from the customization table (`crate::customizations`).
    pub request_rules: RequestRules,
    /// `smithy.test#httpRequestTests` / `httpResponseTests` values, for tests emission.
    pub request_tests: Option<Value>,
    pub response_tests: Option<Value>,
    /// `smithy.test#eventStreamTests` values, for tests emission.
    pub event_stream_tests: Option<Value>,
    /// `smithy.api#paginated` (merged with the service's defaults), resolved against input and output.
    pub paginator: Option<super::Paginator>,
}

/// What a service needs on the wire that its model does not state, for one operation (empty for most).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestRules {
    /// `(label member, value)`: the label is sent as `value` when the member is unset or empty.
    pub label_defaults: Vec<(String, String)>,
    /// `(header, digest)`: headers carrying a digest of the body, added unless the request already has them.
    pub body_hashes: Vec<(String, BodyHash)>,
    /// A string input member whose value, when set and not empty, is the endpoint URL the request is sent to.
    pub endpoint_member: Option<String>,
}

/// A digest of the request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyHash {
    /// Hex SHA-256 of the whole body.
    Sha256,
    /// Hex SHA-256 tree hash over 1 MiB chunks.
    Sha256Tree,
}

/// A piece of an `@endpoint` host prefix template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    Literal(String),
    /// `{name}`: the input member `name` (Smithy member name), which is `@hostLabel`.
    Label(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: ShapeId,
    /// Rust module name (`backup`).
    pub module: String,
    pub sdk_id: String,
    /// The service shape's name, used in `X-Amz-Target`.
    pub target_prefix: String,
    pub protocol: Protocol,
    pub signing_name: String,
    pub api_version: String,
    pub env_suffix: String,
    /// `aws.protocols#awsQueryCompatible`: requests carry `x-amzn-query-mode: true`.
    pub query_compatible: bool,
    /// `(name, value)` headers every request of the service carries unless an input member set the same header
    /// (from the customization table).
    pub static_headers: Vec<(String, String)>,
    pub rule_set: Option<Value>,
    pub endpoint_tests: Option<Value>,
    pub docs: String,
    pub operations: Vec<Operation>,
    /// Shared structures (including error structures), enums, int enums and unions, in id order.
    pub structs: Vec<Struct>,
    pub enums: Vec<Enum>,
    pub int_enums: Vec<IntEnum>,
    pub unions: Vec<Union>,
    /// Waiters, endpoint parameters bound per call, and what paths read.
    pub lifecycle: super::Lifecycle,
}
