//! Stand-alone build of the runtime that the generator copies into every generated crate.
//! Only here so the runtime compiles and is unit-tested on its own; paths inside use `crate::runtime::...`,
//! which resolve the same way in the generated crate.
#![warn(missing_docs)]
pub mod runtime;
