-- Argo CD health of a DevContainerBuildPolicy (dcbuild.io), read from what the operator writes:
-- status.observedGeneration, the kstatus conditions Ready, Reconciling and Stalled (exactly one of them is True), and
-- RetentionSucceeded, the result of the last cache retention run.
--   Progressing  no status yet, or a status of an older generation; Reconciling=True (a failed reconcile is
--                retried)
--   Degraded     Stalled=True (the policy is invalid, and holds its builds); Ready=True but the last cache
--                retention run for this generation failed
--   Healthy      Ready=True otherwise
-- A retention failure of an older generation is not held against the current one: the policy may have been fixed
-- since, and its next run tells. Nothing here is Suspended: `retention.enabled: false` and `dryRun: true` are
-- settings a policy is applied with, not a pause.
-- Written for Argo CD's Lua (5.1, and without the string library in argocd-cm scripts).
local health = { status = "Progressing", message = "waiting for the operator to report on this policy" }
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
local retention = conditions.RetentionSucceeded
if holds("Stalled") then
  health.status = "Degraded"
  health.message = told(conditions.Stalled)
elseif holds("Reconciling") then
  health.message = told(conditions.Reconciling)
elseif holds("Ready") then
  if retention ~= nil and retention.status == "False"
      and (retention.observedGeneration == nil or retention.observedGeneration == status.observedGeneration) then
    health.status = "Degraded"
    health.message = "cache retention failed: " .. told(retention)
  else
    health.status = "Healthy"
    health.message = told(conditions.Ready)
  end
elseif conditions.Ready ~= nil and conditions.Ready.status == "False" then
  -- not ready, and the operator says it is neither working on it nor stuck: no sign that it will heal
  health.status = "Degraded"
  health.message = told(conditions.Ready)
end
return health
