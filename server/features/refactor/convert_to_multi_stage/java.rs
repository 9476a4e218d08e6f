//! Java (maven, gradle): the jar `java -jar` runs, on
//! `eclipse-temurin:<same major>-jre`.

use super::{leading_number, Artifact, Context, Os, Plan, Runtime, SimpleCommand};
use crate::features::refactor::Bail;

fn tool_of(c: &SimpleCommand) -> Option<&'static str> {
    let goal = |goals: &[&str]| c.words.iter().skip(1).any(|w| goals.contains(&w.as_str()));
    match c.program() {
        "mvn" | "mvnw" if goal(&["package", "install", "verify", "spring-boot:repackage"]) => Some("maven"),
        "gradle" | "gradlew" if goal(&["build", "assemble", "bootJar", "jar", "shadowJar", "installDist"]) => {
            Some("gradle")
        }
        _ => None,
    }
}

pub(super) fn detect(ctx: &Context<'_>) -> Option<Result<Plan, Bail>> {
    let (build_step, build) = ctx.find_last_command(|c| tool_of(c).is_some())?;
    let tool = tool_of(build)?;
    Some(plan(ctx, build_step, tool))
}

fn plan(ctx: &Context<'_>, build_step: usize, tool: &'static str) -> Result<Plan, Bail> {
    let entry = ctx.entry().ok_or("no CMD or ENTRYPOINT: cannot tell which jar runs")?;
    let jar =
        entry.words.windows(2).find(|w| w[0] == "-jar").map(|w| w[1].clone()).filter(|_| entry.program() == "java");
    let Some(jar) = jar.filter(|j| !j.contains(['*', '$'])) else {
        return Err(
            "CMD/ENTRYPOINT does not run `java -jar <file>.jar` with a plain path: cannot tell which jar to copy"
                .to_string(),
        );
    };
    let (name, tag) = ctx.base_name_and_tag();
    let Some(major) = java_major(&name, &tag) else {
        return Err(format!("cannot tell the Java version of {name}:{tag}: use a tag with the JDK major (e.g. maven:3.9-eclipse-temurin-21)"));
    };
    let alpine = tag.contains("alpine");
    let image = format!("eclipse-temurin:{major}-jre{}", if alpine { "-alpine" } else { "" });
    let os = if alpine { Os::Alpine } else { Os::Debian };
    let ecosystem = if tool == "maven" { "Java (maven)" } else { "Java (gradle)" };
    let mut plan = Plan::new(ecosystem, build_step, Runtime { image, os, user: None });
    plan.artifacts.push(Artifact::same_path(&ctx.absolute(&jar, entry.at)?));
    plan.build_only_env = &["MAVEN_OPTS", "MAVEN_CONFIG", "GRADLE_OPTS", "GRADLE_USER_HOME"];
    let cache = if tool == "maven" { "/root/.m2" } else { "/root/.gradle" };
    for (run, commands) in &ctx.runs {
        if commands.iter().any(|c| matches!(c.program(), "mvn" | "mvnw" | "gradle" | "gradlew")) {
            plan.caches.push((*run, cache));
        }
    }
    Ok(plan)
}

/// The JDK major of a build image: `maven:3.9-eclipse-temurin-21`,
/// `gradle:8.10-jdk21-alpine`, `eclipse-temurin:17-jdk`, `openjdk:17-slim`.
fn java_major(name: &str, tag: &str) -> Option<u32> {
    for marker in ["temurin-", "jdk-", "openjdk-", "corretto-", "jdk"] {
        if let Some(pos) = tag.find(marker) {
            if let Some(n) = leading_number(&tag[pos + marker.len()..]) {
                return Some(n);
            }
        }
    }
    let jdk_image = ["eclipse-temurin", "openjdk", "amazoncorretto", "sapmachine", "ibm-semeru-runtimes"];
    jdk_image.contains(&name).then(|| leading_number(tag)).flatten().filter(|&n| n >= 8)
}
