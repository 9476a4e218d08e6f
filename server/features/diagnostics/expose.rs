//! EXPOSE ports BuildKit's `parsePort` rejects (`convert_expose.go`).

use super::{CheckOptions, Diagnostic, Sink};
use crate::model::{Analysis, Command};

pub const CODE: &str = "dls/InvalidPort";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if !instruction.is("expose") {
            continue;
        }
        let Command::Words { words } = analysis.command(index) else { continue };
        for word in words.iter().filter(|w| !w.text.contains(['$', '"', '\''])) {
            if let Err(problem) = check_port(&word.text) {
                let message =
                    format!("Invalid port `{}`: {problem}; write e.g. `80`, `53/udp` or `8000-8010`", word.text);
                sink.push(Diagnostic::error(CODE, word.range, message));
            }
        }
    }
}

/// `[ip:][hostPort:]port[-port][/proto]`.
fn check_port(spec: &str) -> Result<(), String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (ip, host, container) = match parts.as_slice() {
        [c] => ("", "", *c),
        [h, c] => ("", *h, *c),
        [i, h, c] => (*i, *h, *c),
        _ => {
            let n = parts.len();
            (&spec[..spec.len() - parts[n - 1].len() - parts[n - 2].len() - 2], parts[n - 2], parts[n - 1])
        }
    };
    let (port, proto) = container.split_once('/').unwrap_or((container, ""));
    if port.is_empty() {
        return Err("no port given".to_string());
    }
    if !matches!(proto.to_ascii_lowercase().as_str(), "" | "tcp" | "udp" | "sctp") {
        return Err(format!("unknown protocol `{proto}` (use tcp, udp or sctp)"));
    }
    if !ip.is_empty() {
        let bare = ip.strip_prefix('[').and_then(|i| i.strip_suffix(']')).unwrap_or(ip);
        if bare.parse::<std::net::IpAddr>().is_err() {
            return Err(format!("`{ip}` is not an IP address"));
        }
    }
    let (start, end) = port_range(port)?;
    if !host.is_empty() {
        let (host_start, host_end) = port_range(host)?;
        if end - start != host_end - host_start && end != start {
            return Err("the host and container port ranges differ in size".to_string());
        }
    }
    Ok(())
}

fn port_range(text: &str) -> Result<(u32, u32), String> {
    let (start_text, end_text) = match text.split_once('-') {
        Some((s, e)) if s != e => (s, Some(e)),
        Some((s, _)) => (s, None),
        None => (text, None),
    };
    let start = port_number(start_text)?;
    let Some(end_text) = end_text else { return Ok((start, start)) };
    let end = port_number(end_text)?;
    if end < start {
        return Err(format!("the range `{text}` ends before it starts"));
    }
    Ok((start, end))
}

fn port_number(text: &str) -> Result<u32, String> {
    match text.parse::<i64>() {
        Ok(n) if (0..=65535).contains(&n) => Ok(n as u32),
        Ok(_) => Err(format!("`{text}` is out of range (0–65535)")),
        Err(_) => Err(format!("`{text}` is not a port number")),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn ports() {
        check_diagnostics(
            "FROM a\nEXPOSE 80 53/udp 8000-8010 80/TCP 127.0.0.1:8080:80 $PORT\nEXPOSE 80/http 70000 abc 90-80 /tcp 1.2.3:80:80 8000-8001:80-82\n",
            expect![[r#"
                FROM a
                EXPOSE 80 53/udp 8000-8010 80/TCP 127.0.0.1:8080:80 $PORT
                EXPOSE <focus>80/http</focus> <focus>70000</focus> <focus>abc</focus> <focus>90-80</focus> <focus>/tcp</focus> <focus>1.2.3:80:80</focus> <focus>8000-8001:80-82</focus>
                error dls/InvalidPort: Invalid port `80/http`: unknown protocol `http` (use tcp, udp or sctp); write e.g. `80`, `53/udp` or `8000-8010`
                error dls/InvalidPort: Invalid port `70000`: `70000` is out of range (0–65535); write e.g. `80`, `53/udp` or `8000-8010`
                error dls/InvalidPort: Invalid port `abc`: `abc` is not a port number; write e.g. `80`, `53/udp` or `8000-8010`
                error dls/InvalidPort: Invalid port `90-80`: the range `90-80` ends before it starts; write e.g. `80`, `53/udp` or `8000-8010`
                error dls/InvalidPort: Invalid port `/tcp`: no port given; write e.g. `80`, `53/udp` or `8000-8010`
                error dls/InvalidPort: Invalid port `1.2.3:80:80`: `1.2.3` is not an IP address; write e.g. `80`, `53/udp` or `8000-8010`
                error dls/InvalidPort: Invalid port `8000-8001:80-82`: the host and container port ranges differ in size; write e.g. `80`, `53/udp` or `8000-8010`
            "#]],
        );
    }
}
