---@brief
---
--- `dockerfile-ls`, a Dockerfile language server whose errors agree with BuildKit
--- (`docker build`), with completion, hover, go to definition and quick fixes.
--- It also serves the build targets named in compose files (filetype
--- `yaml.docker-compose`) and bake files (`hcl.docker-bake`, `json.docker-bake`,
--- set by this plugin's filetype detection); other YAML files are left alone.
---
--- Build and install it from a checkout:
--- ```sh
--- cargo install --locked --path .
--- ```
---
--- Settings go under `settings['dockerfile-ls']` (the same keys as the VS Code
--- extension's `dockerfile-ls.*`); they are also sent as `init_options`, and
--- changes are applied without a restart when sent with
--- `workspace/didChangeConfiguration`:
--- ```lua
--- vim.lsp.config('dockerfile_ls', {
---   settings = {
---     ['dockerfile-ls'] = {
---       rules = { ['dls/UnknownInstruction'] = 'warning' }, -- "off" | "error" | "warning" | "information" | "hint"
---       format = { indent = 4, keywordCase = 'auto' },    -- keywordCase: "auto" | "upper" | "lower"
---       target = 'release',                                -- default build target
---     },
---   },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'dockerfile-ls' },
  filetypes = { 'dockerfile', 'yaml.docker-compose', 'hcl.docker-bake', 'json.docker-bake' },
  root_markers = vim.fn.has('nvim-0.11.3') == 1
      and { { 'Dockerfile', 'Containerfile', 'compose.yaml', 'docker-compose.yml', 'docker-bake.hcl' }, '.git' }
    or { 'Dockerfile', 'Containerfile', 'compose.yaml', 'docker-compose.yml', 'docker-bake.hcl', '.git' },
  settings = {
    ['dockerfile-ls'] = vim.empty_dict(),
  },
  before_init = function(params, config)
    -- The server reads the same object from initializationOptions (unwrapped)
    -- as from workspace/configuration (section "dockerfile-ls").
    local s = config.settings and config.settings['dockerfile-ls']
    if s ~= nil and params.initializationOptions == nil then
      params.initializationOptions = s
    end
  end,
}
