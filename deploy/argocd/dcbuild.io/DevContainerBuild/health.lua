-- Argo CD health of a DevContainerBuild (dcbuild.io), read from what the operator writes: status.observedGeneration
-- and the kstatus conditions Ready, Reconciling and Stalled (exactly one of them is True).
--   Progressing  no status yet, or a status of an older generation; Reconciling=True (probing, building,
--                verifying, retrying after an error that may heal by itself)
--   Degraded     Stalled=True (bad input, a build refused by its policy, a failed build)
--   Healthy      Ready=True
-- Nothing here is Suspended: a build has no pause, and what waits for a person (a stalled or failed build) is
-- Degraded.
-- Written for Argo CD's Lua (5.1, and without the string library in argocd-cm scripts).
local health = { status = "Progressing", message = "waiting for the operator to report on this build" }
local status = obj.status
if status == nil or status.observedGeneration == nil or status.conditions == nil then
  return health
end
local generation = obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= generation then
  health.message = "waiting for the operator to observe generation " .. generation
    .. " (the status is for generation " .. status.observedGeneration .. ")"
  return health
end
local conditions = {}
for _, condition in ipairs(status.conditions) do
  conditions[condition.type] = condition
end
local function holds(type)
  return conditions[type] ~= nil and conditions[type].status == "True"
end
local function told(condition)
  local reason = condition.reason or condition.type
  if condition.message == nil or condition.message == "" then
    return reason
  end
  return reason .. ": " .. condition.message
end
if holds("Stalled") then
  health.status = "Degraded"
  health.message = told(conditions.Stalled)
elseif holds("Reconciling") then
  health.message = told(conditions.Reconciling)
elseif holds("Ready") then
  health.status = "Healthy"
  health.message = told(conditions.Ready)
elseif conditions.Ready ~= nil and conditions.Ready.status == "False" then
  -- not ready, and the operator says it is neither working on it nor stuck: no sign that it will heal
  health.status = "Degraded"
  health.message = told(conditions.Ready)
end
return health
