-- dockerfile-ls for Neovim's built-in LSP client.
--
--   require('dockerfile_ls').setup({
--     cmd = { 'dockerfile-ls' },                 -- or an absolute path
--     settings = { rules = { ['dls/UnknownInstruction'] = 'warning' } },
--   })
--
-- 0.11+: registers the config with vim.lsp.config and calls vim.lsp.enable
--        (the defaults come from lsp/dockerfile_ls.lua on the runtimepath).
-- 0.8-0.10: vim.lsp.start from a FileType autocommand.
-- 0.7: vim.lsp.start_client + vim.lsp.buf_attach_client, one client per root.
--
-- `settings` are the keys of the server's `dockerfile-ls` section, unwrapped
-- (rules, format.indent, format.keywordCase, target); they are sent as
-- initializationOptions and answered to workspace/configuration.
local M = {}

M.name = 'dockerfile_ls'

M.root_markers = { 'Dockerfile', 'Containerfile', 'compose.yaml', 'docker-compose.yml', 'docker-bake.hcl', '.git' }

local defaults = {
  cmd = { 'dockerfile-ls' },
  -- Compose and bake files by the compound filetypes plugin/dockerfile_ls.lua sets.
  filetypes = { 'dockerfile', 'yaml.docker-compose', 'hcl.docker-bake', 'json.docker-bake' },
  settings = {},
}

---@type table
M.options = vim.deepcopy(defaults)

local function has(feature)
  return vim.fn.has(feature) == 1
end

local function wrap(settings)
  local s = settings
  if s == nil or next(s) == nil then
    s = vim.empty_dict()
  end
  return { ['dockerfile-ls'] = s }
end

--- Directory of the first root marker above `path` (the file's own folder for
--- a Dockerfile), or the file's folder.
function M.find_root(path)
  local uv = vim.uv or vim.loop
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local start = dir
  while dir and dir ~= '' do
    for _, marker in ipairs(M.root_markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

local function client_config(root)
  local o = M.options
  return {
    name = M.name,
    cmd = o.cmd,
    root_dir = root,
    workspace_folders = root and { { uri = vim.uri_from_fname(root), name = root } } or nil,
    init_options = o.settings and next(o.settings) and o.settings or vim.empty_dict(),
    settings = wrap(o.settings),
    capabilities = o.capabilities,
    on_attach = o.on_attach,
  }
end

-- 0.7: one client per root, reused for every buffer below it.
local clients_by_root = {}

local function attach_07(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return
  end
  local root = M.find_root(name)
  local id = clients_by_root[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.get_client_by_id(id).is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

local function attach_08(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = name ~= '' and M.find_root(name) or vim.fn.getcwd()
  vim.lsp.start(client_config(root), { bufnr = bufnr })
end

--- Set up the server for `dockerfile`, compose and bake buffers.
---@param opts? { cmd?: string[], settings?: table, capabilities?: table, on_attach?: function, filetypes?: string[] }
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  local o = M.options

  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil and has('nvim-0.11') then
    local cfg = { cmd = o.cmd, filetypes = o.filetypes, settings = wrap(o.settings) }
    if o.capabilities then
      cfg.capabilities = o.capabilities
    end
    if o.on_attach then
      cfg.on_attach = o.on_attach
    end
    vim.lsp.config(M.name, cfg)
    vim.lsp.enable(M.name)
    return
  end

  local attach = vim.lsp.start ~= nil and attach_08 or attach_07
  local group = vim.api.nvim_create_augroup('dockerfile_ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = o.filetypes,
    callback = function(args)
      attach(args.buf)
    end,
  })
  -- Buffers that were already open.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(o.filetypes, vim.bo[buf].filetype) then
      attach(buf)
    end
  end
end

local function our_clients()
  local out = {}
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(get()) do
    if c.name == M.name then
      table.insert(out, c)
    end
  end
  return out
end

M.clients = our_clients

--- Change settings on the running servers without restarting them.
---@param settings table the unwrapped `dockerfile-ls` section
function M.set_settings(settings)
  M.options.settings = settings
  local wrapped = wrap(settings)
  if vim.lsp.config ~= nil and has('nvim-0.11') then
    vim.lsp.config(M.name, { settings = wrapped })
  end
  for _, c in ipairs(our_clients()) do
    c.config.settings = wrapped
    if c.settings ~= nil then
      c.settings = wrapped
    end
    if has('nvim-0.11') then
      c:notify('workspace/didChangeConfiguration', { settings = wrapped })
    else
      c.notify('workspace/didChangeConfiguration', { settings = wrapped })
    end
  end
end

return M
