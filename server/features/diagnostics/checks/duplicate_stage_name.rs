//! DuplicateStageName: a second `AS name` (compared lowercased).

use std::collections::HashSet;

use super::warning;
use crate::features::diagnostics::Sink;
use crate::model::Analysis;

pub const CODE: &str = "DuplicateStageName";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let mut seen = HashSet::new();
    for stage in &analysis.model.stages {
        let Some(name) = &stage.name else { continue };
        if !seen.insert(name.name.as_str()) {
            let message =
                format!("Duplicate stage name {:?}, stage names should be unique: rename one of them", name.name);
            sink.push(warning(CODE, name.word.range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn second_definition() {
        check_rule(
            super::CODE,
            "FROM a AS b\nFROM c AS B\n",
            expect![[r#"
                FROM a AS b
                FROM c AS <focus>B</focus>
                warning DuplicateStageName: Duplicate stage name "b", stage names should be unique: rename one of them
            "#]],
        );
    }
}
