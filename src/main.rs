//! The `neurotriage` binary: everything lives in the library; this file only
//! hands over the arguments and turns the outcome into an exit status.

use std::process::ExitCode;

fn main() -> ExitCode {
    neurotriage::run(std::env::args_os())
}
