//! Ecosystem fixtures (`../fixtures/convert/<name>.Dockerfile`): each output is
//! a snapshot (`<name>.expected.Dockerfile`, `UPDATE_EXPECT=1` to refresh) and
//! is re-analysed: two stages, no errors, no new warnings, comments kept,
//! and not converted again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use expect_test::{expect, expect_file, ExpectFile};

use super::*;
use crate::config::{Config, FormatConfig};
use crate::features::diagnostics::Severity;
use crate::features::formatting::format_text;
use crate::features::refactor::apply;

fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(format!("{name}.Dockerfile"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("server/features/refactor/fixtures/convert")
}

fn convert(text: &str, options: &Options) -> Result<String, Bail> {
    let analysis = Analysis::from_text(text);
    convert_to_multi_stage(&analysis, options).map(|r| apply(&analysis, &r))
}

fn codes(text: &str) -> HashMap<&'static str, usize> {
    let mut out = HashMap::new();
    for d in diagnostics::diagnostics(&Analysis::from_text(text), &Config::default()) {
        assert_ne!(d.severity, Severity::Error, "error in the output: {} {}\n{text}", d.code, d.message);
        if d.severity <= Severity::Warning {
            *out.entry(d.code).or_default() += 1;
        }
    }
    out
}

/// The checks every converted file passes.
fn check_output(name: &str, input: &str, output: &str) {
    let analysis = Analysis::from_text(output);
    assert_eq!(analysis.model.stages.len(), 2, "{name}: two stages");
    let before = codes(input);
    for (code, count) in codes(output) {
        assert!(count <= before.get(code).copied().unwrap_or(0), "{name}: new warning {code}");
    }
    for line in input.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(output.lines().any(|l| l == line), "{name}: comment lost: {line}");
    }
    let last = &analysis.model.stages[1];
    assert!(last.instructions().any(|i| analysis.instruction(i).is("user")), "{name}: final stage has a USER");
    assert!(output.ends_with('\n') && !output.contains("\n\n\n"), "{name}: blank lines");
    let format = |text: &str| format_text(&Analysis::from_text(text), &FormatConfig::default());
    if format(input) == input {
        assert_eq!(format(output), output, "{name}: the output is not formatted");
    }
    assert!(convert(output, &Options::default()).is_err(), "{name}: offered again on its output");
}

fn check(name: &str, expected: ExpectFile) {
    let input = fixture(name);
    let output = convert(&input, &Options::default()).unwrap_or_else(|reason| panic!("{name}: {reason}"));
    expected.assert_eq(&output);
    check_output(name, &input, &output);
    let cached = convert(&input, &Options { cache_mounts: true }).unwrap_or_else(|reason| panic!("{name}: {reason}"));
    check_output(name, &input, &cached);
}

#[test]
fn node_npm() {
    check("node-npm", expect_file!["../fixtures/convert/node-npm.expected.Dockerfile"]);
}

#[test]
fn node_yarn() {
    check("node-yarn", expect_file!["../fixtures/convert/node-yarn.expected.Dockerfile"]);
}

#[test]
fn node_pnpm() {
    check("node-pnpm", expect_file!["../fixtures/convert/node-pnpm.expected.Dockerfile"]);
}

#[test]
fn nextjs() {
    check("nextjs", expect_file!["../fixtures/convert/nextjs.expected.Dockerfile"]);
}

#[test]
fn vite_static() {
    check("vite-static", expect_file!["../fixtures/convert/vite-static.expected.Dockerfile"]);
}

#[test]
fn cra_static_serve() {
    check("cra-static-serve", expect_file!["../fixtures/convert/cra-static-serve.expected.Dockerfile"]);
}

#[test]
fn go() {
    check("go", expect_file!["../fixtures/convert/go.expected.Dockerfile"]);
}

#[test]
fn go_cgo() {
    check("go-cgo", expect_file!["../fixtures/convert/go-cgo.expected.Dockerfile"]);
}

#[test]
fn python_pip() {
    check("python-pip", expect_file!["../fixtures/convert/python-pip.expected.Dockerfile"]);
}

#[test]
fn python_poetry() {
    check("python-poetry", expect_file!["../fixtures/convert/python-poetry.expected.Dockerfile"]);
}

#[test]
fn python_uv() {
    check("python-uv", expect_file!["../fixtures/convert/python-uv.expected.Dockerfile"]);
}

#[test]
fn rust_cargo_build() {
    check("rust", expect_file!["../fixtures/convert/rust.expected.Dockerfile"]);
}

#[test]
fn rust_cargo_install() {
    check("rust-cargo-install", expect_file!["../fixtures/convert/rust-cargo-install.expected.Dockerfile"]);
}

#[test]
fn java_maven() {
    check("java-maven", expect_file!["../fixtures/convert/java-maven.expected.Dockerfile"]);
}

#[test]
fn java_gradle() {
    check("java-gradle", expect_file!["../fixtures/convert/java-gradle.expected.Dockerfile"]);
}

#[test]
fn dotnet() {
    check("dotnet", expect_file!["../fixtures/convert/dotnet.expected.Dockerfile"]);
}

#[test]
fn cache_mounts_are_an_option() {
    let output = convert(&fixture("go"), &Options { cache_mounts: true }).unwrap();
    expect_file!["../fixtures/convert/go.cache-mounts.expected.Dockerfile"].assert_eq(&output);
    let output = convert(&fixture("node-yarn"), &Options { cache_mounts: true }).unwrap();
    expect_file!["../fixtures/convert/node-yarn.cache-mounts.expected.Dockerfile"].assert_eq(&output);
}

#[test]
fn cache_mounts_need_syntax_1_2() {
    let allowed = |text: &str| cache_mounts_allowed(&Analysis::from_text(text));
    assert!(allowed("FROM a\n"));
    assert!(allowed("# syntax=docker/dockerfile:1\nFROM a\n"));
    assert!(allowed("# syntax=docker/dockerfile:1.4-labs\nFROM a\n"));
    assert!(!allowed("# syntax=docker/dockerfile:1.1\nFROM a\n"));
    assert!(!allowed("# syntax=docker.io/docker/dockerfile:1.0\nFROM a\n"));
}

#[test]
fn not_offered() {
    let mut out = String::new();
    let mut names: Vec<_> = std::fs::read_dir(fixtures_dir().join("not-offered"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let text = fixture(&format!("not-offered/{}", name.trim_end_matches(".Dockerfile")));
        let reason = convert(&text, &Options::default()).expect_err(&name);
        out.push_str(&format!("{name}: {reason}\n"));
    }
    expect![[r#"
        go-no-workdir.Dockerfile: `server` is relative to the base image's own WORKDIR, which is unknown: add a WORKDIR
        go-without-output.Dockerfile: `go build` has no `-o FILE`: cannot tell where the binary is (add `-o /app/server`)
        multi-stage.Dockerfile: the file already has 2 stages
        no-build-step.Dockerfile: nothing is built (no `npm run build`, tsc, vite build …): the image already holds only what npm installed
        onbuild.Dockerfile: ONBUILD (line 3) makes this an image for other builds: its triggers run in the images built from it, so moving it to a new stage would change what they get
        python-no-install.Dockerfile: cannot tell the ecosystem: no known build step (npm/yarn/pnpm, go build, pip/poetry/uv, cargo, maven/gradle, dotnet publish) was found
        shell-cmd-on-distroless.Dockerfile: CMD (line 5) needs a shell, and gcr.io/distroless/static-debian13:nonroot has none: write it in exec form
        unknown-ecosystem.Dockerfile: cannot tell the ecosystem: no known build step (npm/yarn/pnpm, go build, pip/poetry/uv, cargo, maven/gradle, dotnet publish) was found
        volume-before-build.Dockerfile: VOLUME (line 3) comes before the build step: what the build writes there would not reach the final stage
    "#]].assert_eq(&out);
}

#[test]
fn small_cases() {
    let check = |text: &str, expect: expect_test::Expect| {
        expect.assert_eq(&convert(text, &Options::default()).unwrap_or_else(|r| format!("not offered: {r}")))
    };
    // Lowercase keywords, an ARG used by a moved instruction, a user created by the build.
    check(
        "from golang:1.22\narg PORT=8080\nworkdir /app\ncopy . .\nrun CGO_ENABLED=0 go build -o app .\nexpose $PORT\ncmd [\"./app\"]\n",
        expect![[r#"
            from golang:1.22 as build
            arg PORT=8080
            workdir /app
            copy go.mod go.sum* ./
            run go mod download
            copy . .
            run CGO_ENABLED=0 go build -o app .

            from gcr.io/distroless/static-debian13:nonroot as runtime
            arg PORT=8080
            workdir /app
            copy --from=build /app/app /app/app
            expose $PORT
            user nonroot:nonroot
            cmd ["./app"]
        "#]],
    );
    check("", expect!["not offered: the file has no FROM"]);
    check("FROM scratch\n", expect!["not offered: cannot tell the ecosystem: no known build step (npm/yarn/pnpm, go build, pip/poetry/uv, cargo, maven/gradle, dotnet publish) was found"]);
}
