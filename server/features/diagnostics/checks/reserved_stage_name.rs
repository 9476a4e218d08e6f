//! ReservedStageName: `AS scratch` and `AS context`.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::model::Analysis;

pub const CODE: &str = "ReservedStageName";

const RESERVED: [&str; 2] = ["context", "scratch"];

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for stage in &analysis.model.stages {
        let Some(name) = &stage.name else { continue };
        if RESERVED.contains(&name.name.as_str()) {
            let message = format!(
                "Stage name should not use the same name as reserved stage {:?}: choose another name",
                name.name
            );
            sink.push(warning(CODE, name.word.range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn reserved_names() {
        check_rule(
            super::CODE,
            "FROM a AS scratch\nFROM a AS Context\nFROM a AS ok\n",
            expect![[r#"
                FROM a AS <focus>scratch</focus>
                FROM a AS <focus>Context</focus>
                FROM a AS ok
                warning ReservedStageName: Stage name should not use the same name as reserved stage "scratch": choose another name
                warning ReservedStageName: Stage name should not use the same name as reserved stage "context": choose another name
            "#]],
        );
    }
}
