#[allow(dead_code)]
pub mod screen;
#[allow(dead_code)]
pub mod server;
#[allow(dead_code)]
pub mod synthetic;
