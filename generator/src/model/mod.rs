//! Model loading: Smithy JSON AST -> [`Model`], and writing a model back to JSON AST (`write`).
mod ast;
mod duplicate_keys;
mod load;
mod mixins;
mod prelude;
mod shape_id;
mod validate;
pub mod write;

pub use ast::{Bindings, Member, Model, OperationRefs, Shape, ShapeKind, Traits};
pub use load::{load, SourceFile};
pub use prelude::is_unit;
pub use shape_id::ShapeId;
