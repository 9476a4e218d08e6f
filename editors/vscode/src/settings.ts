// The settings the server reads, built from the `dockerfile-ls.*` settings.
// The same object goes out as `initializationOptions`, as the answer to
// `workspace/configuration` (section `dockerfile-ls`), and inside
// `workspace/didChangeConfiguration` as `{ "dockerfile-ls": … }`.
// Client-only keys (`server.path`, `trace.server`) are left out; the server
// validates everything else itself.

export const SECTION = "dockerfile-ls";

export type RuleLevel = "off" | "error" | "warning" | "information" | "hint";
export type KeywordCase = "auto" | "upper" | "lower";

export interface ServerSettings {
  rules: Record<string, string>;
  format: { indent: number; keywordCase: string };
  target?: string;
}

/** Reads one key below `dockerfile-ls.` (e.g. `format.indent`). */
export type Getter = (key: string) => unknown;

export function serverSettings(get: Getter): ServerSettings {
  const rules: Record<string, string> = {};
  const rawRules = get("rules");
  if (rawRules && typeof rawRules === "object" && !Array.isArray(rawRules)) {
    for (const [code, level] of Object.entries(rawRules as Record<string, unknown>)) {
      if (typeof level === "string") {
        rules[code] = level;
      }
    }
  }
  const indent = get("format.indent");
  const keywordCase = get("format.keywordCase");
  const settings: ServerSettings = {
    rules,
    format: {
      indent: typeof indent === "number" && Number.isFinite(indent) ? indent : 4,
      keywordCase: typeof keywordCase === "string" ? keywordCase : "auto",
    },
  };
  const target = get("target");
  // An empty string means "unset" (the last stage), not a stage named "".
  if (typeof target === "string" && target.trim() !== "") {
    settings.target = target.trim();
  }
  return settings;
}
