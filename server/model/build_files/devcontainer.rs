//! devcontainer.json.

use std::path::Path;

use super::{BuildEntry, ParseError};

pub fn entries(_text: &str, _dir: &Path) -> Result<Vec<BuildEntry>, ParseError> {
    Ok(Vec::new())
}
