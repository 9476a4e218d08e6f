//! `dls/NpmCi`: with a lockfile in the image, `npm ci` installs exactly what
//! it locks (and fails when it is out of date) where `npm install` may
//! update it.

use super::packages::calls;
use super::{copy_sources_before, finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};

pub const CODE: &str = "dls/NpmCi";

pub(crate) const NPM_CACHES: &[&str] = &["/root/.npm", ".npm"];

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for call in calls(facts, &["npm"], &["install", "i"], &[]) {
        let run = call.run;
        if run.caches(NPM_CACHES) || call.positional().next().is_some() || call.has_option(&["--global"], Some('g')) {
            continue;
        }
        let copies_lockfile = copy_sources_before(facts, run.instruction).iter().any(|source| {
            let name = source.rsplit('/').next().unwrap_or(source);
            matches!(name, "package-lock.json" | "npm-shrinkwrap.json" | "package*.json" | "*.json")
        });
        if !copies_lockfile {
            continue;
        }
        let sub = call.subcommand();
        let fix = Fix::new("Use `npm ci`", vec![TextEdit::replace(sub.range, "ci")]).preferred();
        let message = "the lockfile is copied in: `npm ci` installs exactly what it locks, `npm install` may change it"
            .to_string();
        let range = call.cmd.words()[0].range.cover(sub.range);
        sink.push(finding(CODE, Severity::Information, range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_npm_install_after_copying_the_lockfile() {
        check_practices(
            "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm install && npm install -g pm2 && npm i left-pad\nUSER node\n",
            expect![[r#"
                FROM node:22
                COPY package.json package-lock.json ./
                RUN <focus>npm install</focus> && npm install -g pm2 && npm i left-pad
                USER node
                info dls/NpmCi: the lockfile is copied in: `npm ci` installs exactly what it locks, `npm install` may change it
            "#]],
        );
        check_practices(
            "FROM node:22\nCOPY package.json ./\nRUN npm install\nUSER node\n",
            expect![[r#"
            FROM node:22
            COPY package.json ./
            RUN npm install
            USER node
        "#]],
        );
    }
}
