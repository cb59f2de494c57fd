-- Runs an Argo CD health check the way Argo CD runs one from argocd-cm, with Lua 5.1:
--   lua5.1 health-harness.lua path/to/health.lua < object.json
-- The object (JSON on stdin) becomes the global table `obj` (JSON null becomes nil, numbers Lua numbers, as Argo CD's
-- decodeValue does). The script runs with what Argo CD opens for such scripts: the base and table libraries and a
-- safe part of os; no string, math, io or debug library, and no methods on strings. It must return a table whose
-- status is one of Argo CD's health codes (else Argo CD shows Unknown, "Lua returned an invalid health status",
-- and so does this harness). Prints the table as one line of JSON: {"status":"...","message":"..."}.
-- Exit 0 when the script returned a table; 1 when it failed or returned something else (the error on stderr).

-- ---- JSON to Lua table ------------------------------------------------------------------------------------------

local function decode(text)
  local pos = 1
  local function fail(what)
    error("object JSON: " .. what .. " at byte " .. pos, 0)
  end
  local function skip()
    pos = text:find("[^ \t\r\n]", pos) or #text + 1
  end
  local function utf8(code)
    if code < 0x80 then
      return string.char(code)
    elseif code < 0x800 then
      return string.char(0xC0 + math.floor(code / 0x40), 0x80 + code % 0x40)
    elseif code < 0x10000 then
      return string.char(0xE0 + math.floor(code / 0x1000), 0x80 + math.floor(code / 0x40) % 0x40,
        0x80 + code % 0x40)
    end
    return string.char(0xF0 + math.floor(code / 0x40000), 0x80 + math.floor(code / 0x1000) % 0x40,
      0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
  end
  local escapes = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }
  local value
  local function hex4(at)
    local digits = text:sub(at, at + 3)
    if not digits:find("^%x%x%x%x$") then
      fail("bad \\u escape")
    end
    return tonumber(digits, 16)
  end
  local function str()
    pos = pos + 1
    local parts = {}
    while true do
      local stop = text:find('["\\]', pos)
      if stop == nil then
        fail("unterminated string")
      end
      parts[#parts + 1] = text:sub(pos, stop - 1)
      pos = stop
      if text:sub(pos, pos) == '"' then
        pos = pos + 1
        return table.concat(parts)
      end
      local escape = text:sub(pos + 1, pos + 1)
      if escape == "u" then
        local code = hex4(pos + 2)
        pos = pos + 6
        if code >= 0xD800 and code <= 0xDBFF and text:sub(pos, pos + 1) == "\\u" then
          local low = hex4(pos + 2)
          if low >= 0xDC00 and low <= 0xDFFF then
            code = 0x10000 + (code - 0xD800) * 0x400 + (low - 0xDC00)
            pos = pos + 6
          end
        end
        parts[#parts + 1] = utf8(code)
      elseif escapes[escape] ~= nil then
        parts[#parts + 1] = escapes[escape]
        pos = pos + 2
      else
        fail("bad escape \\" .. escape)
      end
    end
  end
  local function list()
    pos = pos + 1
    local result, n = {}, 0
    skip()
    if text:sub(pos, pos) == "]" then
      pos = pos + 1
      return result
    end
    while true do
      n = n + 1
      result[n] = value()
      skip()
      local c = text:sub(pos, pos)
      pos = pos + 1
      if c == "]" then
        return result
      elseif c ~= "," then
        fail("expected , or ]")
      end
    end
  end
  local function object()
    pos = pos + 1
    local result = {}
    skip()
    if text:sub(pos, pos) == "}" then
      pos = pos + 1
      return result
    end
    while true do
      skip()
      if text:sub(pos, pos) ~= '"' then
        fail("expected a key")
      end
      local key = str()
      skip()
      if text:sub(pos, pos) ~= ":" then
        fail("expected :")
      end
      pos = pos + 1
      result[key] = value()
      skip()
      local c = text:sub(pos, pos)
      pos = pos + 1
      if c == "}" then
        return result
      elseif c ~= "," then
        fail("expected , or }")
      end
    end
  end
  local literals = { ["true"] = true, ["false"] = false }
  value = function()
    skip()
    local c = text:sub(pos, pos)
    if c == "{" then
      return object()
    elseif c == "[" then
      return list()
    elseif c == '"' then
      return str()
    end
    for word, result in pairs(literals) do
      if text:sub(pos, pos + #word - 1) == word then
        pos = pos + #word
        return result
      end
    end
    if text:sub(pos, pos + 3) == "null" then
      pos = pos + 4
      return nil
    end
    local number = text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
    if number == nil or tonumber(number) == nil then
      fail("unexpected input")
    end
    pos = pos + #number
    return tonumber(number)
  end
  local result = value()
  skip()
  if pos <= #text then
    fail("trailing input")
  end
  return result
end

-- ---- Lua table to JSON (the script's answer) -------------------------------------------------------------------

local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
    return named[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function encode(answer)
  local keys = {}
  for key in pairs(answer) do
    keys[#keys + 1] = key
  end
  table.sort(keys)
  local fields = {}
  for _, key in ipairs(keys) do
    local v = answer[key]
    if type(v) == "string" then
      fields[#fields + 1] = quote(key) .. ":" .. quote(v)
    else
      fields[#fields + 1] = quote(key) .. ":" .. quote(type(v) .. " " .. tostring(v))
    end
  end
  return "{" .. table.concat(fields, ",") .. "}"
end

-- ---- the run ----------------------------------------------------------------------------------------------------

local script = arg[1] or error("usage: lua5.1 health-harness.lua health.lua < object.json")
local object = decode(io.read("*a"))
local chunk, loadError = loadfile(script)
if chunk == nil then
  io.stderr:write(loadError, "\n")
  os.exit(1)
end
local sandbox = {
  obj = object,
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, print = print,
  rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, setmetatable = setmetatable,
  getmetatable = getmetatable, tonumber = tonumber, tostring = tostring, type = type, unpack = unpack,
  xpcall = xpcall, table = table, os = { time = os.time, date = os.date, clock = os.clock },
}
sandbox._G = sandbox
setfenv(chunk, sandbox)
local stringMethods = getmetatable("").__index
getmetatable("").__index = nil
local ok, answer = pcall(chunk)
getmetatable("").__index = stringMethods
if not ok then
  io.stderr:write("the health check failed: ", tostring(answer), "\n")
  os.exit(1)
end
if type(answer) ~= "table" then
  io.stderr:write("the health check returned ", type(answer), ", not a table\n")
  os.exit(1)
end
local codes = { Healthy = true, Progressing = true, Degraded = true, Suspended = true, Missing = true, Unknown = true }
if not codes[answer.status] then
  answer = { status = "Unknown", message = "Lua returned an invalid health status" }
end
print(encode(answer))
