//! `dls/PipNoCacheDir`: `pip install` keeps downloaded wheels in
//! `~/.cache/pip` unless given `--no-cache-dir` (or `PIP_NO_CACHE_DIR`).

use super::packages::{calls, run_has};
use super::{finding, stage_sets_env, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};

pub const CODE: &str = "dls/PipNoCacheDir";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let with_value = ["-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-t"];
    for call in calls(facts, &["pip"], &["install"], &with_value) {
        let run = call.run;
        if !facts.run_in_image(run) || run.caches(&["/root/.cache", ".cache/pip"]) {
            continue;
        }
        if call.has_option(&["--no-cache-dir", "--no-cache"], None)
            || stage_sets_env(facts, run.stage, "PIP_NO_CACHE_DIR")
        {
            continue;
        }
        let cleans = run_has(run, |c| {
            let args = c.args();
            (c.program() == Some("rm") && args.iter().any(|w| w.text.contains(".cache")))
                || args.windows(2).any(|w| w[0].text == "cache" && w[1].text == "purge")
        });
        if cleans {
            continue;
        }
        let sub = call.subcommand();
        let fix =
            Fix::new("Add `--no-cache-dir`", vec![TextEdit::insert(sub.range.end(), " --no-cache-dir")]).preferred();
        let message = "`pip install` keeps its download cache in the image: add `--no-cache-dir`".to_string();
        let range = call.cmd.words()[0].range.cover(sub.range);
        sink.push(finding(CODE, Severity::Information, range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_pip_install_without_no_cache_dir() {
        check_practices(
            "FROM python:3.12\nRUN pip install -r requirements.txt && python3 -m pip install x && pip3 install --no-cache-dir y\nUSER app\n",
            expect![[r#"
                FROM python:3.12
                RUN <focus>pip install</focus> -r requirements.txt && <focus>python3 -m pip install</focus> x && pip3 install --no-cache-dir y
                USER app
                info dls/PipNoCacheDir: `pip install` keeps its download cache in the image: add `--no-cache-dir`
                info dls/PipNoCacheDir: `pip install` keeps its download cache in the image: add `--no-cache-dir`
            "#]],
        );
        check_practices(
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\nRUN --mount=type=cache,target=/root/.cache/pip pip install y\nUSER app\n",
            expect![[r#"
                FROM python:3.12
                ENV PIP_NO_CACHE_DIR=1
                RUN pip install x
                RUN --mount=type=cache,target=/root/.cache/pip pip install y
                USER app
            "#]],
        );
    }
}
