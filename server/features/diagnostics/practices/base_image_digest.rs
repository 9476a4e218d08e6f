//! `dls/BaseImageDigest` (off by default): a tag can be moved to another
//! image; only a digest pins the exact base. Enable it in `rules` for fully
//! reproducible builds.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::model::BaseKind;

pub const CODE: &str = "dls/BaseImageDigest";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for stage in &facts.analysis.model.stages {
        let base = &stage.base;
        let BaseKind::Image(image) = &base.kind else { continue };
        if image.digest.is_some() || !base.unset_vars.is_empty() {
            continue;
        }
        let message =
            format!("pin `{}` by digest (`{}@sha256:…`) for a reproducible build", base.expanded, base.expanded);
        sink.push(finding(CODE, Severity::Hint, base.word.range, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, RuleLevel};
    use crate::features::diagnostics::diagnostics;
    use crate::model::Analysis;

    #[test]
    fn off_unless_enabled() {
        let analysis = Analysis::from_text("FROM alpine:3.20\nFROM alpine:3.20@sha256:0123456789012345678901234567890123456789012345678901234567890123\n");
        let codes = |config: &Config| -> Vec<&str> {
            diagnostics(&analysis, config).iter().map(|d| d.code).filter(|c| *c == super::CODE).collect()
        };
        assert!(codes(&Config::default()).is_empty());
        let mut config = Config::default();
        config.rules.insert(super::CODE.to_string(), RuleLevel::Hint);
        assert_eq!(codes(&config), vec![super::CODE]);
    }
}
