//! Macros the generated code expands instead of spelling out the same methods for every member and operation:
//! far less text to generate, format and read, the same code for the compiler. Paths inside are fully
//! qualified because a model may name a shape `Option` or `String`.

/// Builder methods for each member, as in aws-sdk-rust. Use inside `impl SomeBuilder { ... }`; each entry is
/// `#[doc = "..."]* kind (field, set_field, get_field, "WireName"): Type;` where `kind` is
/// - `one`: `x(impl Into<T>)` sets the value;
/// - `list` (`Type` is the element type): `x(impl Into<T>)` appends one element;
/// - `map` (`Type` is the value type; keys are strings): `x(impl Into<String>, impl Into<T>)` inserts one entry;
///
/// and in every case `set_x(Option<..>)` replaces (or clears) the whole value and `get_x() -> &Option<..>`
/// returns it. The doc attributes (the member's documentation) go on `x`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! builder_setters {
    ($( $(#[$doc:meta])* $kind:ident ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty; )*) => {
        $( $crate::runtime::macros::builder_setter! { $kind $(#[$doc])* ($field, $set, $get, $wire): $ty } )*
    };
}
#[allow(unused_imports)]
pub(crate) use builder_setters;

/// One member's methods of `builder_setters!`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! builder_setter {
    (one $(#[$doc:meta])* ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        $(#[$doc])*
        pub fn $field(mut self, input: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(input.into());
            self
        }
        $crate::runtime::macros::builder_setter! { @set_get ($field, $set, $get, $wire): $ty }
    };
    (list $(#[$doc:meta])* ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("Appends one element to `", $wire, "`; `", stringify!($set), "` replaces the whole list.")]
        pub fn $field(mut self, item: impl ::std::convert::Into<$ty>) -> Self {
            self.$field.get_or_insert_with(::std::vec::Vec::new).push(item.into());
            self
        }
        $crate::runtime::macros::builder_setter! { @set_get ($field, $set, $get, $wire): ::std::vec::Vec<$ty> }
    };
    (map $(#[$doc:meta])* ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("Inserts one entry into `", $wire, "`; `", stringify!($set), "` replaces the whole map.")]
        pub fn $field(mut self, key: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field.get_or_insert_with(::std::collections::HashMap::new).insert(key.into(), value.into());
            self
        }
        $crate::runtime::macros::builder_setter! {
            @set_get ($field, $set, $get, $wire): ::std::collections::HashMap<::std::string::String, $ty>
        }
    };
    (@set_get ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        #[doc = concat!("Sets or clears `", $wire, "` (the whole value; see `", stringify!($field), "`).")]
        pub fn $set(mut self, input: ::std::option::Option<$ty>) -> Self {
            self.$field = input;
            self
        }
        #[doc = concat!("The `", $wire, "` set so far.")]
        pub fn $get(&self) -> &::std::option::Option<$ty> {
            &self.$field
        }
    };
}
#[allow(unused_imports)]
pub(crate) use builder_setter;

/// Read accessors of a structure's members. Each entry is `(field, "WireName") -> ReturnType => how;` where
/// `how` is `deref` (`field.as_deref()`), `as_ref`, `copy` (the value) or `borrow` (`&field`).
#[allow(unused_macros)] // expanded by generated code only
macro_rules! accessors {
    ($( ($field:ident, $wire:literal) -> $ret:ty => $how:ident; )*) => {
        $(
            #[doc = concat!("The `", $wire, "` member (documented on the field of the same name).")]
            pub fn $field(&self) -> $ret {
                $crate::runtime::macros::access!($how, self.$field)
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use accessors;

/// The body of one accessor (see `accessors!`).
#[allow(unused_macros)] // expanded by generated code only
macro_rules! access {
    (deref, $e:expr) => {
        $e.as_deref()
    };
    (as_ref, $e:expr) => {
        $e.as_ref()
    };
    (copy, $e:expr) => {
        $e
    };
    (borrow, $e:expr) => {
        &$e
    };
}
#[allow(unused_imports)]
pub(crate) use access;

/// The same methods on an operation's fluent builder (same entries as `builder_setters!`), forwarding to its
/// input builder (`self.inner`).
#[allow(unused_macros)] // expanded by generated code only
macro_rules! fluent_setters {
    ($( $(#[$doc:meta])* $kind:ident ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty; )*) => {
        $( $crate::runtime::macros::fluent_setter! { $kind $(#[$doc])* ($field, $set, $get, $wire): $ty } )*
    };
}
#[allow(unused_imports)]
pub(crate) use fluent_setters;

/// One member's methods of `fluent_setters!`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! fluent_setter {
    (one $(#[$doc:meta])* ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        $(#[$doc])*
        pub fn $field(mut self, input: impl ::std::convert::Into<$ty>) -> Self {
            self.inner = self.inner.$field(input);
            self
        }
        $crate::runtime::macros::fluent_setter! { @set_get ($field, $set, $get, $wire): $ty }
    };
    (list $(#[$doc:meta])* ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("Appends one element to `", $wire, "`; `", stringify!($set), "` replaces the whole list.")]
        pub fn $field(mut self, item: impl ::std::convert::Into<$ty>) -> Self {
            self.inner = self.inner.$field(item);
            self
        }
        $crate::runtime::macros::fluent_setter! { @set_get ($field, $set, $get, $wire): ::std::vec::Vec<$ty> }
    };
    (map $(#[$doc:meta])* ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("Inserts one entry into `", $wire, "`; `", stringify!($set), "` replaces the whole map.")]
        pub fn $field(mut self, key: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<$ty>) -> Self {
            self.inner = self.inner.$field(key, value);
            self
        }
        $crate::runtime::macros::fluent_setter! {
            @set_get ($field, $set, $get, $wire): ::std::collections::HashMap<::std::string::String, $ty>
        }
    };
    (@set_get ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty) => {
        #[doc = concat!("Sets or clears `", $wire, "` (the whole value; see `", stringify!($field), "`).")]
        pub fn $set(mut self, input: ::std::option::Option<$ty>) -> Self {
            self.inner = self.inner.$set(input);
            self
        }
        #[doc = concat!("The `", $wire, "` set so far.")]
        pub fn $get(&self) -> &::std::option::Option<$ty> {
            self.inner.$get()
        }
    };
}
#[allow(unused_imports)]
pub(crate) use fluent_setter;

/// Methods and trait impls of an operation's error enum: metadata accessors, `is_<variant>()`, retry and
/// throttling classification (modeled `@retryable` variants first, then the error code), `Display` as
/// `Code: message`, `Error` and `ProvideErrorMetadata`.
/// The conversions of a string enum (`Variant => "WIRE"` for each known value; the enum has an
/// `Unknown(UnknownVariantValue)` case): `as_str`, `values`, `From<&str>`, `FromStr`, `AsRef<str>`, `Display`,
/// and `Debug` (`debug: redacted` for a `@sensitive` enum, which never shows its value).
#[allow(unused_macros)] // expanded by generated code only
macro_rules! string_enum_impls {
    ($name:ident { $( $variant:ident => $value:literal ),* $(,)? } debug: $debug:ident) => {
        impl $name {
            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(v) => v.as_str(),
                }
            }
            /// Every value this client knows.
            pub const fn values() -> &'static [&'static str] {
                &[$( $value ),*]
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $value => $name::$variant, )*
                    other => $name::Unknown($crate::runtime::unknown::UnknownVariantValue::new(other)),
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok($name::from(s))
            }
        }
        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        $crate::runtime::macros::string_enum_impls!(@debug $debug $name);
    };
    (@debug plain $name:ident) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $name::Unknown(v) => f.debug_tuple("Unknown").field(&v.as_str()).finish(),
                    other => f.write_str(other.as_str()),
                }
            }
        }
    };
    (@debug redacted $name:ident) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("*** Sensitive Data Redacted ***")
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum_impls;

/// The conversions of an int enum (`Variant => value` for each known value; the enum has an
/// `Unknown(UnknownIntValue)` case): `value()` and `From<i32>`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! int_enum_impls {
    ($name:ident { $( $variant:ident => $value:literal ),* $(,)? }) => {
        impl $name {
            /// The value as on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(v) => v.value(),
                }
            }
        }
        impl ::std::convert::From<i32> for $name {
            fn from(v: i32) -> Self {
                match v {
                    $( $value => $name::$variant, )*
                    other => $name::Unknown($crate::runtime::unknown::UnknownIntValue::new(other)),
                }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use int_enum_impls;

/// The body of an operation's `parse_error(response)`: reads the error metadata of a JSON error response and,
/// by its code, the modeled error (`"Code" => Variant(parse_fn)`); an unknown code, or a body that does not
/// parse as the modeled error, becomes `Unhandled`.
///
/// For an awsQuery-compatible service (`query_compatible { "QueryCode" => Variant(parse_fn) }`, from the
/// errors' `awsQueryError` codes) the `x-amzn-query-error` header gives the reported code and type; the JSON
/// code still picks the modeled error, and the header's code does when the JSON code names none.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! parse_operation_error {
    ($response:ident, $error:ident {} query_compatible {}) => {
        $error::Unhandled($crate::runtime::error::Unhandled::new(
            $crate::runtime::error::ErrorMetadata::from_query_compatible_response($response).0,
        ))
    };
    ($response:ident, $error:ident { $( $code:literal => $variant:ident($parse:path) ),* $(,)? }
        query_compatible { $( $qcode:literal => $qvariant:ident($qparse:path) ),* $(,)? }) => {{
        let (meta, json_code) = $crate::runtime::error::ErrorMetadata::from_query_compatible_response($response);
        #[allow(unreachable_patterns)]
        let parsed: ::std::result::Result<$error, $crate::runtime::json::DeserializeError> = match (json_code.as_deref(), meta.code()) {
            $( (::std::option::Option::Some($code), _) => $parse($response, meta.clone()).map($error::$variant), )*
            $( (_, ::std::option::Option::Some($qcode)) => $qparse($response, meta.clone()).map($error::$qvariant), )*
            _ => return $error::Unhandled($crate::runtime::error::Unhandled::new(meta)),
        };
        parsed.unwrap_or_else(|e| $error::Unhandled($crate::runtime::error::Unhandled::with_source(meta, e)))
    }};
    ($response:ident, $error:ident {}) => {
        $error::Unhandled($crate::runtime::error::Unhandled::new(
            $crate::runtime::error::ErrorMetadata::from_json_response($response),
        ))
    };
    ($response:ident, $error:ident { $( $code:literal => $variant:ident($parse:path) ),+ $(,)? }) => {{
        let meta = $crate::runtime::error::ErrorMetadata::from_json_response($response);
        let parsed: ::std::result::Result<$error, $crate::runtime::json::DeserializeError> = match meta.code() {
            $( ::std::option::Option::Some($code) => $parse($response, meta.clone()).map($error::$variant), )+
            _ => return $error::Unhandled($crate::runtime::error::Unhandled::new(meta)),
        };
        parsed.unwrap_or_else(|e| $error::Unhandled($crate::runtime::error::Unhandled::with_source(meta, e)))
    }};
}
#[allow(unused_imports)]
pub(crate) use parse_operation_error;

#[allow(unused_macros)] // expanded by generated code only
macro_rules! operation_error_impls {
    (
        $name:ident {
            $( $variant:ident => $is_fn:ident, $code:literal; )*
        }
        retryable: [ $( $retryable:ident ),* ]
        throttling: [ $( $throttling:ident ),* ]
    ) => {
        impl $name {
            /// Code, message, request id and status of the error.
            pub fn meta(&self) -> &$crate::runtime::error::ErrorMetadata {
                use $crate::runtime::error::ProvideErrorMetadata as _;
                match self {
                    $( $name::$variant(e) => e.meta(), )*
                    $name::Unhandled(e) => e.meta(),
                }
            }
            /// The error code, e.g. `ThrottlingException`.
            pub fn code(&self) -> ::std::option::Option<&str> {
                self.meta().code()
            }
            /// The error message.
            pub fn message(&self) -> ::std::option::Option<&str> {
                self.meta().message()
            }
            /// The request id the service gave.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.meta().request_id()
            }
            /// Whether the model marks this error retryable (or it is a known transient code).
            #[allow(unreachable_patterns)]
            pub fn is_retryable(&self) -> bool {
                match self {
                    $( $name::$retryable(_) => true, )*
                    _ => self.meta().is_retryable(),
                }
            }
            /// Whether this is a throttling error.
            #[allow(unreachable_patterns)]
            pub fn is_throttling(&self) -> bool {
                match self {
                    $( $name::$throttling(_) => true, )*
                    _ => self.meta().is_throttling(),
                }
            }
            $(
                #[doc = concat!("Whether this is `", $code, "`.")]
                pub fn $is_fn(&self) -> bool {
                    ::std::matches!(self, $name::$variant(_))
                }
            )*
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $( $name::$variant(e) => ::std::fmt::Display::fmt(e, f), )*
                    $name::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }
        // Display is the wrapped error's: the chain continues with that error's own cause, not the error again.
        impl ::std::error::Error for $name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    $( $name::$variant(e) => ::std::error::Error::source(e), )*
                    $name::Unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }
        impl $crate::runtime::error::ProvideErrorMetadata for $name {
            fn meta(&self) -> &$crate::runtime::error::ErrorMetadata {
                $name::meta(self)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use operation_error_impls;

/// An operation's fluent builder type (use inside the operation's `builders` module): the struct, `new`,
/// `as_input`, `send` (build the input, then the operation's one `send` path), `customize`, and the
/// `Customize` and (with `test-util`) `MockOperation` impls. Its setters come from `fluent_setters!` in a
/// separate `impl`. `build: fallible` when the input builder's `build()` returns a `Result` (required
/// members); its error becomes the call's `SdkError`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! fluent_builder {
    (
        $name:ident($wire:literal, $builder:ident => $input:ty, $output:ty, $error:ty,
            send: $send:path, build: $build:ident)
    ) => {
        #[doc = concat!(" Fluent builder for the `", $wire, "` operation: set members, then `send()`.")]
        #[derive(Debug, Clone)]
        pub struct $name {
            handle: $crate::runtime::client::Handle,
            inner: $builder,
        }
        impl $name {
            pub(crate) fn new(handle: $crate::runtime::client::Handle) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }
            /// The input built so far.
            pub fn as_input(&self) -> &$builder {
                &self.inner
            }
            /// Sends the request.
            pub async fn send(self) -> ::std::result::Result<$output, $crate::runtime::error::SdkError<$error>> {
                let input = $crate::runtime::macros::fluent_builder!(@build $build self.inner);
                $send(&self.handle, input).await
            }
            /// This call with per-call settings: `.customize().config_override(..).send()`.
            pub fn customize(self) -> $crate::runtime::customize::CustomizableOperation<Self> {
                $crate::runtime::customize::CustomizableOperation::new(self)
            }
        }
        impl $crate::runtime::customize::Customize for $name {
            type Output = $output;
            type Error = $crate::runtime::error::SdkError<$error>;
            fn send_with_override(mut self, overrides: $crate::runtime::customize::ConfigOverride)
                -> impl ::std::future::Future<Output = ::std::result::Result<Self::Output, Self::Error>> + ::std::marker::Send {
                self.handle = self.handle.with_override(overrides);
                self.send()
            }
        }
        #[cfg(feature = "test-util")]
        impl $crate::runtime::mock::MockOperation for $name {
            type Input = $input;
            type Output = $output;
            type Error = $error;
            const NAME: &'static str = $wire;
        }
    };
    (@build infallible $inner:expr) => {
        $inner.build()
    };
    (@build fallible $inner:expr) => {
        $inner.build()?
    };
}
#[allow(unused_imports)]
pub(crate) use fluent_builder;

/// The one request path of an operation (use at the operation module's top, beside its `send_http`):
/// `send_with(client)` on the input, and `send(handle, input)`, which fills unset idempotency tokens, validates,
/// lets test doubles answer (with `test-util`), and otherwise hands over to `send_http`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! operation_send {
    (
        $wire:literal, $client:ty, $input:ident => $output:ty, $error:ty,
        validate: $validate:path, idempotency_tokens: [ $( $token:ident ),* ]
    ) => {
        impl $input {
            /// Sends this input with `client`.
            pub async fn send_with(self, client: &$client) -> ::std::result::Result<$output, $crate::runtime::error::SdkError<$error>> {
                send(client.handle(), self).await
            }
        }

        /// The one request path: token, validation, then (unless test doubles answer) the HTTP exchange.
        pub(crate) async fn send(
            handle: &$crate::runtime::client::Handle,
            #[allow(unused_mut)] mut input: $input,
        ) -> ::std::result::Result<$output, $crate::runtime::error::SdkError<$error>> {
            $(
                if input.$token.is_none() {
                    input.$token = ::std::option::Option::Some(handle.config().idempotency_token());
                }
            )*
            $crate::runtime::validate::check(handle.config().validation(), |c| {
                $validate(&input, $crate::runtime::validate::Path::root($wire), c)
            })?;
            #[cfg(feature = "test-util")]
            if let ::std::option::Option::Some(mocks) = handle.mocks() {
                return $crate::runtime::mock::send(mocks, handle, $wire, input, |handle, input| async move {
                    send_http(&handle, input).await
                })
                .await;
            }
            send_http(handle, input).await
        }
    };
}
#[allow(unused_imports)]
pub(crate) use operation_send;

/// A structure's builder: the struct (every member an `Option`), the setters of `builder_setters!` and
/// `build()`. The attributes before the name go on the struct (docs, derives). Entries are those of
/// `builder_setters!`, each followed by how `build()` fills the member: `optional`, `required` (a missing value
/// is a `ValidationError` naming `$type_name` and the member; `build: fallible` then), or `default(expr)`,
/// each with a `_boxed` form for members held in a `Box`; an error structure's `meta` entry is filled with `meta`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! builder {
    (
        $(#[$attr:meta])*
        $name:ident => $target:path, $type_name:literal, build: $build:ident {
            $( $(#[$doc:meta])* $kind:ident ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty
                => $init:ident $( ($default:expr) )?; )*
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $( pub(crate) $field: ::std::option::Option<$crate::runtime::macros::builder!(@slot $kind $ty)>, )*
        }
        impl $name {
            $crate::runtime::macros::builder_setters! { $( $(#[$doc])* $kind ($field, $set, $get, $wire): $ty; )* }
            $crate::runtime::macros::builder!(@build $build self, $target {
                $( $field = $crate::runtime::macros::builder!(@init (self.$field), $type_name, $wire, $init $(($default))?), )*
            });
        }
    };
    (@slot one $ty:ty) => { $ty };
    (@slot list $ty:ty) => { ::std::vec::Vec<$ty> };
    (@slot map $ty:ty) => { ::std::collections::HashMap<::std::string::String, $ty> };
    (@build infallible $self:ident, $target:path { $( $field:ident = $value:expr, )* }) => {
        /// Builds the value.
        pub fn build($self) -> $target {
            // A `path` fragment cannot name a struct literal; an alias can.
            type Target = $target;
            Target { $( $field: $value, )* }
        }
    };
    (@build fallible $self:ident, $target:path { $( $field:ident = $value:expr, )* }) => {
        /// Builds the value; fails when a required member was not set.
        pub fn build($self) -> ::std::result::Result<$target, $crate::runtime::validate::ValidationError> {
            type Target = $target;
            ::std::result::Result::Ok(Target { $( $field: $value, )* })
        }
    };
    (@init $value:expr, $type_name:literal, $wire:literal, optional) => { $value };
    // An error's metadata: the parser always sets it; a builder used by hand gets empty metadata.
    (@init $value:expr, $type_name:literal, $wire:literal, meta) => { $value.unwrap_or_default() };
    (@init $value:expr, $type_name:literal, $wire:literal, optional_boxed) => { $value.map(::std::boxed::Box::new) };
    (@init $value:expr, $type_name:literal, $wire:literal, required) => {
        $crate::runtime::validate::required_member($value, $type_name, $wire)?
    };
    (@init $value:expr, $type_name:literal, $wire:literal, required_boxed) => {
        ::std::boxed::Box::new($crate::runtime::validate::required_member($value, $type_name, $wire)?)
    };
    (@init $value:expr, $type_name:literal, $wire:literal, default($default:expr)) => {
        $value.unwrap_or_else(|| $default)
    };
    (@init $value:expr, $type_name:literal, $wire:literal, default_boxed($default:expr)) => {
        ::std::boxed::Box::new($value.unwrap_or_else(|| $default))
    };
}
#[allow(unused_imports)]
pub(crate) use builder;

/// Reads the members of a JSON object into a builder:
/// `read_members!(value, "Shape", builder, v { "key" => field("Member"), "key2" => field2 = expr, })`. A member
/// named by its wire name alone is read through its `FromJson` impl; `= expr` reads it with an explicit reader
/// (which sees the member's value as `v`). Unknown keys are skipped; anything but an object is an error
/// naming the shape.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! read_members {
    ($value:expr, $shape:literal, $builder:ident, $v:ident {
        $( $key:literal => $field:ident $( ($wire:literal) )? $( = $read:expr )? ),* $(,)?
    }) => {
        for (key, $v) in $crate::runtime::json::object($value, $shape)? {
            match key.as_str() {
                $( $key => $builder.$field = $crate::runtime::macros::read_members!(@read $v $(, $wire)? $(= $read)?), )*
                _ => {}
            }
        }
    };
    (@read $v:ident, $wire:literal) => {
        $crate::runtime::json::member($v, $wire)?
    };
    (@read $v:ident = $read:expr) => {
        $read
    };
}
#[allow(unused_imports)]
pub(crate) use read_members;

/// The `paginator` module's types of a paginated operation (use inside that module): `<Op>Paginator` with
/// `page_size` (when the trait names a page size member), `items` (when it names an items member, with the
/// `<Op>PaginatorItems` type), `stop_on_duplicate_token` and `send`. The loop is `runtime::paginator`; what
/// varies is here: where the tokens are (`input_token`/`output_token`, non-capturing closures), how the first
/// input is built, and the operation's `send`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! paginator {
    (
        $(#[$attr:meta])*
        $name:ident($builder:ty => $input:ty, $output:ty, $error:ty, send: $send:path, build: $build:ident)
        tokens: $token:ty { input: $input_token:expr, output: $output_token:expr }
        $( page_size: $page_setter:ident($page_wire:literal); )?
        $( items: $items:ident($items_wire:literal, $what:literal) -> $item:ty = $extract:expr; )?
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone)]
        pub struct $name {
            handle: $crate::runtime::client::Handle,
            builder: $builder,
            stop_on_duplicate_token: bool,
        }
        impl $name {
            pub(crate) fn new(handle: $crate::runtime::client::Handle, builder: $builder) -> Self {
                Self { handle, builder, stop_on_duplicate_token: true }
            }
            $(
                #[doc = concat!(" Sets the page size: the `", $page_wire, "` member of every request (overrides a value set before).")]
                pub fn page_size(mut self, limit: i32) -> Self {
                    self.builder = self.builder.$page_setter(limit);
                    self
                }
            )?
            $(
                #[doc = concat!(" Streams the items of every page (`", $items_wire, "`) instead of the pages.")]
                pub fn items(self) -> $items {
                    $items(self)
                }
            )?
            /// Whether the stream ends when the service returns a token it was already sent (default `true`,
            /// so a service that repeats itself cannot page forever).
            pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
                self.stop_on_duplicate_token = stop;
                self
            }
            /// The pages, as a stream; nothing is sent until it is polled. An error is the stream's last item.
            pub fn send(
                self,
            ) -> $crate::runtime::paginator::PaginationStream<::std::result::Result<$output, $crate::runtime::error::SdkError<$error>>> {
                let handle = self.handle;
                let tokens: $crate::runtime::paginator::Tokens<$input, $output, $token> =
                    $crate::runtime::paginator::Tokens { input: $input_token, output: $output_token };
                let first = $crate::runtime::macros::paginator!(@first $build self.builder);
                $crate::runtime::paginator::pages(first, self.stop_on_duplicate_token, tokens, move |input| {
                    let handle = handle.clone();
                    ::std::boxed::Box::pin(async move { $send(&handle, input).await })
                })
            }
        }
        $(
            #[doc = concat!(" The ", $what, " of `", $items_wire, "` on every page of [`", stringify!($name), "`]: `send()` streams them.")]
            #[derive(Debug, Clone)]
            pub struct $items($name);
            impl $items {
                /// The items, as a stream; nothing is sent until it is polled. An error is the stream's last item.
                pub fn send(
                    self,
                ) -> $crate::runtime::paginator::PaginationStream<::std::result::Result<$item, $crate::runtime::error::SdkError<$error>>> {
                    $crate::runtime::paginator::items(self.0.send(), $extract)
                }
            }
        )?
    };
    (@first infallible $builder:expr) => {
        ::std::result::Result::Ok($builder.build())
    };
    (@first fallible $builder:expr) => {
        $builder.build().map_err($crate::runtime::error::SdkError::from)
    };
}
#[allow(unused_imports)]
pub(crate) use paginator;

#[cfg(test)]
mod tests {
    use crate::runtime::error::{ErrorMetadata, Unhandled};

    use std::collections::HashMap;

    #[derive(Default)]
    struct ThingBuilder {
        name: Option<String>,
        r#type: Option<i32>,
        tags: Option<Vec<String>>,
        labels: Option<HashMap<String, i32>>,
    }
    impl ThingBuilder {
        super::builder_setters! {
            /// The name.
            one (name, set_name, get_name, "Name"): String;
            one (r#type, set_type, get_type, "Type"): i32;
            list (tags, set_tags, get_tags, "Tags"): String;
            map (labels, set_labels, get_labels, "Labels"): i32;
        }
    }

    struct Fluent {
        inner: ThingBuilder,
    }

    struct Thing {
        name: Option<String>,
        tags: Vec<String>,
        size: i64,
        parent: Option<Box<Thing>>,
    }
    impl Thing {
        super::accessors! {
            (name, "Name") -> Option<&str> => deref;
            (tags, "Tags") -> &[String] => borrow;
            (size, "Size") -> i64 => copy;
            (parent, "Parent") -> Option<&Thing> => deref;
        }
    }

    /// What `builder!` builds from: every kind of member `build()` can fill. (The tests call only some of the
    /// `set_`/`get_` methods the macro writes.)
    mod built {
        #![allow(dead_code)]
        #[derive(Debug, PartialEq)]
        pub struct Node {
            pub name: String,
            pub size: i32,
            pub tags: Option<Vec<String>>,
            pub child: Option<Box<Node>>,
            pub parent: Box<Leaf>,
            pub origin: Box<Leaf>,
            pub meta: crate::runtime::error::ErrorMetadata,
        }
        #[derive(Debug, PartialEq, Default, Clone)]
        pub struct Leaf {
            pub id: Option<String>,
        }
        super::super::builder! {
            #[derive(Default)]
            NodeBuilder => self::Node, "Node", build: fallible {
                one (name, set_name, get_name, "Name"): String => required;
                one (size, set_size, get_size, "Size"): i32 => default(7);
                list (tags, set_tags, get_tags, "Tags"): String => optional;
                one (child, set_child, get_child, "Child"): Node => optional_boxed;
                one (parent, set_parent, get_parent, "Parent"): Leaf => required_boxed;
                one (origin, set_origin, get_origin, "Origin"): Leaf => default_boxed(Leaf { id: Some("o".into()) });
                one (meta, set_meta, get_meta, "meta"): crate::runtime::error::ErrorMetadata => meta;
            }
        }
        impl Node {
            pub fn builder() -> NodeBuilder {
                NodeBuilder::default()
            }
        }
        super::super::builder! {
            #[derive(Default)]
            LeafBuilder => self::Leaf, "Leaf", build: infallible {
                one (id, set_id, get_id, "Id"): String => optional;
            }
        }
    }
    use built::{Leaf, LeafBuilder, Node};

    #[test]
    fn builder_fills_required_default_optional_and_boxed_members() {
        let leaf = LeafBuilder::default().id("p").build();
        let child = Node::builder().name("c").parent(leaf.clone()).build().unwrap();
        let node = Node::builder().name("n").tags("a").tags("b").child(child).parent(leaf.clone()).build().unwrap();
        assert_eq!(node.name, "n");
        assert_eq!(node.size, 7, "an unset member with a default gets it");
        assert_eq!(node.tags, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(node.child.as_ref().map(|c| c.name.as_str()), Some("c"));
        assert_eq!(*node.parent, leaf);
        assert_eq!(node.origin.id.as_deref(), Some("o"), "a boxed member with a default gets it, boxed");
        assert_eq!(node.meta, crate::runtime::error::ErrorMetadata::default());
        assert_eq!(Node::builder().name("n").size(3).parent(Leaf::default()).build().unwrap().size, 3);

        let missing = Node::builder().name("n").build().unwrap_err();
        assert_eq!(missing.to_string(), "Node: member `Parent` is required");
    }

    #[test]
    fn read_members_reads_known_keys_and_skips_the_rest() -> Result<(), crate::runtime::json::DeserializeError> {
        let value = serde_json::json!({ "id": "x", "unknown": 1 });
        let mut builder = LeafBuilder::default();
        super::read_members!(&value, "Leaf", builder, v { "id" => id("Id") });
        assert_eq!(builder.build().id.as_deref(), Some("x"));

        let mut builder = LeafBuilder::default();
        super::read_members!(&value, "Leaf", builder, v { "id" => id = v.as_str().map(|s| s.to_uppercase()) });
        assert_eq!(builder.build().id.as_deref(), Some("X"));

        let mut builder = LeafBuilder::default();
        let not_object = (|| {
            super::read_members!(&serde_json::json!([1]), "Leaf", builder, v { "id" => id("Id") });
            Ok::<(), crate::runtime::json::DeserializeError>(())
        })();
        assert!(not_object.unwrap_err().to_string().contains("Leaf"), "the error names the shape");
        Ok(())
    }

    #[test]
    fn accessors_return_views() {
        let child = Thing { name: None, tags: vec![], size: 1, parent: None };
        let t = Thing { name: Some("n".into()), tags: vec!["a".into()], size: 2, parent: Some(Box::new(child)) };
        assert_eq!((t.name(), t.tags(), t.size()), (Some("n"), &["a".to_string()][..], 2));
        assert_eq!(t.parent().map(Thing::size), Some(1));
    }
    impl Fluent {
        super::fluent_setters! {
            one (name, set_name, get_name, "Name"): String;
            list (tags, set_tags, get_tags, "Tags"): String;
            map (labels, set_labels, get_labels, "Labels"): i32;
        }
    }

    #[derive(Debug)]
    enum OpError {
        Throttled(Unhandled),
        Unhandled(Unhandled),
    }
    super::operation_error_impls! {
        OpError { Throttled => is_throttled, "Throttled"; }
        retryable: [Throttled]
        throttling: [Throttled]
    }

    #[test]
    fn setters_set_clear_and_get() {
        let b = ThingBuilder::default().name("a").r#type(3);
        assert_eq!((b.get_name().as_deref(), *b.get_type()), (Some("a"), Some(3)));
        let b = b.set_name(None).set_type(None);
        assert_eq!((b.get_name(), b.get_type()), (&None, &None));
        let f = Fluent { inner: ThingBuilder::default() }.name("x");
        assert_eq!(f.get_name().as_deref(), Some("x"));
        let f = f.set_name(None);
        assert!(f.inner.name.is_none());
    }

    #[test]
    fn collection_setters_append_insert_and_replace() {
        let b = ThingBuilder::default().tags("a").tags(String::from("b")).labels("x", 1).labels("y", 2).labels("x", 3);
        assert_eq!(b.get_tags().as_deref(), Some(&["a".to_string(), "b".to_string()][..]));
        let labels = b.get_labels().as_ref().expect("labels");
        assert_eq!((labels.len(), labels["x"], labels["y"]), (2, 3, 2));
        let b = b.set_tags(Some(vec!["c".into()])).tags("d").set_labels(None);
        assert_eq!(b.get_tags().as_deref(), Some(&["c".to_string(), "d".to_string()][..]));
        assert_eq!(b.get_labels(), &None);
        let f = Fluent { inner: ThingBuilder::default() }.tags("a").tags("b").labels("k", 7);
        assert_eq!(f.get_tags().as_ref().map(Vec::len), Some(2));
        assert_eq!(f.get_labels().as_ref().and_then(|m| m.get("k")), Some(&7));
        let f = f.set_tags(None).set_labels(Some(HashMap::from([("z".to_string(), 9)])));
        assert_eq!((f.get_tags(), f.get_labels().as_ref().map(HashMap::len)), (&None, Some(1)));
    }

    #[test]
    fn error_impls_classify_and_display() {
        let meta = ErrorMetadata::new(Some("Throttled".into()), Some("slow down".into()), Some("rid".into()), Some(400));
        let e = OpError::Throttled(Unhandled::new(meta.clone()));
        assert!(e.is_throttled() && e.is_retryable() && e.is_throttling());
        assert_eq!((e.code(), e.message(), e.request_id()), (Some("Throttled"), Some("slow down"), Some("rid")));
        let other = OpError::Unhandled(Unhandled::new(ErrorMetadata::new(Some("Nope".into()), None, None, Some(400))));
        assert!(!other.is_throttled() && !other.is_retryable());
        assert!(std::error::Error::source(&other).is_none(), "the unhandled error has no cause of its own");
        assert!(e.to_string().contains("Throttled"));
    }
}
