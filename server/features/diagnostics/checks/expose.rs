//! ExposeProtoCasing (`EXPOSE 80/TCP`) and ExposeInvalidFormat (`EXPOSE
//! 8080:80`, `EXPOSE 127.0.0.1:80:80`): EXPOSE takes `port[/proto]` only.

use super::{expand_at, warning};
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::{Analysis, Command};

pub const PROTO_CASING: &str = "ExposeProtoCasing";
pub const INVALID_FORMAT: &str = "ExposeInvalidFormat";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if !instruction.is("expose") || analysis.stage_of(index).is_none() {
            continue;
        }
        let Command::Words { words } = analysis.command(index) else { continue };
        for word in words {
            let plain = !word.text.contains(['$', '"', '\'', '\\', '`']);
            let expanded = if plain { word.text.clone() } else { expand_at(analysis, index, &word.text) };
            for port in expanded.split_whitespace() {
                let Some(spec) = PortSpec::parse(port) else {
                    // BuildKit fails on an unknown protocol and checks no further.
                    break;
                };
                if spec.proto != spec.proto.to_lowercase() {
                    let message = format!(
                        "Defined protocol '{port}' in EXPOSE instruction should be lowercase: write it in lowercase"
                    );
                    let mut d = warning(PROTO_CASING, word.range, message);
                    if plain {
                        let fixed =
                            format!("{}/{}", &port[..port.len() - spec.proto.len() - 1], spec.proto.to_lowercase());
                        d = d.with_fix(Fix {
                            title: format!("Write `{fixed}`"),
                            edits: vec![TextEdit::replace(word.range, fixed)],
                            preferred: true,
                            create_files: Vec::new(),
                        });
                    }
                    sink.push(d);
                }
                if spec.has_host_part {
                    let message = format!(
                        "EXPOSE instruction should not define an IP address or host-port mapping, found '{port}': publish ports with `docker run -p`"
                    );
                    let mut d = warning(INVALID_FORMAT, word.range, message);
                    if plain {
                        d = d.with_fix(Fix {
                            title: format!("Expose only `{}`", spec.container),
                            edits: vec![TextEdit::replace(word.range, spec.container.to_string())],
                            preferred: true,
                            create_files: Vec::new(),
                        });
                    }
                    sink.push(d);
                }
            }
        }
    }
}

struct PortSpec<'a> {
    /// The container port with its protocol, as written.
    container: &'a str,
    proto: &'a str,
    has_host_part: bool,
}

impl<'a> PortSpec<'a> {
    /// BuildKit's `splitParts` and `splitProtoPort`; `None` for an unknown protocol or no port.
    fn parse(raw: &'a str) -> Option<PortSpec<'a>> {
        let parts: Vec<&str> = raw.split(':').collect();
        let container = parts.last().copied().unwrap_or("");
        let has_host_part = parts.len() > 1 && parts[..parts.len() - 1].iter().any(|p| !p.is_empty());
        let (port, proto) = container.split_once('/').unwrap_or((container, ""));
        if port.is_empty() || !matches!(proto.to_lowercase().as_str(), "" | "tcp" | "udp" | "sctp") {
            return None;
        }
        Some(PortSpec { container, proto, has_host_part })
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn proto_casing() {
        check_rule(
            super::PROTO_CASING,
            "FROM a\nEXPOSE 80/TCP 53/udp 443\n",
            expect![[r#"
                FROM a
                EXPOSE <focus>80/TCP</focus> 53/udp 443
                warning ExposeProtoCasing: Defined protocol '80/TCP' in EXPOSE instruction should be lowercase: write it in lowercase
                  fix Write `80/tcp`:
                    |FROM a
                    |EXPOSE 80/tcp 53/udp 443
            "#]],
        );
    }

    #[test]
    fn host_mappings() {
        check_rule(
            super::INVALID_FORMAT,
            "FROM a\nEXPOSE 8080:80 127.0.0.1:53:53/udp 9000\n",
            expect![[r#"
                FROM a
                EXPOSE <focus>8080:80</focus> <focus>127.0.0.1:53:53/udp</focus> 9000
                warning ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80': publish ports with `docker run -p`
                  fix Expose only `80`:
                    |FROM a
                    |EXPOSE 80 127.0.0.1:53:53/udp 9000
                warning ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:53:53/udp': publish ports with `docker run -p`
                  fix Expose only `53/udp`:
                    |FROM a
                    |EXPOSE 8080:80 53/udp 9000
            "#]],
        );
    }
}
