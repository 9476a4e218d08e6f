// The documents the client hands to the server: Dockerfiles, and the build
// files that name their stages as targets (compose, bake, devcontainer.json,
// GitHub workflows). General languages (YAML, JSON, HCL) are matched only
// together with a file-name pattern, so a YAML file that is not a compose
// file or a workflow is never sent to the server.

export interface Filter {
  scheme: string;
  language?: string;
  pattern?: string;
}

/** Compose files as `docker compose` finds them, plus `compose.<env>.yaml` overrides. */
export const COMPOSE_PATTERNS = [
  "**/compose.{yml,yaml}",
  "**/compose.*.{yml,yaml}",
  "**/docker-compose*.{yml,yaml}",
];
export const BAKE_HCL_PATTERN = "**/docker-bake*.hcl";
export const BAKE_JSON_PATTERN = "**/docker-bake*.json";
export const DEVCONTAINER_PATTERN = "**/{.devcontainer.json,.devcontainer/devcontainer.json,.devcontainer/*/devcontainer.json}";
export const WORKFLOW_PATTERN = "**/.github/workflows/*.{yml,yaml}";

/** Language ids that cover many files besides build files: only with a pattern. */
export const GENERAL_LANGUAGES = ["yaml", "json", "jsonc", "hcl", "terraform", "plaintext"];

export const DOCUMENT_SELECTOR: Filter[] = [
  { scheme: "file", language: "dockerfile" },
  { scheme: "untitled", language: "dockerfile" },
  // The Docker extension's language id for compose files.
  { scheme: "file", language: "dockercompose" },
  ...COMPOSE_PATTERNS.map((pattern) => ({ scheme: "file", language: "yaml", pattern })),
  // Without an HCL extension a bake file is plain text.
  ...["hcl", "terraform", "plaintext"].map((language) => ({ scheme: "file", language, pattern: BAKE_HCL_PATTERN })),
  ...["json", "jsonc"].map((language) => ({ scheme: "file", language, pattern: BAKE_JSON_PATTERN })),
  ...["json", "jsonc"].map((language) => ({ scheme: "file", language, pattern: DEVCONTAINER_PATTERN })),
  { scheme: "file", language: "yaml", pattern: WORKFLOW_PATTERN },
  { scheme: "file", language: "github-actions-workflow", pattern: WORKFLOW_PATTERN },
];
