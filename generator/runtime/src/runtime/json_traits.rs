//! Type-directed JSON conversion: [`FromJson`] and [`ToJson`] for the value types members can have (primitives,
//! blobs, documents, big numbers, epoch-seconds timestamps, lists, maps, sparse elements), and macros that give
//! the service's own shapes the same traits through their generated functions.
//!
//! Why: with the traits, a generated deserializer reads every member with one generic call whose type comes
//! from the builder field (`builder.tags = rt::member(v, "Tags")?`), and a serializer writes it with one call
//! (`o.write_opt("Tags", &input.tags)?`), instead of spelling out a closure per list, map and element type.
//! Only timestamps in a format other than epoch seconds (the JSON protocols' default) are still spelled out.

use super::json::{self as rt, ArrayWriter, DeserializeError, ObjectWriter, ValueWriter};
use crate::runtime::blob::Blob;
use crate::runtime::datetime::{DateTime, DateTimeError, Format};
use crate::runtime::document::Document;
use crate::runtime::number::{BigDecimal, BigInteger};
use serde_json::Value;
use std::collections::HashMap;

/// A value read from a (non-null) JSON value; `context` names the member in errors.
pub trait FromJson: Sized {
    /// Whether `null` is a value of this type (sparse elements): collections keep null elements only then.
    const ACCEPTS_NULL: bool = false;

    /// Reads the value.
    fn from_json(value: &Value, context: &'static str) -> Result<Self, DeserializeError>;
}

/// A member value: `None` when `null` (Smithy treats null like an absent member).
pub fn member<T: FromJson>(
    value: &Value,
    context: &'static str,
) -> Result<Option<T>, DeserializeError> {
    rt::non_null(value)
        .map(|v| T::from_json(v, context))
        .transpose()
}

/// A non-null value (a union member's value).
pub fn value<T: FromJson>(value: &Value, context: &'static str) -> Result<T, DeserializeError> {
    T::from_json(value, context)
}

macro_rules! from_json_with {
    ($($ty:ty => $read:path),* $(,)?) => {$(
        impl FromJson for $ty {
            fn from_json(value: &Value, context: &'static str) -> Result<Self, DeserializeError> {
                $read(value, context)
            }
        }
    )*};
}

from_json_with! {
    bool => rt::boolean,
    i8 => rt::i8,
    i16 => rt::i16,
    i32 => rt::i32,
    i64 => rt::i64,
    f32 => rt::f32,
    f64 => rt::f64,
    Blob => rt::blob,
    Document => rt::document,
    BigInteger => rt::big_integer,
    BigDecimal => rt::big_decimal,
}

impl FromJson for String {
    fn from_json(value: &Value, context: &'static str) -> Result<Self, DeserializeError> {
        rt::string(value, context).map(str::to_owned)
    }
}

/// Timestamps without a `@timestampFormat` are epoch seconds in the JSON protocols.
impl FromJson for DateTime {
    fn from_json(value: &Value, context: &'static str) -> Result<Self, DeserializeError> {
        rt::timestamp(value, Format::EpochSeconds, context)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    const ACCEPTS_NULL: bool = true;

    fn from_json(value: &Value, context: &'static str) -> Result<Self, DeserializeError> {
        member(value, context)
    }
}

/// A list; `null` elements are skipped unless the element type accepts them (sparse lists).
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value, context: &'static str) -> Result<Self, DeserializeError> {
        rt::elements(value, context, T::ACCEPTS_NULL, |item| T::from_json(item, context))
    }
}

/// A map; entries with `null` values are skipped unless the value type accepts them (sparse maps).
impl<T: FromJson> FromJson for HashMap<String, T> {
    fn from_json(value: &Value, context: &'static str) -> Result<Self, DeserializeError> {
        rt::entries(value, context, T::ACCEPTS_NULL, |item| T::from_json(item, context))
    }
}

/// A value written as JSON.
pub trait ToJson {
    /// Writes the value; fails only for timestamps that cannot be written (see [`ValueWriter::timestamp`]).
    fn to_json(&self, w: ValueWriter<'_>) -> Result<(), DateTimeError>;
}

impl ObjectWriter<'_> {
    /// Writes `"key": value`.
    pub fn write<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), DateTimeError> {
        value.to_json(self.key(key))
    }

    /// Writes `"key": value` when the member is set; an unset member is left out.
    pub fn write_opt<T: ToJson>(
        &mut self,
        key: &str,
        value: &Option<T>,
    ) -> Result<(), DateTimeError> {
        match value {
            Some(v) => v.to_json(self.key(key)),
            None => Ok(()),
        }
    }
}

macro_rules! to_json_with {
    ($($ty:ty => |$v:ident, $w:ident| $write:expr),* $(,)?) => {$(
        impl ToJson for $ty {
            fn to_json(&self, $w: ValueWriter<'_>) -> Result<(), DateTimeError> {
                let $v = self;
                $write;
                Ok(())
            }
        }
    )*};
}

to_json_with! {
    str => |v, w| w.string(v),
    String => |v, w| w.string(v),
    bool => |v, w| w.boolean(*v),
    i8 => |v, w| w.integer(i64::from(*v)),
    i16 => |v, w| w.integer(i64::from(*v)),
    i32 => |v, w| w.integer(i64::from(*v)),
    i64 => |v, w| w.integer(*v),
    f32 => |v, w| w.float32(*v),
    f64 => |v, w| w.float(*v),
    Blob => |v, w| w.blob(v.as_slice()),
    Document => |v, w| w.document(v),
    BigInteger => |v, w| w.big_integer(v),
    BigDecimal => |v, w| w.big_decimal(v),
}

/// Epoch seconds, the JSON protocols' default timestamp format.
impl ToJson for DateTime {
    fn to_json(&self, w: ValueWriter<'_>) -> Result<(), DateTimeError> {
        w.timestamp(self, Format::EpochSeconds)
    }
}

/// A sparse element: `None` is written as `null`.
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self, w: ValueWriter<'_>) -> Result<(), DateTimeError> {
        match self {
            Some(v) => v.to_json(w),
            None => {
                w.null();
                Ok(())
            }
        }
    }
}

/// Members boxed to break recursion are written like their contents.
impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self, w: ValueWriter<'_>) -> Result<(), DateTimeError> {
        (**self).to_json(w)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self, w: ValueWriter<'_>) -> Result<(), DateTimeError> {
        let mut a: ArrayWriter<'_> = w.start_array();
        for item in self {
            item.to_json(a.value())?;
        }
        a.finish();
        Ok(())
    }
}

impl<T: ToJson> ToJson for HashMap<String, T> {
    fn to_json(&self, w: ValueWriter<'_>) -> Result<(), DateTimeError> {
        let mut o = w.start_object();
        for (key, item) in self {
            o.write(key, item)?;
        }
        o.finish();
        Ok(())
    }
}

/// Gives the service's shapes [`FromJson`] / [`ToJson`] through their generated functions: string enums read
/// and write their wire string, int enums their integer, structures and unions call `de_x(value)` (read) and
/// `ser_x(object, value)` (write_object: structures) or `ser_x(writer, value)` (write_value: unions).
/// One invocation per service, without recursion (services have hundreds of shapes).
#[allow(unused_macros)] // expanded by generated code only
macro_rules! json_shapes {
    (
        string_enums: [$($string_enum:ty),*]
        int_enums: [$($int_enum:ty),*]
        read: [$($read:ty => $de:path),*]
        write_object: [$($object:ty => $ser_object:path),*]
        write_value: [$($value:ty => $ser_value:path),*]
    ) => {
        $(
            impl $crate::runtime::json::FromJson for $string_enum {
                fn from_json(
                    value: &::serde_json::Value,
                    context: &'static str,
                ) -> ::std::result::Result<Self, $crate::runtime::json::DeserializeError> {
                    $crate::runtime::json::string(value, context).map(<$string_enum>::from)
                }
            }
            impl $crate::runtime::json::ToJson for $string_enum {
                fn to_json(
                    &self,
                    w: $crate::runtime::json::ValueWriter<'_>,
                ) -> ::std::result::Result<(), $crate::runtime::datetime::DateTimeError> {
                    w.string(self.as_str());
                    ::std::result::Result::Ok(())
                }
            }
        )*
        $(
            impl $crate::runtime::json::FromJson for $int_enum {
                fn from_json(
                    value: &::serde_json::Value,
                    context: &'static str,
                ) -> ::std::result::Result<Self, $crate::runtime::json::DeserializeError> {
                    $crate::runtime::json::i32(value, context).map(<$int_enum>::from)
                }
            }
            impl $crate::runtime::json::ToJson for $int_enum {
                fn to_json(
                    &self,
                    w: $crate::runtime::json::ValueWriter<'_>,
                ) -> ::std::result::Result<(), $crate::runtime::datetime::DateTimeError> {
                    w.integer(i64::from(self.value()));
                    ::std::result::Result::Ok(())
                }
            }
        )*
        $(
            impl $crate::runtime::json::FromJson for $read {
                fn from_json(
                    value: &::serde_json::Value,
                    _context: &'static str,
                ) -> ::std::result::Result<Self, $crate::runtime::json::DeserializeError> {
                    $de(value)
                }
            }
        )*
        $(
            impl $crate::runtime::json::ToJson for $object {
                fn to_json(
                    &self,
                    w: $crate::runtime::json::ValueWriter<'_>,
                ) -> ::std::result::Result<(), $crate::runtime::datetime::DateTimeError> {
                    let mut o = w.start_object();
                    $ser_object(&mut o, self)?;
                    o.finish();
                    ::std::result::Result::Ok(())
                }
            }
        )*
        $(
            impl $crate::runtime::json::ToJson for $value {
                fn to_json(
                    &self,
                    w: $crate::runtime::json::ValueWriter<'_>,
                ) -> ::std::result::Result<(), $crate::runtime::datetime::DateTimeError> {
                    $ser_value(w, self)
                }
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use json_shapes;

#[cfg(test)]
mod tests {
    use super::*;

    fn write(value: &impl ToJson) -> String {
        let mut out = String::new();
        value.to_json(ValueWriter::new(&mut out)).unwrap();
        out
    }

    fn read<T: FromJson>(text: &str) -> Result<Option<T>, DeserializeError> {
        member(&serde_json::from_str::<Value>(text).unwrap(), "Member")
    }

    #[test]
    fn dense_collections_skip_nulls_and_sparse_ones_keep_them() {
        assert_eq!(read::<Vec<i32>>("[1,null,2]").unwrap(), Some(vec![1, 2]));
        assert_eq!(read::<Vec<Option<i32>>>("[1,null,2]").unwrap(), Some(vec![Some(1), None, Some(2)]));
        let dense = read::<HashMap<String, String>>(r#"{"a":"x","b":null}"#).unwrap().unwrap();
        assert_eq!(dense.len(), 1);
        let sparse = read::<HashMap<String, Option<String>>>(r#"{"a":"x","b":null}"#).unwrap().unwrap();
        assert_eq!(sparse.get("b"), Some(&None));
        assert_eq!(read::<Vec<String>>("null").unwrap(), None);
    }

    #[test]
    fn type_mismatches_name_the_member() {
        let err = read::<Vec<bool>>(r#"[true,"no"]"#).unwrap_err();
        assert!(err.to_string().contains("Member"), "{err}");
        assert!(read::<i8>("300").is_err());
        assert_eq!(read::<DateTime>("1.5").unwrap(), Some(DateTime::from_secs_f64(1.5).unwrap()));
    }

    #[test]
    fn writes_collections_sparse_elements_and_boxes() {
        assert_eq!(write(&vec![Some(1.5f32), None]), "[1.5,null]");
        assert_eq!(write(&Box::new(vec![String::from("a\"b")])), r#"["a\"b"]"#);
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.write_opt("A", &Some(1i64)).unwrap();
        o.write_opt::<i64>("B", &None).unwrap();
        o.write("C", &true).unwrap();
        o.finish();
        assert_eq!(out, r#"{"A":1,"C":true}"#);
    }
}
