//! Static types of JMESPath paths (waiter acceptors, `operationContextParams`) over the lowered shapes: a path
//! that reads a member a shape does not have, or compares what it cannot hold, is a generation error; every
//! structure, union and enum a path reads is recorded in the [`ReflectPlan`], with the members it names.
use super::lifecycle::ReflectPlan;
use super::{Elem, Enum, Service, Struct, Ty, TypePath, Union};
use crate::jmespath::{Comparator, Expr, Function, Literal};
use std::collections::BTreeMap;

/// What a (sub-)path evaluates to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PType {
    /// Not known statically (literals' arrays, mixed `||` sides): anything goes.
    Any,
    Null,
    Bool,
    Number,
    String,
    Enum(TypePath),
    Struct(TypePath),
    Union(TypePath),
    List(Box<PType>),
    Map(Box<PType>),
    /// The `{"input": .., "output": ..}` root of an `inputOutput` matcher.
    InputOutput(Box<PType>, Box<PType>),
}

impl PType {
    pub(crate) fn describe(&self, shapes: &Shapes<'_>) -> String {
        match self {
            PType::Any => "a value of any type".into(),
            PType::Null => "null".into(),
            PType::Bool => "a boolean".into(),
            PType::Number => "a number".into(),
            PType::String => "a string".into(),
            PType::Enum(p) => format!("the enum `{}`", p.name),
            PType::Struct(p) => format!("the structure `{}`", shapes.struct_name(p)),
            PType::Union(p) => format!("the union `{}`", p.name),
            PType::List(inner) => format!("a list of {}", inner.describe(shapes)),
            PType::Map(inner) => format!("a map of {}", inner.describe(shapes)),
            PType::InputOutput(..) => "the input and output".into(),
        }
    }

    fn is_stringish(&self) -> bool {
        matches!(self, PType::String | PType::Enum(_) | PType::Any)
    }
}

/// The service's shapes by type path.
pub(crate) struct Shapes<'s> {
    structs: BTreeMap<&'s TypePath, &'s Struct>,
    unions: BTreeMap<&'s TypePath, &'s Union>,
    enums: BTreeMap<&'s TypePath, &'s Enum>,
}

impl<'s> Shapes<'s> {
    pub(crate) fn of(svc: &'s Service) -> Self {
        let mut structs: BTreeMap<&TypePath, &Struct> = svc.structs.iter().map(|s| (&s.path, s)).collect();
        for op in &svc.operations {
            structs.insert(&op.input.path, &op.input);
            structs.insert(&op.output.path, &op.output);
        }
        Shapes {
            structs,
            unions: svc.unions.iter().map(|u| (&u.path, u)).collect(),
            enums: svc.enums.iter().map(|e| (&e.path, e)).collect(),
        }
    }

    pub(crate) fn structure(&self, path: &TypePath) -> Option<&'s Struct> {
        self.structs.get(path).copied()
    }

    /// The Smithy name of a structure (operation inputs and outputs keep their model names).
    fn struct_name(&self, path: &TypePath) -> String {
        self.structs.get(path).map_or_else(|| path.name.clone(), |s| s.id.name().to_string())
    }
}

/// The type a member of IR type `ty` has in a path; `Err` for types paths cannot read.
pub(crate) fn member_type(ty: &Ty) -> Result<PType, String> {
    Ok(match ty {
        Ty::String => PType::String,
        Ty::Bool => PType::Bool,
        Ty::Byte | Ty::Short | Ty::Int | Ty::Long | Ty::Float | Ty::Double | Ty::Timestamp => PType::Number,
        Ty::Enum(p) => PType::Enum(p.clone()),
        Ty::IntEnum(_) => PType::Number,
        Ty::Struct(p) => PType::Struct(p.clone()),
        Ty::Union(p) => PType::Union(p.clone()),
        Ty::List(elem) => PType::List(Box::new(elem_type(elem)?)),
        Ty::Map(elem) => PType::Map(Box::new(elem_type(elem)?)),
        Ty::Blob => return Err("a blob".into()),
        Ty::ByteStream => return Err("a byte stream".into()),
        Ty::Document => return Err("a document".into()),
        Ty::BigInteger | Ty::BigDecimal => return Err("an arbitrary-precision number".into()),
        Ty::EventSender(_) | Ty::EventReceiver { .. } => return Err("an event stream".into()),
    })
}

fn elem_type(elem: &Elem) -> Result<PType, String> {
    member_type(&elem.ty)
}

/// Checks paths against one service's shapes, recording what they read.
pub(crate) struct Checker<'s, 'p> {
    pub(crate) shapes: &'s Shapes<'s>,
    pub(crate) plan: &'p mut ReflectPlan,
    int_enums: &'s [super::IntEnum],
}

impl<'s, 'p> Checker<'s, 'p> {
    pub(crate) fn new(svc: &'s Service, shapes: &'s Shapes<'s>, plan: &'p mut ReflectPlan) -> Self {
        Checker { shapes, plan, int_enums: &svc.int_enums }
    }

    /// Parses `path` and types it over `root`.
    pub(crate) fn check_path(&mut self, path: &str, root: &PType) -> Result<PType, String> {
        let expr = crate::jmespath::parse(path).map_err(|e| format!("path `{path}` does not parse: {e}"))?;
        self.note(root);
        self.check(&expr, root).map_err(|e| format!("path `{path}`: {e}"))
    }

    /// Records a value of type `ty` (and the element types inside it) as read by a path.
    pub(crate) fn note(&mut self, ty: &PType) {
        match ty {
            PType::Struct(p) => {
                self.plan.structs.entry(p.clone()).or_default();
            }
            PType::Union(p) => {
                self.plan.unions.entry(p.clone()).or_default();
            }
            PType::Enum(p) => {
                self.plan.enums.insert(p.clone());
            }
            PType::List(inner) | PType::Map(inner) => self.note(inner),
            PType::InputOutput(input, output) => {
                self.note(input);
                self.note(output);
            }
            _ => {}
        }
    }

    /// Records an IR type read whole (a member value): int enums too, which paths see as numbers.
    pub(crate) fn note_ty(&mut self, ty: &Ty) {
        match ty {
            Ty::IntEnum(p) if self.int_enums.iter().any(|e| &e.path == p) => {
                self.plan.int_enums.insert(p.clone());
            }
            Ty::List(elem) | Ty::Map(elem) => self.note_ty(&elem.ty),
            _ => {}
        }
        if let Ok(t) = member_type(ty) {
            self.note(&t);
        }
    }

    fn member(&mut self, of: &PType, name: &str) -> Result<PType, String> {
        match of {
            PType::Any => Ok(PType::Any),
            PType::Map(inner) => Ok((**inner).clone()),
            PType::InputOutput(input, output) => match name {
                "input" => Ok((**input).clone()),
                "output" => Ok((**output).clone()),
                _ => Err(format!("an inputOutput path starts with `input` or `output`, not `{name}`")),
            },
            PType::Struct(path) => {
                let s = self.shapes.structure(path).ok_or_else(|| format!("unknown structure `{}`", path.name))?;
                let field = s.fields.iter().find(|f| f.wire_name == name).ok_or_else(|| {
                    let names: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                    format!("`{}` has no member `{name}` (it has: {})", s.id.name(), names.join(", "))
                })?;
                let ty = member_type(&field.ty)
                    .map_err(|kind| format!("member `{}${name}` is {kind}, which paths cannot read", s.id.name()))?;
                self.plan.structs.entry(path.clone()).or_default().insert(name.to_string());
                self.note_ty(&field.ty);
                Ok(ty)
            }
            PType::Union(path) => {
                let u = self.shapes.unions.get(path).ok_or_else(|| format!("unknown union `{}`", path.name))?;
                let variant = u
                    .variants
                    .iter()
                    .find(|v| v.wire_name == name && !v.unit)
                    .ok_or_else(|| format!("`{}` has no member `{name}` with a value", u.id.name()))?;
                let ty = member_type(&variant.ty)
                    .map_err(|kind| format!("member `{}${name}` is {kind}, which paths cannot read", u.id.name()))?;
                self.plan.unions.entry(path.clone()).or_default().insert(name.to_string());
                self.note_ty(&variant.ty);
                Ok(ty)
            }
            other => Err(format!("reads member `{name}` of {}, which has no members", other.describe(self.shapes))),
        }
    }

    fn list_of(&self, ty: PType, what: &str) -> Result<PType, String> {
        match ty {
            PType::List(inner) => Ok(*inner),
            PType::Any => Ok(PType::Any),
            other => Err(format!("{what} needs a list, but the value here is {}", other.describe(self.shapes))),
        }
    }

    fn check(&mut self, expr: &Expr, current: &PType) -> Result<PType, String> {
        let ty = match expr {
            Expr::Identity => current.clone(),
            Expr::Field(name) => self.member(current, name)?,
            Expr::Sub(left, right) | Expr::Pipe(left, right) => {
                let left = self.check(left, current)?;
                self.check(right, &left)?
            }
            Expr::Index(_) => self.list_of(current.clone(), "an index")?,
            Expr::Slice(..) => PType::List(Box::new(self.list_of(current.clone(), "a slice")?)),
            Expr::Projection(left, right) => {
                let left = self.check(left, current)?;
                let element = self.list_of(left, "a projection")?;
                PType::List(Box::new(self.check(right, &element)?))
            }
            Expr::ValueProjection(left, right) => match self.check(left, current)? {
                PType::Map(inner) => PType::List(Box::new(self.check(right, &inner)?)),
                PType::Any => PType::List(Box::new(self.check(right, &PType::Any)?)),
                other => return Err(format!("`*` needs a map, but the value here is {}", other.describe(self.shapes))),
            },
            Expr::Flatten(inner) => match self.check(inner, current)? {
                PType::List(element) => match *element {
                    PType::List(nested) => PType::List(nested),
                    other => PType::List(Box::new(other)),
                },
                PType::Any => PType::List(Box::new(PType::Any)),
                other => return Err(format!("`[]` needs a list, but the value here is {}", other.describe(self.shapes))),
            },
            Expr::Filter(left, condition, right) => {
                let left = self.check(left, current)?;
                let element = self.list_of(left, "a filter")?;
                self.check(condition, &element)?;
                PType::List(Box::new(self.check(right, &element)?))
            }
            Expr::Compare(op, left, right) => {
                let (left, right) = (self.check(left, current)?, self.check(right, current)?);
                let numeric = |t: &PType| matches!(t, PType::Number | PType::Any);
                let ordering = !matches!(op, Comparator::Eq | Comparator::Ne);
                let both_numbers = numeric(&left) && numeric(&right);
                if ordering && !both_numbers {
                    return Err(format!(
                        "orders {} and {}; only numbers can be ordered",
                        left.describe(self.shapes),
                        right.describe(self.shapes)
                    ));
                }
                PType::Bool
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let (left, right) = (self.check(left, current)?, self.check(right, current)?);
                if left == right {
                    left
                } else {
                    PType::Any
                }
            }
            Expr::Not(inner) => {
                self.check(inner, current)?;
                PType::Bool
            }
            Expr::MultiList(items) => {
                for item in items {
                    self.check(item, current)?;
                }
                PType::List(Box::new(PType::Any))
            }
            Expr::Literal(literal) => match literal {
                Literal::Null => PType::Null,
                Literal::Bool(_) => PType::Bool,
                Literal::Number(_) => PType::Number,
                Literal::String(_) => PType::String,
                Literal::Array(_) => PType::List(Box::new(PType::Any)),
            },
            Expr::Call(function, args) => {
                let args = args.iter().map(|a| self.check(a, current)).collect::<Result<Vec<_>, _>>()?;
                self.call(*function, &args)?
            }
        };
        self.note(&ty);
        Ok(ty)
    }

    fn call(&self, function: Function, args: &[PType]) -> Result<PType, String> {
        let bad = |name: &str, t: &PType| Err(format!("`{name}` cannot take {}", t.describe(self.shapes)));
        match (function, args) {
            (Function::Length, [t]) => match t {
                PType::String | PType::Enum(_) | PType::List(_) | PType::Map(_) | PType::Any => Ok(PType::Number),
                t => bad("length", t),
            },
            (Function::Contains, [t, _]) => match t {
                PType::String | PType::Enum(_) | PType::List(_) | PType::Any => Ok(PType::Bool),
                t => bad("contains", t),
            },
            (Function::Keys, [t]) => match t {
                PType::Map(_) | PType::Any => Ok(PType::List(Box::new(PType::String))),
                t => bad("keys", t),
            },
            (Function::Values, [t]) => match t {
                PType::Map(inner) => Ok(PType::List(inner.clone())),
                PType::Any => Ok(PType::List(Box::new(PType::Any))),
                t => bad("values", t),
            },
            _ => Err("wrong number of arguments".into()),
        }
    }

    /// Whether a path result of type `ty` can ever satisfy a waiter comparator with `expected` (enum results
    /// must expect one of the enum's values).
    pub(crate) fn check_comparison(
        &self,
        ty: &PType,
        comparator: super::lifecycle::Comparator,
        expected: &str,
    ) -> Result<(), String> {
        use super::lifecycle::Comparator as C;
        let element = match (comparator, ty) {
            (C::StringEquals, t) if t.is_stringish() => t.clone(),
            (C::BooleanEquals, PType::Bool | PType::Any) => {
                return match expected {
                    "true" | "false" => Ok(()),
                    _ => Err(format!("booleanEquals expects `true` or `false`, not `{expected}`")),
                }
            }
            (C::AllStringEquals | C::AnyStringEquals, PType::List(inner)) if inner.is_stringish() => (**inner).clone(),
            (C::AllStringEquals | C::AnyStringEquals, PType::Any) => PType::Any,
            (comparator, t) => {
                let name = match comparator {
                    C::StringEquals => "stringEquals",
                    C::BooleanEquals => "booleanEquals",
                    C::AllStringEquals => "allStringEquals",
                    C::AnyStringEquals => "anyStringEquals",
                };
                return Err(format!("{name} cannot match {}", t.describe(self.shapes)));
            }
        };
        if let PType::Enum(path) = &element {
            if let Some(e) = self.shapes.enums.get(path) {
                if !e.variants.iter().any(|v| v.value == expected) {
                    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
                    return Err(format!(
                        "expects `{expected}`, which is not a value of the enum `{}` ({})",
                        e.id.name(),
                        values.join(", ")
                    ));
                }
            }
        }
        Ok(())
    }
}
