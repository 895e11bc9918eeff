//! How generated shapes show themselves to JMESPath paths ([`crate::runtime::jmespath`]): the runtime types'
//! [`ToValue`] impls, and the macros a service's generated `reflect` module expands. Only the structures,
//! unions, enums and members that some waiter or endpoint path names get impls, so the rest of a service
//! pays nothing.

use crate::runtime::datetime::DateTime;
use crate::runtime::jmespath::{ToValue, Value};

/// Timestamps are seen as epoch seconds (numbers), as in the other AWS SDKs.
impl ToValue for DateTime {
    fn to_value(&self) -> Value<'_> {
        Value::Number(self.as_secs_f64())
    }
}

/// `ToValue` for string enums (as their wire value) and int enums (as their number).
#[allow(unused_macros)] // expanded by generated code only
macro_rules! reflect_enums {
    (strings: [$($string_enum:ty),*] ints: [$($int_enum:ty),*]) => {
        $(
            impl $crate::runtime::jmespath::ToValue for $string_enum {
                fn to_value(&self) -> $crate::runtime::jmespath::Value<'_> {
                    $crate::runtime::jmespath::Value::String(::std::borrow::Cow::Borrowed(self.as_str()))
                }
            }
        )*
        $(
            impl $crate::runtime::jmespath::ToValue for $int_enum {
                fn to_value(&self) -> $crate::runtime::jmespath::Value<'_> {
                    $crate::runtime::jmespath::Value::Number(self.value() as f64)
                }
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use reflect_enums;

/// `Reflect` + `ToValue` for a structure, exposing the listed members by their Smithy names.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! reflect_struct {
    ($ty:ty { $($wire:literal => $field:ident),* $(,)? }) => {
        impl $crate::runtime::jmespath::Reflect for $ty {
            fn member(&self, name: &str) -> $crate::runtime::jmespath::Value<'_> {
                match name {
                    $($wire => $crate::runtime::jmespath::ToValue::to_value(&self.$field),)*
                    _ => $crate::runtime::jmespath::Value::Null,
                }
            }
            fn members(&self) -> ::std::vec::Vec<(::std::borrow::Cow<'_, str>, $crate::runtime::jmespath::Value<'_>)> {
                let all: ::std::vec::Vec<(::std::borrow::Cow<'_, str>, $crate::runtime::jmespath::Value<'_>)> = ::std::vec![
                    $((::std::borrow::Cow::Borrowed($wire), $crate::runtime::jmespath::ToValue::to_value(&self.$field)),)*
                ];
                all.into_iter().filter(|(_, v)| !v.is_null()).collect()
            }
        }
        impl $crate::runtime::jmespath::ToValue for $ty {
            fn to_value(&self) -> $crate::runtime::jmespath::Value<'_> {
                $crate::runtime::jmespath::Value::Object(self)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use reflect_struct;

/// `Reflect` + `ToValue` for a union: an object with the one member that is set. Variants without a value
/// (unit members) and the unknown variant show no member.
#[allow(unused_macros)] // expanded by generated code only
macro_rules! reflect_union {
    ($ty:ty { $($wire:literal => $variant:ident),* $(,)? }) => {
        impl $crate::runtime::jmespath::Reflect for $ty {
            fn member(&self, name: &str) -> $crate::runtime::jmespath::Value<'_> {
                match (name, self) {
                    $(($wire, Self::$variant(value)) => $crate::runtime::jmespath::ToValue::to_value(value),)*
                    _ => $crate::runtime::jmespath::Value::Null,
                }
            }
            fn members(&self) -> ::std::vec::Vec<(::std::borrow::Cow<'_, str>, $crate::runtime::jmespath::Value<'_>)> {
                match self {
                    $(Self::$variant(value) => ::std::vec![(::std::borrow::Cow::Borrowed($wire), $crate::runtime::jmespath::ToValue::to_value(value))],)*
                    #[allow(unreachable_patterns)]
                    _ => ::std::vec::Vec::new(),
                }
            }
        }
        impl $crate::runtime::jmespath::ToValue for $ty {
            fn to_value(&self) -> $crate::runtime::jmespath::Value<'_> {
                $crate::runtime::jmespath::Value::Object(self)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use reflect_union;

#[cfg(test)]
mod tests {
    use crate::runtime::jmespath::{parse, search, to_json, ToValue};
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Status {
        Active,
        Other(String),
    }
    impl Status {
        fn as_str(&self) -> &str {
            match self {
                Status::Active => "ACTIVE",
                Status::Other(s) => s,
            }
        }
    }
    struct Level(i32);
    impl Level {
        fn value(&self) -> i32 {
            self.0
        }
    }
    reflect_enums!(strings: [Status] ints: [Level]);

    struct Table {
        status: Option<Status>,
        level: Level,
        tags: Vec<String>,
        created: Option<crate::runtime::datetime::DateTime>,
        #[allow(dead_code)]
        hidden: String,
    }
    reflect_struct!(Table { "TableStatus" => status, "Level" => level, "Tags" => tags, "Created" => created });

    enum Choice {
        Name(String),
        #[allow(dead_code)]
        Count(i32),
        #[allow(dead_code)]
        Unknown,
    }
    reflect_union!(Choice { "name" => Name, "count" => Count });

    #[test]
    fn generated_shapes_are_seen_by_their_smithy_names() {
        let table = Table {
            status: Some(Status::Active),
            level: Level(3),
            tags: vec!["a".into(), "b".into()],
            created: Some(crate::runtime::datetime::DateTime::from_secs(10)),
            hidden: "secret".into(),
        };
        let value = table.to_value();
        let eval = |path: &str| to_json(&search(&parse(path).unwrap(), &value));
        assert_eq!(eval("TableStatus"), json!("ACTIVE"));
        assert_eq!(eval("Level"), json!(3));
        assert_eq!(eval("Tags[1]"), json!("b"));
        assert_eq!(eval("Created"), json!(10));
        assert_eq!(eval("hidden"), json!(null), "only listed members are exposed");
        assert_eq!(eval("length(@)"), json!(4));
        let other = Table { status: Some(Status::Other("NEW".into())), level: Level(0), tags: vec![], created: None, hidden: String::new() };
        assert_eq!(to_json(&search(&parse("TableStatus").unwrap(), &other.to_value())), json!("NEW"));
        let choice = Choice::Name("n".into());
        assert_eq!(to_json(&search(&parse("name").unwrap(), &choice.to_value())), json!("n"));
        assert_eq!(to_json(&search(&parse("count").unwrap(), &choice.to_value())), json!(null));
        assert_eq!(to_json(&Choice::Unknown.to_value()), json!({}));
    }
}
