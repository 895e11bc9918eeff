//! How the job examples print a wait that did not end in success.

use aws_lite::runtime::error::ProvideErrorMetadata;
use aws_lite::runtime::waiter::WaiterError;
use std::fmt::Display;
use std::process::ExitCode;

pub fn failure<O, E: ProvideErrorMetadata + Display>(err: &WaiterError<O, E>) -> ExitCode {
    match err {
        WaiterError::FailureState(_) => eprintln!("the job failed: {err}"),
        WaiterError::ExceededMaxWait(e) => {
            eprintln!(
                "not done after {:?} ({} polls); it may still finish",
                e.elapsed(),
                e.poll_count()
            )
        }
        _ => eprintln!("{err}"),
    }
    ExitCode::FAILURE
}
