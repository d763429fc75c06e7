//! The `ratsvorlage` binary: the process's policy — allocator, panic hook, Ctrl-C, terminal
//! colours and progress — and the command line, over the library's commands.

mod cli;

/// Every allocation is counted so that a template cannot take the machine's memory: the cap
/// comes from `Limits` (see `cli::main`).
#[global_allocator]
static ALLOC: ratsvorlage::guard::Guard = ratsvorlage::guard::Guard;

fn main() -> std::process::ExitCode {
    cli::main()
}
