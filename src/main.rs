fn main() -> std::process::ExitCode {
    leadwiz::cli::main()
}
