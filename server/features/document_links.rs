//! Document links: image references to their registry page, and COPY/ADD
//! sources to the files of the build context (the caller resolves those
//! against the Dockerfile's folder and keeps only the ones that exist).

use text_size::TextRange;

use crate::model::image::{parse_image_ref, ImageRef};
use crate::model::{Analysis, BaseKind, Command, RefTarget, StageRefKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    Url(String),
    /// A `/`-separated path relative to the build context.
    ContextPath(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLink {
    pub range: TextRange,
    pub target: LinkTarget,
}

/// The web page of an image on its registry, for the registries that have one.
pub fn registry_page(image: &ImageRef) -> Option<String> {
    let repository = &image.repository;
    match image.registry.as_deref() {
        None | Some("docker.io") | Some("index.docker.io") => Some(if image.is_official() {
            format!("https://hub.docker.com/_/{}", image.short_name())
        } else {
            format!("https://hub.docker.com/r/{repository}")
        }),
        Some("ghcr.io") => Some(format!("https://ghcr.io/{repository}")),
        Some("quay.io") => Some(format!("https://quay.io/repository/{repository}")),
        Some("mcr.microsoft.com") => Some(format!("https://mcr.microsoft.com/artifact/mar/{repository}")),
        Some(registry @ ("gcr.io" | "registry.gitlab.com" | "public.ecr.aws")) => {
            Some(format!("https://{registry}/{repository}"))
        }
        _ => None,
    }
}

pub fn document_links(analysis: &Analysis) -> Vec<DocumentLink> {
    let mut links = Vec::new();
    image_links(analysis, &mut links);
    source_links(analysis, &mut links);
    links.sort_by_key(|l| l.range.start());
    links
}

fn image_links(analysis: &Analysis, links: &mut Vec<DocumentLink>) {
    let model = &analysis.model;
    for r in model.stage_refs.iter().filter(|r| r.target == RefTarget::Image) {
        let page = if r.kind == StageRefKind::From {
            match &model.stages[r.in_stage].base.kind {
                BaseKind::Image(image) => registry_page(image),
                _ => None,
            }
        } else {
            parse_image_ref(&r.text).ok().as_ref().and_then(registry_page)
        };
        if let Some(url) = page {
            links.push(DocumentLink { range: r.range, target: LinkTarget::Url(url) });
        }
    }
}

fn source_links(analysis: &Analysis, links: &mut Vec<DocumentLink>) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let from_context = (instruction.is("copy") || instruction.is("add"))
            && !instruction.flags.iter().any(|f| crate::model::flag_name(&f.text) == "from");
        let Command::List { items, .. } = analysis.command(index) else { continue };
        if !from_context || items.len() < 2 {
            continue;
        }
        for source in &items[..items.len() - 1] {
            let text = source.text.as_str();
            if text.starts_with("http://") || text.starts_with("https://") {
                links.push(DocumentLink { range: source.range, target: LinkTarget::Url(text.to_string()) });
            } else if let Some(path) = local_path(text) {
                links.push(DocumentLink { range: source.range, target: LinkTarget::ContextPath(path) });
            }
        }
    }
}

/// A plain relative path: no globs, variables, heredocs, or way out of the context.
fn local_path(text: &str) -> Option<String> {
    let special = text.contains(['*', '?', '[', '$', '\\']) || text.starts_with("<<") || text.contains("://");
    if special || text.is_empty() || text.contains('@') && text.contains(':') {
        return None;
    }
    let parts: Vec<&str> = text.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::fixture::mark_ranges;

    #[test]
    fn images_and_sources() {
        let text = "FROM node:22 AS deps\nFROM ghcr.io/o/tool AS tool\nFROM deps\nCOPY --from=quay.io/o/x:1 /a /a\nCOPY ./src package.json /app/\nADD https://example.com/a.tgz *.txt ../up /x/\nCOPY <<EOF /y\nEOF\nFROM localhost:5000/me/img\n";
        let analysis = Analysis::from_text(text);
        let links = document_links(&analysis);
        let marks: Vec<(TextRange, &str)> = links.iter().map(|l| (l.range, "link")).collect();
        let targets: Vec<String> = links
            .iter()
            .map(|l| match &l.target {
                LinkTarget::Url(u) => u.clone(),
                LinkTarget::ContextPath(p) => format!("context:{p}"),
            })
            .collect();
        expect![[r#"
            FROM <link>node:22</link> AS deps
            FROM <link>ghcr.io/o/tool</link> AS tool
            FROM deps
            COPY --from=<link>quay.io/o/x:1</link> /a /a
            COPY <link>./src</link> <link>package.json</link> /app/
            ADD <link>https://example.com/a.tgz</link> *.txt ../up /x/
            COPY <<EOF /y
            EOF
            FROM localhost:5000/me/img

            https://hub.docker.com/_/node
            https://ghcr.io/o/tool
            https://quay.io/repository/o/x
            context:src
            context:package.json
            https://example.com/a.tgz"#]]
        .assert_eq(&format!("{}\n{}", mark_ranges(text, &marks), targets.join("\n")));
    }
}
