//! SecretsUsedInArgOrEnv: an ENV or stage ARG whose name has a `_`-separated
//! part such as `password`, `token` or `key` (and none of `public`, `file`,
//! `version`). Global ARGs are not checked, as in BuildKit.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::model::{Analysis, Command};
use crate::syntax::Word;

pub const CODE: &str = "SecretsUsedInArgOrEnv";

const SECRET_PARTS: [&str; 10] =
    ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];
const ALLOWED_PARTS: [&str; 3] = ["public", "file", "version"];

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if analysis.stage_of(index).is_none() {
            continue;
        }
        let keys: Vec<&Word> = match analysis.command(index) {
            Command::KeyValues { pairs } if instruction.is("env") => pairs.iter().map(|p| &p.key).collect(),
            Command::Arg { defs } => defs.iter().map(|d| &d.name).collect(),
            _ => continue,
        };
        let kind = if instruction.is("env") { "ENV" } else { "ARG" };
        for key in keys.into_iter().filter(|k| looks_secret(&k.text)) {
            let message = format!(
                "Do not use ARG or ENV instructions for sensitive data ({kind} {:?}): use a secret mount (`RUN --mount=type=secret`)",
                key.text
            );
            sink.push(warning(CODE, key.range, message));
        }
    }
}

fn looks_secret(name: &str) -> bool {
    let has = |parts: &[&str]| name.split('_').any(|p| parts.iter().any(|s| p.eq_ignore_ascii_case(s)));
    has(&SECRET_PARTS) && !has(&ALLOWED_PARTS)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn secret_names() {
        check_rule(
            super::CODE,
            "ARG GLOBAL_TOKEN\nFROM a\nARG api_key GPG_KEY_FILE\nENV DB_PASSWORD=x KEYCLOAK=y\nENV AUTH z\n",
            expect![[r#"
                ARG GLOBAL_TOKEN
                FROM a
                ARG <focus>api_key</focus> GPG_KEY_FILE
                ENV <focus>DB_PASSWORD</focus>=x KEYCLOAK=y
                ENV <focus>AUTH</focus> z
                warning SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG "api_key"): use a secret mount (`RUN --mount=type=secret`)
                warning SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD"): use a secret mount (`RUN --mount=type=secret`)
                warning SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "AUTH"): use a secret mount (`RUN --mount=type=secret`)
            "#]],
        );
    }
}
