//! User settings, protocol-free. The same keys come from LSP
//! `initializationOptions`, `workspace/configuration` (section
//! `dockerfile-ls`) and the CLI.

use std::collections::HashMap;

use serde::Deserialize;

use crate::features::diagnostics::Severity;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// Rule code → level, overriding the rule's default.
    pub rules: HashMap<String, RuleLevel>,
    pub format: FormatConfig,
    /// The default build target (`--target`); the last stage when unset.
    pub target: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Error,
    Warning,
    Information,
    Hint,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Information => Some(Severity::Information),
            RuleLevel::Hint => Some(Severity::Hint),
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct FormatConfig {
    /// Indentation of continuation lines, in spaces.
    pub indent: u32,
    pub keyword_case: KeywordCase,
}

impl Default for FormatConfig {
    fn default() -> Self {
        FormatConfig { indent: 4, keyword_case: KeywordCase::Auto }
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum KeywordCase {
    /// The file's majority.
    #[default]
    Auto,
    Upper,
    Lower,
}

impl Config {
    /// Reads settings leniently: unknown keys are ignored, and a malformed
    /// value keeps the default rather than rejecting all settings.
    pub fn from_json(value: &serde_json::Value) -> Config {
        let value = value.get("dockerfile-ls").unwrap_or(value);
        serde_json::from_value(value.clone()).unwrap_or_else(|_| Config::lenient(value))
    }

    fn lenient(value: &serde_json::Value) -> Config {
        let mut config = Config::default();
        if let Some(rules) = value.get("rules").and_then(|r| r.as_object()) {
            for (code, level) in rules {
                if let Ok(level) = serde_json::from_value(level.clone()) {
                    config.rules.insert(code.clone(), level);
                }
            }
        }
        if let Some(format) = value.get("format") {
            config.format = serde_json::from_value(format.clone()).unwrap_or_default();
        }
        config.target = value.get("target").and_then(|t| t.as_str()).map(str::to_string);
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_wrapped_and_unwrapped_settings() {
        let c = Config::from_json(&json!({"dockerfile-ls": {"rules": {"UndefinedVar": "off"}, "target": "prod"}}));
        assert_eq!(c.rules.get("UndefinedVar"), Some(&RuleLevel::Off));
        assert_eq!(c.target.as_deref(), Some("prod"));
        let c = Config::from_json(&json!({"format": {"indent": 2}}));
        assert_eq!(c.format.indent, 2);
    }

    #[test]
    fn a_bad_value_does_not_drop_the_rest() {
        let c = Config::from_json(&json!({"rules": {"A": "loud", "B": "hint"}, "target": 3}));
        assert_eq!(c.rules.get("B"), Some(&RuleLevel::Hint));
        assert_eq!(c.rules.get("A"), None);
    }
}
