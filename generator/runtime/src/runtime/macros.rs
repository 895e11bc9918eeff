//! Macros the generated code expands instead of spelling out the same methods for every member and operation:
//! far less text to generate, format and read, the same code for the compiler. Paths inside are fully
//! qualified because a model may name a shape `Option` or `String`.

/// Builder methods for each member: `x(impl Into<T>)`, `set_x(Option<T>)` and `get_x() -> &Option<T>`.
/// Use inside `impl SomeBuilder { ... }`; each entry is `(field, set_field, get_field, "WireName"): Type;`.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! builder_setters {
    ($( ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty; )*) => {
        $(
            #[doc = concat!("Sets `", $wire, "`.")]
            pub fn $field(mut self, input: impl ::std::convert::Into<$ty>) -> Self {
                self.$field = ::std::option::Option::Some(input.into());
                self
            }
            #[doc = concat!("Sets or clears `", $wire, "`.")]
            pub fn $set(mut self, input: ::std::option::Option<$ty>) -> Self {
                self.$field = input;
                self
            }
            #[doc = concat!("The `", $wire, "` set so far.")]
            pub fn $get(&self) -> &::std::option::Option<$ty> {
                &self.$field
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use builder_setters;

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

/// The same methods on an operation's fluent builder, forwarding to its input builder (`self.inner`).
#[allow(unused_macros)] // expanded by generated code only
macro_rules! fluent_setters {
    ($( ($field:ident, $set:ident, $get:ident, $wire:literal): $ty:ty; )*) => {
        $(
            #[doc = concat!("Sets `", $wire, "`.")]
            pub fn $field(mut self, input: impl ::std::convert::Into<$ty>) -> Self {
                self.inner = self.inner.$field(input);
                self
            }
            #[doc = concat!("Sets or clears `", $wire, "`.")]
            pub fn $set(mut self, input: ::std::option::Option<$ty>) -> Self {
                self.inner = self.inner.$set(input);
                self
            }
            #[doc = concat!("The `", $wire, "` set so far.")]
            pub fn $get(&self) -> &::std::option::Option<$ty> {
                self.inner.$get()
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use fluent_setters;

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

#[cfg(test)]
mod tests {
    use crate::runtime::error::{ErrorMetadata, Unhandled};

    #[derive(Default)]
    struct ThingBuilder {
        name: Option<String>,
        r#type: Option<i32>,
    }
    impl ThingBuilder {
        super::builder_setters! {
            (name, set_name, get_name, "Name"): String;
            (r#type, set_type, get_type, "Type"): i32;
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

    #[test]
    fn accessors_return_views() {
        let child = Thing { name: None, tags: vec![], size: 1, parent: None };
        let t = Thing { name: Some("n".into()), tags: vec!["a".into()], size: 2, parent: Some(Box::new(child)) };
        assert_eq!((t.name(), t.tags(), t.size()), (Some("n"), &["a".to_string()][..], 2));
        assert_eq!(t.parent().map(Thing::size), Some(1));
    }
    impl Fluent {
        super::fluent_setters! {
            (name, set_name, get_name, "Name"): String;
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
