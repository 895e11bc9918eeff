//! Model transforms before lowering: which operations and shapes are generated, and which members need a Box.
mod closure;
mod recursion;

pub use closure::{bound_operations, service_operations, Closure};
pub use recursion::boxed_members;
