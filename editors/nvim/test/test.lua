-- Headless test of the Neovim plugin against the real server. Run by run.sh:
--   nvim --headless -u NONE -i NONE -n --cmd 'set rtp^=<editors/nvim>' -c 'filetype on' -c 'luafile test/test.lua'
-- Environment: DLS_BIN (server binary), DLS_FIXTURES (test/fixtures/project, a
-- scratch copy), DLS_MODE ("setup": require('dockerfile_ls').setup(), or
-- "enable": only vim.lsp.enable('dockerfile_ls') with the server on PATH; 0.11+).
-- Exits with :cquit N (N = failures) or :qall! when everything passed or was
-- skipped because the server lacks the feature.

local BIN = assert(os.getenv('DLS_BIN'), 'DLS_BIN')
local FIX = assert(os.getenv('DLS_FIXTURES'), 'DLS_FIXTURES')
local MODE = os.getenv('DLS_MODE') or 'setup'
local TIMEOUT = tonumber(os.getenv('DLS_TIMEOUT_MS') or '15000')

local uv = vim.uv or vim.loop
local t0 = uv.hrtime()
local failures, skips, passes = 0, 0, 0

local function out(s)
  io.stdout:write(string.format('[%6.2fs] %s\n', (uv.hrtime() - t0) / 1e9, s))
  io.stdout:flush()
end

local function check(name, fn)
  local t = uv.hrtime()
  local ok, res = xpcall(fn, debug.traceback)
  local ms = (uv.hrtime() - t) / 1e6
  if not ok then
    failures = failures + 1
    out(string.format('FAIL %s (%d ms): %s', name, ms, tostring(res)))
  elseif type(res) == 'string' and res:match('^skipped') then
    skips = skips + 1
    out(string.format('SKIP %s: %s', name, res))
  else
    passes = passes + 1
    out(string.format('ok   %s (%d ms)%s', name, ms, res and (': ' .. tostring(res)) or ''))
  end
end

local function has(f)
  return vim.fn.has(f) == 1
end

local function version()
  local v = vim.version()
  return string.format('%d.%d.%d', v.major, v.minor, v.patch)
end

local function all_clients()
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)()
end

local function stop(c, force)
  if has('nvim-0.11') then
    c:stop(force)
  else
    c.stop(force)
  end
end

local function finish()
  -- :LspStop / quitting: shutdown + exit, then the server process must end by itself.
  check('the server exits after shutdown and exit', function()
    local cs = all_clients()
    if #cs == 0 then
      error('no client to stop')
    end
    for _, c in ipairs(cs) do
      stop(c)
    end
    local ok = vim.wait(3000, function()
      for _, c in ipairs(cs) do
        if not c.is_stopped() then
          return false
        end
      end
      return true
    end, 20)
    if not ok then
      for _, c in ipairs(cs) do
        stop(c, true)
      end
      error('the server process was still running 3 s after shutdown + exit (killed it)')
    end
  end)
  out(string.format('nvim %s %s: %d passed, %d skipped, %d failed', version(), MODE, passes, skips, failures))
  if failures > 0 then
    vim.cmd('cquit ' .. failures)
  else
    vim.cmd('qall!')
  end
end

local function clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'dockerfile_ls' })
  end
  local out_ = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'dockerfile_ls' then
      table.insert(out_, c)
    end
  end
  return out_
end

local function wait(what, cond, ms)
  local ok = vim.wait(ms or TIMEOUT, cond, 20)
  if not ok then
    error('timed out waiting for ' .. what, 2)
  end
end

local function open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(FIX .. '/' .. rel))
  return vim.api.nvim_get_current_buf()
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function unknown_diag(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == 'dls/UnknownInstruction' and d.lnum == 10 then
      return d
    end
  end
end

local function request(bufnr, method, params)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  if not res then
    error(method .. ': ' .. tostring(err))
  end
  for _, r in pairs(res) do
    if r.err then
      error(method .. ': ' .. vim.inspect(r.err))
    end
    return r.result
  end
end

local function caps(bufnr)
  local c = clients(bufnr)[1]
  return c and c.server_capabilities or {}
end

local function pos_params(bufnr, line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = character } }
end

local function set_settings(s)
  require('dockerfile_ls').set_settings(s)
end

out('nvim ' .. version() .. ', mode ' .. MODE .. ', server ' .. BIN)

-- ------------------------------------------------------------------ setup
if MODE == 'setup' then
  vim.cmd('runtime! plugin/dockerfile_ls.lua')
  require('dockerfile_ls').setup({
    cmd = { BIN },
    -- initializationOptions / workspace/configuration: the rule starts as a warning
    settings = { rules = { ['dls/UnknownInstruction'] = 'warning' } },
  })
elseif MODE == 'enable' then
  -- Nothing but the shipped lsp/dockerfile_ls.lua (and the plugin's filetype
  -- detection, loaded as a plugin manager would); `dockerfile-ls` is on PATH.
  vim.cmd('runtime! plugin/dockerfile_ls.lua')
  vim.lsp.enable('dockerfile_ls')
else
  error('unknown DLS_MODE ' .. MODE)
end

check('filetype detection', function()
  local want = { 'Dockerfile', 'Containerfile', 'sub/app.Dockerfile', 'sub/lower.dockerfile', 'sub/Dockerfile.prod', 'sub/x.Containerfile' }
  local got = {}
  for _, f in ipairs(want) do
    local b = open(f)
    if vim.bo[b].filetype ~= 'dockerfile' then
      error(f .. ' has filetype "' .. vim.bo[b].filetype .. '"')
    end
    table.insert(got, f)
  end
  return table.concat(got, ', ')
end)

local buf = open('Dockerfile')

check('client attaches with the project root', function()
  wait('the client to attach', function()
    local c = clients(buf)[1]
    return c ~= nil and c.initialized ~= false and c.server_capabilities ~= nil
  end)
  local c = clients(buf)[1]
  local root = c.config.root_dir
  if vim.fn.resolve(root) ~= vim.fn.resolve(FIX) then
    error('root_dir ' .. tostring(root) .. ', expected ' .. FIX)
  end
  local sub = open('sub/app.Dockerfile')
  wait('the client to attach to sub/app.Dockerfile', function()
    return clients(sub)[1] ~= nil
  end)
  if clients(sub)[1].id ~= c.id then
    error('sub/app.Dockerfile got another client, root ' .. tostring(clients(sub)[1].config.root_dir))
  end
  vim.cmd('buffer ' .. buf)
  return 'root ' .. root .. ', one client for the project'
end)

check('compose and bake files attach, other YAML does not', function()
  local want = { ['compose.yaml'] = 'yaml.docker-compose', ['docker-bake.hcl'] = 'hcl.docker-bake', ['config.yaml'] = 'yaml' }
  local got = {}
  for f, ft in pairs(want) do
    local b = open(f)
    if vim.bo[b].filetype ~= ft then
      error(f .. ' has filetype "' .. vim.bo[b].filetype .. '", expected ' .. ft)
    end
    if ft ~= 'yaml' then
      wait('the client to attach to ' .. f, function()
        return clients(b)[1] ~= nil
      end)
    end
    table.insert(got, f .. ' ' .. ft)
  end
  local plain = open('config.yaml')
  vim.wait(300)
  if clients(plain)[1] ~= nil then
    error('attached to config.yaml')
  end
  vim.cmd('buffer ' .. buf)
  return table.concat(got, ', ') .. '; config.yaml left alone'
end)

check('compose target: completion of the stages and definition in the Dockerfile', function()
  local compose = open('compose.yaml')
  wait('the client to attach to compose.yaml', function()
    return clients(compose)[1] ~= nil
  end)
  -- line 5 (1-based): `      target: build`; the value starts at column 15
  local res = request(compose, 'textDocument/completion', pos_params(compose, 4, 16))
  local items = res and (res.items or res) or {}
  local labels = {}
  for _, it in ipairs(items) do
    labels[it.label] = true
  end
  if next(labels) == nil then
    vim.cmd('buffer ' .. buf)
    return 'skipped: server lacks build targets in compose files (no completion there)'
  end
  if not (labels.build and labels.assets and labels.final) then
    error('completion at the compose target lacks build/assets/final: ' .. vim.inspect(vim.tbl_keys(labels)))
  end
  local def = request(compose, 'textDocument/definition', pos_params(compose, 4, 16))
  local loc = def and ((vim.islist or vim.tbl_islist)(def) and def[1] or def)
  if not loc then
    error('no definition for the compose target')
  end
  local uri = loc.targetUri or loc.uri
  local range = loc.targetSelectionRange or loc.range
  if vim.uri_to_fname(uri) ~= vim.fn.resolve(FIX .. '/Dockerfile') and not uri:match('/Dockerfile$') then
    error('definition in ' .. uri)
  end
  if range.start.line ~= 1 then
    error('definition at line ' .. (range.start.line + 1) .. ', expected 2')
  end
  vim.cmd('buffer ' .. buf)
  return 'build, assets, final; definition Dockerfile:2'
end)

local cap = caps(buf)

check('diagnostic for the unknown instruction (vim.diagnostic.get)', function()
  local ok = vim.wait(TIMEOUT, function()
    return unknown_diag(buf) ~= nil
  end, 20)
  if not ok then
    local all = vim.diagnostic.get(buf)
    if #all == 0 then
      error('no diagnostics at all')
    end
    error('no dls/UnknownInstruction on line 11 (got ' .. vim.inspect(all) .. ')')
  end
  local d = unknown_diag(buf)
  local want = MODE == 'setup' and vim.diagnostic.severity.WARN or vim.diagnostic.severity.ERROR
  if d.severity ~= want then
    error('severity ' .. tostring(d.severity) .. ', expected ' .. want .. ' (settings passthrough)')
  end
  if d.col ~= 0 then
    error('column ' .. d.col)
  end
  return string.format('%d:%d %s', d.lnum + 1, d.col + 1, d.message)
end)

if MODE == 'setup' then
  check('settings change applies without a restart (didChangeConfiguration)', function()
    if not unknown_diag(buf) then
      return 'skipped: no diagnostic to reconfigure'
    end
    local id = clients(buf)[1].id
    set_settings({})
    wait('the diagnostic to become an error', function()
      local d = unknown_diag(buf)
      return d and d.severity == vim.diagnostic.severity.ERROR
    end)
    set_settings({ rules = { ['dls/UnknownInstruction'] = 'off' } })
    wait('the diagnostic to go away', function()
      return unknown_diag(buf) == nil
    end)
    set_settings({})
    wait('the diagnostic to come back', function()
      return unknown_diag(buf) ~= nil
    end)
    if clients(buf)[1].id ~= id then
      error('the client was restarted')
    end
    return 'warning -> error -> off -> error, same client'
  end)
end

check('completion after COPY --from= lists the earlier stages', function()
  if not cap.completionProvider then
    return 'skipped: server lacks completion (no completionProvider)'
  end
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { 'COPY --from=' })
  local res = request(buf, 'textDocument/completion', pos_params(buf, n, #'COPY --from='))
  vim.api.nvim_buf_set_lines(buf, n, n + 1, false, {})
  local items = res and (res.items or res) or {}
  local labels = {}
  for _, it in ipairs(items) do
    labels[it.label] = true
  end
  local names = vim.tbl_keys(labels)
  table.sort(names)
  if not (labels.build and labels.assets) then
    error('completion after COPY --from= lacks build/assets (offered ' .. vim.inspect(names) .. ')')
  end
  return table.concat(names, ', ')
end)

check('definition of --from=build goes to the stage', function()
  if not cap.definitionProvider then
    return 'skipped: server lacks go to definition (no definitionProvider)'
  end
  -- line 10 (1-based): COPY --from=build /out/app /usr/local/bin/app; "build" starts at column 12
  local res = request(buf, 'textDocument/definition', pos_params(buf, 9, 14))
  if res == nil or (vim.islist or vim.tbl_islist)(res) and #res == 0 then
    error('no definition for --from=build')
  end
  local loc = (vim.islist or vim.tbl_islist)(res) and res[1] or res
  local range = loc.targetSelectionRange or loc.range or loc.targetRange
  if range.start.line ~= 1 then
    error('definition at line ' .. (range.start.line + 1) .. ', expected 2: ' .. vim.inspect(res))
  end
  return string.format('line %d col %d', range.start.line + 1, range.start.character + 1)
end)

check('hover over the --from stage', function()
  if not cap.hoverProvider then
    return 'skipped: server lacks hover (no hoverProvider)'
  end
  local res = request(buf, 'textDocument/hover', pos_params(buf, 9, 14))
  if res == nil or res.contents == nil then
    res = request(buf, 'textDocument/hover', pos_params(buf, 9, 1))
    if res == nil or res.contents == nil then
      error('no hover on COPY --from=build')
    end
  end
  local c = res.contents
  local s = type(c) == 'string' and c or c.value or (c[1] and (c[1].value or c[1])) or vim.inspect(c)
  if s == '' then
    error('empty hover')
  end
  return (s:gsub('\n', ' '):sub(1, 80))
end)

check('quick fix for the unknown instruction applies', function()
  if not cap.codeActionProvider then
    return 'skipped: server lacks code actions'
  end
  local d = unknown_diag(buf)
  if not d then
    error('no diagnostic to fix')
  end
  -- 0.11 keeps the LSP diagnostic in user_data.lsp; 0.7 keeps only its code there
  local lsp_d = d.user_data and d.user_data.lsp
  if not (lsp_d and lsp_d.range) then
    lsp_d = {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      message = d.message,
      code = code_of(d),
      severity = d.severity,
      source = d.source,
    }
  end
  local res = request(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_d.range,
    context = { diagnostics = { lsp_d }, only = { 'quickfix' } },
  })
  local action
  for _, a in ipairs(res or {}) do
    if a.edit then
      action = a
      break
    end
  end
  if not action then
    error('no quick fix for dls/UnknownInstruction (got ' .. vim.inspect(res) .. ')')
  end
  vim.lsp.util.apply_workspace_edit(action.edit, clients(buf)[1].offset_encoding or 'utf-16')
  local line = vim.api.nvim_buf_get_lines(buf, 10, 11, false)[1]
  if line:match('^RUNN') then
    error('line 11 unchanged: ' .. line)
  end
  wait('the diagnostic to go away', function()
    return unknown_diag(buf) == nil
  end)
  return '"' .. action.title .. '" -> ' .. line
end)

if MODE == 'enable' then
  check(':checkhealth vim.lsp lists dockerfile_ls', function()
    vim.cmd('checkhealth vim.lsp')
    local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    local text = table.concat(lines, '\n')
    if not text:find('dockerfile_ls', 1, true) then
      error('not in :checkhealth vim.lsp:\n' .. text)
    end
    local hits = {}
    for _, l in ipairs(lines) do
      if l:find('dockerfile_ls', 1, true) or l:find('dockerfile-ls', 1, true) then
        table.insert(hits, vim.trim(l))
      end
    end
    vim.cmd('bwipeout!')
    return table.concat(hits, ' | '):sub(1, 200)
  end)
end

finish()
