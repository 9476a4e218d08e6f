//! `dls/NpmOnlyProduction`: `--only=production` and `--production` are
//! deprecated since npm 7 in favour of `--omit=dev`.

use super::npm_ci::NPM_CACHES;
use super::packages::calls;
use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};

pub const CODE: &str = "dls/NpmOnlyProduction";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for call in calls(facts, &["npm"], &["install", "i", "ci"], &[]) {
        if call.run.caches(NPM_CACHES) {
            continue;
        }
        for word in call.options() {
            if !matches!(word.text.as_str(), "--only=production" | "--only=prod" | "--production") {
                continue;
            }
            let fix = Fix::new("Use `--omit=dev`", vec![TextEdit::replace(word.range, "--omit=dev")]).preferred();
            let message = format!("`{}` is deprecated: use `--omit=dev`", word.text);
            let mut diagnostic = finding(CODE, Severity::Information, word.range, message).with_fix(fix);
            diagnostic.deprecated = true;
            sink.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_deprecated_production_flags() {
        check_practices(
            "FROM node:22\nRUN npm ci --only=production && npm install --production x && echo --production\nUSER node\n",
            expect![[r#"
                FROM node:22
                RUN npm ci <focus>--only=production</focus> && npm install <focus>--production</focus> x && echo --production
                USER node
                info dls/NpmOnlyProduction: `--only=production` is deprecated: use `--omit=dev`
                info dls/NpmOnlyProduction: `--production` is deprecated: use `--omit=dev`
            "#]],
        );
    }
}
